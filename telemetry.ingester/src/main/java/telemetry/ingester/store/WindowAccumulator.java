package telemetry.ingester.store;

import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;

/**
 * Everything the aggregates need from the periodic samples of one time bin, or of a whole window
 * once bins (and processes) are merged. Rates are kept as totals (requests, CPU seconds, busy
 * slot-seconds) so that merging is exact and the rate is computed once at the end.
 * Not thread-safe: owned by the store's thread.
 */
public final class WindowAccumulator {

    static final int PHASES = Phase.values().length;

    long bin = Long.MIN_VALUE;
    int samples;
    double periodSeconds;
    long requests;
    final long[] status = new long[5];
    double cpuSeconds;
    double cpuUserSeconds;
    double cpuSystemSeconds;
    double busySlotSeconds;
    double slotSeconds;
    long rssLatest;
    double rssLatestAt = Double.NEGATIVE_INFINITY;
    long rssMax;
    /** Sum over processes of each one's throughput (requests / its own sampled seconds). */
    double throughputSum;
    /** Sum over processes of each one's CPU utilisation; likewise user and system. */
    double cpuSum;

    double cpuUserSum;
    double cpuSystemSum;
    /** Sum over processes of each one's latest RSS. */
    long rssSum;

    int processes;
    final PhaseAccumulator[] phases = new PhaseAccumulator[PHASES];
    /** Garbage collection, allocated when the first GC record of the bin (or window) arrives. */
    GcAccumulator gc;

    void reset(long newBin) {
        bin = newBin;
        samples = 0;
        periodSeconds = 0;
        requests = 0;
        java.util.Arrays.fill(status, 0);
        cpuSeconds = cpuUserSeconds = cpuSystemSeconds = 0;
        busySlotSeconds = slotSeconds = 0;
        rssLatest = 0;
        rssLatestAt = Double.NEGATIVE_INFINITY;
        rssMax = 0;
        throughputSum = cpuSum = cpuUserSum = cpuSystemSum = 0;
        rssSum = 0;
        processes = 0;
        for (PhaseAccumulator p : phases) {
            if (p != null) {
                p.reset();
            }
        }
        if (gc != null) {
            gc.reset();
        }
    }

    /** The GC accumulator of this bin, allocated on first use. */
    GcAccumulator gcBin() {
        if (gc == null) {
            gc = new GcAccumulator(true);
        }
        return gc;
    }

    private GcAccumulator gcWide() {
        if (gc == null) {
            gc = new GcAccumulator(false);
        }
        return gc;
    }

    /** Adds one periodic sample received at {@code now} (epoch seconds). */
    void add(SampleFacts f, double now) {
        samples++;
        periodSeconds += f.period;
        requests += f.requests;
        for (int i = 0; i < 5; i++) {
            status[i] += f.status[i];
        }
        cpuSeconds += f.cpu * f.period;
        cpuUserSeconds += f.cpuUser * f.period;
        cpuSystemSeconds += f.cpuSystem * f.period;
        busySlotSeconds += f.capacity * f.period * f.slots;
        slotSeconds += f.period * f.slots;
        if (f.rss >= 0 && now >= rssLatestAt) {
            rssLatest = f.rss;
            rssLatestAt = now;
        }
        rssMax = Math.max(rssMax, Math.max(f.rss, f.maxRss));
        f.addPhases(phases, true);
    }

    /** Merges bins of the same process (rates stay totals). */
    void mergeBin(WindowAccumulator o) {
        if (o.gc != null && !o.gc.empty()) {
            gcWide().mergeBin(o.gc);
        }
        mergeRequests(o);
    }

    private void mergeRequests(WindowAccumulator o) {
        samples += o.samples;
        periodSeconds += o.periodSeconds;
        requests += o.requests;
        for (int i = 0; i < 5; i++) {
            status[i] += o.status[i];
        }
        cpuSeconds += o.cpuSeconds;
        cpuUserSeconds += o.cpuUserSeconds;
        cpuSystemSeconds += o.cpuSystemSeconds;
        busySlotSeconds += o.busySlotSeconds;
        slotSeconds += o.slotSeconds;
        if (o.rssLatestAt >= rssLatestAt && o.samples > 0) {
            rssLatest = o.rssLatest;
            rssLatestAt = o.rssLatestAt;
        }
        rssMax = Math.max(rssMax, o.rssMax);
        for (int i = 0; i < PHASES; i++) {
            if (o.phases[i] != null && o.phases[i].used) {
                if (phases[i] == null) {
                    phases[i] = new PhaseAccumulator();
                }
                phases[i].merge(o.phases[i]);
            }
        }
    }

    /** Merges a whole process window into a group window: per-process rates add up (GC too, see {@link GcAccumulator#mergeProcess}). */
    void mergeProcess(WindowAccumulator o) {
        if (o.gc != null && !o.gc.empty()) {
            gcWide().mergeProcess(o.gc);
        }
        if (o.samples == 0) {
            return;
        }
        mergeRequests(o);
        processes++;
        throughputSum += o.throughput();
        cpuSum += o.cpuUtilization();
        cpuUserSum += o.cpuUserUtilization();
        cpuSystemSum += o.cpuSystemUtilization();
        rssSum += o.rssLatest;
    }

    private boolean isGroup() {
        return processes > 0;
    }

    public int samples() {
        return samples;
    }

    /** Seconds covered by the samples (the sum of their sample periods). */
    public double periodSeconds() {
        return periodSeconds;
    }

    public long requests() {
        return requests;
    }

    /** Completed requests per status class, 1xx to 5xx. */
    public long status(int classIndex) {
        return status[classIndex];
    }

    /** Requests per second (a group: the sum of its processes' rates). */
    public double throughput() {
        if (isGroup()) {
            return throughputSum;
        }
        return periodSeconds > 0 ? requests / periodSeconds : 0.0;
    }

    /** Busy slot-seconds over available slot-seconds, 0..1. */
    public double capacityUtilization() {
        return slotSeconds > 0 ? busySlotSeconds / slotSeconds : 0.0;
    }

    /** CPU cores used on average (a group: the sum over its processes). */
    public double cpuUtilization() {
        return isGroup() ? cpuSum : periodSeconds > 0 ? cpuSeconds / periodSeconds : 0.0;
    }

    public double cpuUserUtilization() {
        return isGroup() ? cpuUserSum : periodSeconds > 0 ? cpuUserSeconds / periodSeconds : 0.0;
    }

    public double cpuSystemUtilization() {
        return isGroup() ? cpuSystemSum : periodSeconds > 0 ? cpuSystemSeconds / periodSeconds : 0.0;
    }

    /** Latest resident set size (a group: the sum of its processes' latest). */
    public long memoryRss() {
        return isGroup() ? rssSum : rssLatest;
    }

    /** Largest RSS (or peak RSS reported) of any sample in the window. */
    public long memoryMaxRss() {
        return rssMax;
    }

    /** Processes merged into a group window (0 for a process window). */
    public int processes() {
        return processes;
    }

    /** Garbage collection over the bin or window, or null when no GC record arrived in it. */
    public GcAccumulator gc() {
        return gc != null && !gc.empty() ? gc : null;
    }

    /** The phase's accumulator, or null when no sample reported the phase. */
    public PhaseAccumulator phase(Phase phase) {
        PhaseAccumulator p = phases[phase.ordinal()];
        return p != null && p.used ? p : null;
    }

    /**
     * What one periodic datagram says, read once and then added to every bin and total that needs
     * it (field lookups are the expensive part of a sample).
     */
    static final class SampleFacts {
        private static final Phase[] ALL_PHASES = Phase.values();
        private static final Field[] CLASSES = {
            Field.STATUS_1XX_TOTAL,
            Field.STATUS_2XX_TOTAL,
            Field.STATUS_3XX_TOTAL,
            Field.STATUS_4XX_TOTAL,
            Field.STATUS_5XX_TOTAL
        };

        final double period;
        final long requests;
        final long[] status = new long[5];
        final double capacity;
        final double slots;
        final double cpu;
        final double cpuUser;
        final double cpuSystem;
        final long rss;
        final long maxRss;
        /** Per phase: reported at all, mean, min, max, histogram (null if absent or malformed). */
        final boolean[] phasePresent = new boolean[PHASES];

        final double[] phaseMean = new double[PHASES];
        final double[] phaseMin = new double[PHASES];
        final double[] phaseMax = new double[PHASES];
        /** The non-zero buckets of each phase's histogram: indexes and counts (most are zero). */
        final int[][] phaseNonZeroIndex = new int[PHASES][];

        final int[][] phaseNonZeroCount = new int[PHASES][];

        SampleFacts(Datagram d, double defaultPeriod) {
            double p = d.doubleValue(Field.SAMPLE_PERIOD, defaultPeriod);
            period = Double.isFinite(p) && p > 0 ? p : defaultPeriod;
            requests = nonNegative(d.longValue(Field.REQUEST_COUNT, 0));
            for (int i = 0; i < 5; i++) {
                status[i] = nonNegative(d.longValue(CLASSES[i], 0));
            }
            capacity = finite(d.doubleValue(Field.CAPACITY_UTILIZATION, 0));
            long max = d.longValue(Field.REQUEST_THREADS_MAXIMUM, 0);
            slots = max > 0 ? max : 1;
            double user = finite(d.doubleValue(Field.CPU_USER_UTILIZATION, 0));
            double system = finite(d.doubleValue(Field.CPU_SYSTEM_UTILIZATION, 0));
            cpuUser = user;
            cpuSystem = system;
            cpu = finite(d.doubleValue(Field.CPU_UTILIZATION, user + system));
            rss = nonNegative(d.longValue(Field.MEMORY_RSS, 0));
            maxRss = nonNegative(d.longValue(Field.MEMORY_MAX_RSS, 0));
            for (Phase phase : ALL_PHASES) {
                int i = phase.ordinal();
                int[] histogram = d.intArray(phase.buckets());
                boolean hasMean = d.has(phase.mean());
                if (!hasMean && histogram == null) {
                    continue;
                }
                phasePresent[i] = true;
                phaseMean[i] = d.doubleValue(phase.mean(), Double.NaN);
                phaseMin[i] = d.doubleValue(phase.min(), Double.POSITIVE_INFINITY);
                phaseMax[i] = d.doubleValue(phase.max(), Double.NEGATIVE_INFINITY);
                if (histogram != null && histogram.length == LatencyBuckets.COUNT) {
                    // A count below zero is no count (a corrupt datagram): it must not subtract from
                    // the merged histograms, whose buckets Prometheus requires to be non-negative.
                    int nonZero = 0;
                    for (int c : histogram) {
                        if (c > 0) {
                            nonZero++;
                        }
                    }
                    int[] index = new int[nonZero];
                    int[] count = new int[nonZero];
                    for (int b = 0, k = 0; b < LatencyBuckets.COUNT; b++) {
                        if (histogram[b] > 0) {
                            index[k] = b;
                            count[k++] = histogram[b];
                        }
                    }
                    phaseNonZeroIndex[i] = index;
                    phaseNonZeroCount[i] = count;
                }
            }
        }

        /**
         * Adds the reported phases into {@code target}, allocating accumulators on first use
         * ({@code compact} ones for the time bins of one process).
         */
        void addPhases(PhaseAccumulator[] target, boolean compact) {
            for (int i = 0; i < PHASES; i++) {
                if (!phasePresent[i]) {
                    continue;
                }
                PhaseAccumulator acc = target[i];
                if (acc == null) {
                    acc = target[i] = new PhaseAccumulator(compact);
                }
                acc.add(requests, phaseMean[i], phaseMin[i], phaseMax[i], phaseNonZeroIndex[i], phaseNonZeroCount[i]);
            }
        }

        /**
         * The p-quantile of a phase's histogram in this sample, 0 if it has none: the algorithm of
         * {@link LatencyBuckets#percentile(long[], double)} over the non-zero buckets only.
         */
        double percentile(Phase phase, double p) {
            int[] index = phaseNonZeroIndex[phase.ordinal()];
            if (index == null || index.length == 0) {
                return 0.0;
            }
            int[] count = phaseNonZeroCount[phase.ordinal()];
            long total = 0;
            for (int c : count) {
                total += c;
            }
            double target = total * p;
            long cumulative = 0;
            for (int k = 0; k < index.length; k++) {
                long c = count[k];
                if (c > 0 && cumulative + c >= target) {
                    int i = index[k];
                    if (i == LatencyBuckets.OVERFLOW) {
                        return LatencyBuckets.lowerBound(i);
                    }
                    double lo = LatencyBuckets.lowerBound(i);
                    return lo + (target - cumulative) / c * (LatencyBuckets.upperBound(i) - lo);
                }
                cumulative += c;
            }
            return 0.0;
        }

        private static long nonNegative(long v) {
            return v < 0 ? 0 : v;
        }

        private static double finite(double v) {
            return Double.isFinite(v) ? v : 0.0;
        }
    }
}
