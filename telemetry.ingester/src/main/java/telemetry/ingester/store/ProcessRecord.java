package telemetry.ingester.store;

import telemetry.ingester.model.ProcessState;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Phase;

/**
 * Everything the ingester keeps about one process. Mutated only by the store's writer under the
 * store's lock; read under the same lock.
 */
public final class ProcessRecord {

    /** History points kept over the retention period at most (plus one partial). */
    static final int HISTORY_POINTS = 600;

    private static final Field[] GC_COUNT = {Field.GC_COUNT0, Field.GC_COUNT1, Field.GC_COUNT2};
    private static final Field[] GC_THRESHOLD = {Field.GC_THRESHOLD0, Field.GC_THRESHOLD1, Field.GC_THRESHOLD2};

    private static final Field[] IDENTITY = {
        Field.MOD_WSGI_VERSION,
        Field.PYTHON_VERSION,
        Field.APACHE_VERSION,
        Field.MPM_NAME,
        Field.PROCESS_GROUP,
        Field.INTERPRETER_NAME
    };

    ProcessKey key;
    final String[] identity = new String[IDENTITY.length];
    long parentPid = -1;
    ProcessState state = ProcessState.RUNNING;
    double firstSeen;
    double lastSeen;
    /** Sequence number of the first datagram heard from this process, -1 before any. */
    long firstSeq = -1;

    long lastSeq;
    long requestsTotal;
    final long[] statusTotal = new long[5];
    long drops;
    double interval = Double.NaN;
    double slowThreshold = Double.NaN;
    double switchInterval = Double.NaN;
    double startedStamp = Double.NaN;
    String shutdownReason;
    long changed;
    Datagram latest;
    double latestReceived;
    final History history = new History(HISTORY_POINTS + 1);
    final SlidingWindows windows = new SlidingWindows();
    /** GC: the last gc_snapshot, its stamp and dropped-events count, and the pauses (null until the first GC record). */
    Datagram gcLatest;

    double gcLatestReceived = Double.NaN;
    double gcLastStamp = Double.NaN;
    long gcLastDropped;
    GcPauses gcPauses;

    ProcessRecord(ProcessKey key, double now) {
        this.key = key;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    void updateIdentity(Datagram d) {
        for (int i = 0; i < IDENTITY.length; i++) {
            String v = d.text(IDENTITY[i]);
            if (v != null) {
                identity[i] = v;
            }
        }
        if (d.has(Field.PROCESS_PARENT_PID)) {
            parentPid = d.longValue(Field.PROCESS_PARENT_PID, -1);
        }
    }

    /** Adds a periodic sample; returns what it said, for the group totals. */
    WindowAccumulator.SampleFacts addSample(Datagram d, double now, double retentionSeconds) {
        double configured = d.doubleValue(Field.TELEMETRY_INTERVAL, Double.NaN);
        if (Double.isFinite(configured) && configured > 0) {
            interval = configured;
        }
        slowThreshold = d.doubleValue(Field.SLOW_REQUESTS_THRESHOLD, slowThreshold);
        switchInterval = d.doubleValue(Field.SWITCH_INTERVAL, switchInterval);
        WindowAccumulator.SampleFacts facts = new WindowAccumulator.SampleFacts(d, intervalOrDefault());
        requestsTotal += facts.requests;
        for (int i = 0; i < 5; i++) {
            statusTotal[i] += facts.status[i];
        }
        windows.add(facts, now);
        latest = d;
        latestReceived = now;
        int rt = Phase.REQUEST_TIME.ordinal();
        history.add(
                now,
                Math.max(1.0, retentionSeconds / HISTORY_POINTS),
                facts,
                d.stamp(),
                facts.phasePresent[rt] ? facts.phaseMean[rt] : 0.0,
                facts.percentile(Phase.REQUEST_TIME, 0.95));
        trimSamples(now, retentionSeconds);
        return facts;
    }

    void trimSamples(double now, double retentionSeconds) {
        history.trim(now - retentionSeconds);
        if (gcPauses != null) {
            gcPauses.trim(now - retentionSeconds);
        }
    }

    /**
     * Adds a gc_snapshot: the wall time it closes (since the previous snapshot's stamp; the
     * reporting interval for the first, or when the stamps do not move forward), the heap pools
     * and the events the reporter dropped since the previous one, into every window's bin.
     *
     * @return the events dropped since the previous snapshot (field 317 is cumulative)
     */
    long addGcSnapshot(Datagram d, double now, int maxPauses) {
        gcPauses(maxPauses);
        double stamp = d.stamp();
        double wall = stamp - gcLastStamp;
        if (!(wall > 0) || !Double.isFinite(wall)) {
            wall = intervalOrDefault();
        }
        gcLastStamp = stamp;
        long[] used = new long[GcAccumulator.POOLS];
        long[] committed = new long[GcAccumulator.POOLS];
        for (int pool = 0; pool < GcAccumulator.POOLS; pool++) {
            used[pool] = Math.max(0, d.longValue(GC_COUNT[pool], 0));
            committed[pool] = Math.max(0, d.longValue(GC_THRESHOLD[pool], 0));
        }
        long dropped = Math.max(0, d.longValue(Field.GC_DROPPED_EVENTS, gcLastDropped));
        long newlyDropped = gcLatest == null ? dropped : Math.max(0, dropped - gcLastDropped);
        gcLastDropped = dropped;
        gcLatest = d;
        gcLatestReceived = now;
        for (int t = 0; t < SlidingWindows.TIERS; t++) {
            windows.bin(t, now).gcBin().addSnapshot(wall, used, committed, newlyDropped, now);
        }
        return newlyDropped;
    }

    /** Adds a pause (already checked) to the pause list and every window's bin; false for a duplicate. */
    boolean addGcPause(double start, double seconds, int generation, long collected, double now, int maxPauses) {
        if (!gcPauses(maxPauses).add(start, seconds, generation, collected)) {
            return false;
        }
        for (int t = 0; t < SlidingWindows.TIERS; t++) {
            windows.bin(t, now).gcBin().addPause(generation, seconds, collected);
        }
        return true;
    }

    private GcPauses gcPauses(int maxPauses) {
        if (gcPauses == null) {
            gcPauses = new GcPauses(maxPauses);
        }
        return gcPauses;
    }

    /** True once a GC record (kind 8 or 9) arrived from this process. */
    public boolean hasGc() {
        return gcPauses != null;
    }

    /** The last gc_snapshot, or null. */
    public Datagram gcLatest() {
        return gcLatest;
    }

    /** GC pauses kept (within the retention, at most the cap). */
    public int gcPausesKept() {
        return gcPauses == null ? 0 : gcPauses.size();
    }

    /** The configured reporting interval, 1 s until a sample says otherwise. */
    double intervalOrDefault() {
        return Double.isFinite(interval) ? interval : 1.0;
    }

    public ProcessKey key() {
        return key;
    }

    public long pid() {
        return key.pid();
    }

    public String hostname() {
        return key.hostname();
    }

    public String modWsgiVersion() {
        return identity[0];
    }

    public String pythonVersion() {
        return identity[1];
    }

    public String apacheVersion() {
        return identity[2];
    }

    public String mpmName() {
        return identity[3];
    }

    /** The process group, "" when none was reported. */
    public String processGroup() {
        return identity[4] == null ? "" : identity[4];
    }

    public String interpreterName() {
        return identity[5];
    }

    /** Parent pid, or -1 when not reported. */
    public long parentPid() {
        return parentPid;
    }

    public ProcessState state() {
        return state;
    }

    public double firstSeen() {
        return firstSeen;
    }

    public double lastSeen() {
        return lastSeen;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Requests counted from every periodic sample received from this process. */
    public long requestsTotal() {
        return requestsTotal;
    }

    public long statusTotal(int classIndex) {
        return statusTotal[classIndex];
    }

    /** Datagrams lost from this process (sequence gaps across all kinds). */
    public long drops() {
        return drops;
    }

    public double interval() {
        return interval;
    }

    public double slowThreshold() {
        return slowThreshold;
    }

    public double switchInterval() {
        return switchInterval;
    }

    /** Stamp of the process_started record, NaN if none was received. */
    public double startedStamp() {
        return startedStamp;
    }

    /** The last shutdown reason reported, or null. */
    public String shutdownReason() {
        return shutdownReason;
    }

    /** The last periodic sample, or null. */
    public Datagram latest() {
        return latest;
    }

    public double latestReceived() {
        return latestReceived;
    }

    /** History within the retention period, oldest first (live view: read under the store lock). */
    public History history() {
        return history;
    }

    /** Points in the history (at most about 600, see {@link History}). */
    public int historySize() {
        return history.size();
    }

    /** The window {@code index} (0 = 10 s, 1 = 1 min, 2 = 10 min) merged at {@code now}. */
    public WindowAccumulator window(int index, double now) {
        return windows.window(index, now);
    }

    /** All three windows at {@code now}, in index order. */
    public WindowAccumulator[] windows(double now) {
        WindowAccumulator[] all = new WindowAccumulator[SlidingWindows.WINDOW_SECONDS.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = windows.window(i, now);
        }
        return all;
    }

    /** Store version at which this record last changed. */
    public long changedVersion() {
        return changed;
    }
}
