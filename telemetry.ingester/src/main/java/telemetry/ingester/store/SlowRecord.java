package telemetry.ingester.store;

import telemetry.wire.Datagram;
import telemetry.wire.Field;

/**
 * The latest report of one slow request. Mutated by the store's writer under the store's lock.
 */
public final class SlowRecord {

    final SlowKey key;
    Datagram latest;
    String processGroup;
    double firstHeard;
    double lastHeard;
    double completedAt = Double.NaN;
    long changed;
    /** The GC overlap, fixed once the record completed and its process's last pauses had time to arrive. */
    telemetry.ingester.model.GcOverlap settledGc;

    SlowRecord(SlowKey key, double now) {
        this.key = key;
        this.firstHeard = now;
    }

    public SlowKey key() {
        return key;
    }

    public long pid() {
        return key.pid();
    }

    /** True once a state-1 (completed) record arrived. */
    public boolean completed() {
        return latest.longValue(Field.SLOW_RECORD_STATE, 0) == 1;
    }

    /** The latest slow_request datagram for this request (all its fields). */
    public Datagram latest() {
        return latest;
    }

    public String processGroup() {
        return processGroup;
    }

    public double firstHeard() {
        return firstHeard;
    }

    public double lastHeard() {
        return lastHeard;
    }

    public long changedVersion() {
        return changed;
    }
}
