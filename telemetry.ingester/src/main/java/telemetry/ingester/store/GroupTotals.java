package telemetry.ingester.store;

import telemetry.wire.Phase;

/**
 * Lifetime counters of one process group, for Prometheus: they only grow, even when the group's
 * processes are removed (a counter must not go backwards). Guarded by the store's lock.
 */
public final class GroupTotals {

    final String name;
    final long[] status = new long[5];
    long requests;
    final PhaseAccumulator[] phases = new PhaseAccumulator[Phase.values().length];

    GroupTotals(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public long requests() {
        return requests;
    }

    public long status(int classIndex) {
        return status[classIndex];
    }

    /** The lifetime accumulator of a phase, or null when never reported. */
    public PhaseAccumulator phase(Phase phase) {
        return phases[phase.ordinal()];
    }
}
