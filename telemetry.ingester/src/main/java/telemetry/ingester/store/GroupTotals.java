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
    /** Lifetime GC pauses per class (0 young, 1 mixed, 2 full); null until the group's first GC record. */
    long[] gcPauses;

    double[] gcPauseSeconds;
    long[] gcCollected;
    long[][] gcBuckets;

    GroupTotals(String name) {
        this.name = name;
    }

    /** Counts one pause of class {@code generation}. */
    void addGcPause(int generation, double seconds, long collected) {
        gcSeen();
        gcPauses[generation]++;
        gcPauseSeconds[generation] += seconds;
        gcCollected[generation] += collected;
        gcBuckets[generation][telemetry.wire.LatencyBuckets.index(seconds)]++;
    }

    /** Marks the group as reporting GC (its counters are exported from then on, at 0 until a pause). */
    void gcSeen() {
        if (gcPauses == null) {
            gcPauses = new long[GcAccumulator.CLASSES];
            gcPauseSeconds = new double[GcAccumulator.CLASSES];
            gcCollected = new long[GcAccumulator.CLASSES];
            gcBuckets = new long[GcAccumulator.CLASSES][telemetry.wire.LatencyBuckets.COUNT];
        }
    }

    /** True once a GC record of one of the group's processes arrived. */
    public boolean hasGc() {
        return gcPauses != null;
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
