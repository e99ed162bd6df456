package telemetry.ingester.store;

import java.util.Arrays;
import telemetry.wire.LatencyBuckets;

/**
 * The garbage-collection part of a time bin or a merged window: gc_snapshot records (the wall time
 * they close, the heap pools they report, events dropped by the reporter's per-tick cap) and
 * gc_event records (pauses, pause seconds, bytes reclaimed and the longest pause per class, and the
 * 65-bucket histogram of every pause's duration). Merges exactly, like {@link WindowAccumulator}.
 * A compact accumulator (a time bin of one process) keeps its histogram in ints. Not thread-safe:
 * owned by the store's thread.
 */
public final class GcAccumulator {

    /** Pause classes (wire-format.md): 0 young, 1 mixed/concurrent, 2 full. */
    public static final int CLASSES = 3;
    /** Heap pool roles of gc_count0..2 / gc_threshold0..2: eden, survivor, old. */
    public static final int POOLS = 3;

    private final boolean compact;
    int snapshots;
    double wallSeconds;
    long droppedEvents;
    final long[] pauses = new long[CLASSES];
    final double[] pauseSeconds = new double[CLASSES];
    final long[] collected = new long[CLASSES];
    final double[] maxPause = new double[CLASSES];
    long[] buckets;
    int[] compactBuckets;
    /** Heap pools of the latest snapshot (a process) or the sum of its processes' latest (a group). */
    final long[] heapUsed = new long[POOLS];

    final long[] heapCommitted = new long[POOLS];
    double heapAt = Double.NEGATIVE_INFINITY;
    /** Processes merged (0 for a process window). */
    int processes;
    /** A group: the sum over its processes of each one's pauses and bytes reclaimed per second, per class (null in a bin). */
    double[] pausesRateSum;

    double[] collectedRateSum;

    GcAccumulator(boolean compact) {
        this.compact = compact;
        Arrays.fill(maxPause, Double.NaN);
    }

    void reset() {
        snapshots = 0;
        wallSeconds = 0;
        droppedEvents = 0;
        Arrays.fill(pauses, 0);
        Arrays.fill(pauseSeconds, 0);
        Arrays.fill(collected, 0);
        Arrays.fill(maxPause, Double.NaN);
        Histograms.clear(buckets, compactBuckets);
        Arrays.fill(heapUsed, 0);
        Arrays.fill(heapCommitted, 0);
        heapAt = Double.NEGATIVE_INFINITY;
        processes = 0;
        if (pausesRateSum != null) {
            Arrays.fill(pausesRateSum, 0);
            Arrays.fill(collectedRateSum, 0);
        }
    }

    /** Adds a gc_snapshot received at {@code now} that closes {@code wall} seconds of the process's time. */
    void addSnapshot(double wall, long[] used, long[] committed, long dropped, double now) {
        snapshots++;
        wallSeconds += wall;
        droppedEvents += dropped;
        if (now >= heapAt) {
            System.arraycopy(used, 0, heapUsed, 0, POOLS);
            System.arraycopy(committed, 0, heapCommitted, 0, POOLS);
            heapAt = now;
        }
    }

    /** Adds one pause of class {@code generation} (0..2). */
    void addPause(int generation, double seconds, long reclaimed) {
        pauses[generation]++;
        pauseSeconds[generation] += seconds;
        collected[generation] += reclaimed;
        if (!(seconds <= maxPause[generation])) {
            maxPause[generation] = seconds; // NaN compares false: the first pause sets it
        }
        int bucket = LatencyBuckets.index(seconds);
        if (compact) {
            if (compactBuckets == null) {
                compactBuckets = new int[LatencyBuckets.COUNT];
            }
            compactBuckets[bucket]++;
        } else {
            if (buckets == null) {
                buckets = new long[LatencyBuckets.COUNT];
            }
            buckets[bucket]++;
        }
    }

    /** Merges a bin of the same process. */
    void mergeBin(GcAccumulator o) {
        if (compact) {
            throw new IllegalStateException("merge into a wide accumulator");
        }
        snapshots += o.snapshots;
        wallSeconds += o.wallSeconds;
        droppedEvents += o.droppedEvents;
        for (int g = 0; g < CLASSES; g++) {
            pauses[g] += o.pauses[g];
            pauseSeconds[g] += o.pauseSeconds[g];
            collected[g] += o.collected[g];
            if (!(o.maxPause[g] <= maxPause[g])) {
                maxPause[g] = Double.isNaN(o.maxPause[g]) ? maxPause[g] : o.maxPause[g];
            }
        }
        buckets = Histograms.addInto(buckets, o.buckets, o.compactBuckets);
        if (o.snapshots > 0 && o.heapAt >= heapAt) {
            System.arraycopy(o.heapUsed, 0, heapUsed, 0, POOLS);
            System.arraycopy(o.heapCommitted, 0, heapCommitted, 0, POOLS);
            heapAt = o.heapAt;
        }
    }

    /**
     * Merges a whole process window into a group window: counts and seconds add up, and so do the
     * processes' latest heap pools (a group's heap is the sum of its JVMs' heaps).
     */
    void mergeProcess(GcAccumulator o) {
        long[] used = heapUsed.clone();
        long[] committed = heapCommitted.clone();
        mergeBin(o);
        for (int p = 0; p < POOLS; p++) {
            heapUsed[p] = used[p] + (o.snapshots > 0 ? o.heapUsed[p] : 0);
            heapCommitted[p] = committed[p] + (o.snapshots > 0 ? o.heapCommitted[p] : 0);
        }
        if (pausesRateSum == null) {
            pausesRateSum = new double[CLASSES];
            collectedRateSum = new double[CLASSES];
        }
        for (int g = 0; g < CLASSES; g++) {
            pausesRateSum[g] += o.pausesPerSecond(g);
            collectedRateSum[g] += o.collectedPerSecond(g);
        }
        processes++;
    }

    /** True when nothing was added since the last reset. */
    boolean empty() {
        if (snapshots > 0) {
            return false;
        }
        for (long n : pauses) {
            if (n > 0) {
                return false;
            }
        }
        return true;
    }

    public int snapshots() {
        return snapshots;
    }

    /** Seconds of the process's (a group: its processes') time closed by the snapshots. */
    public double wallSeconds() {
        return wallSeconds;
    }

    public long droppedEvents() {
        return droppedEvents;
    }

    public long pauses(int generation) {
        return pauses[generation];
    }

    public double pauseSeconds(int generation) {
        return pauseSeconds[generation];
    }

    public long collected(int generation) {
        return collected[generation];
    }

    /** The longest pause of the class, NaN when none. */
    public double maxPause(int generation) {
        return maxPause[generation];
    }

    /** Pauses of the class per second of wall time (a group: the sum of its processes' rates); 0 without wall time. */
    public double pausesPerSecond(int generation) {
        if (processes > 0) {
            return pausesRateSum[generation];
        }
        return wallSeconds > 0 ? pauses[generation] / wallSeconds : 0.0;
    }

    /** Bytes reclaimed by the class per second of wall time (a group: the sum of its processes' rates). */
    public double collectedPerSecond(int generation) {
        if (processes > 0) {
            return collectedRateSum[generation];
        }
        return wallSeconds > 0 ? collected[generation] / wallSeconds : 0.0;
    }

    /** Seconds stopped by the class over wall seconds (a group: over its processes' wall seconds); 0 without wall time. */
    public double pauseShare(int generation) {
        return wallSeconds > 0 ? pauseSeconds[generation] / wallSeconds : 0.0;
    }

    public long heapUsed(int pool) {
        return heapUsed[pool];
    }

    public long heapCommitted(int pool) {
        return heapCommitted[pool];
    }

    public int processes() {
        return processes;
    }

    /** The histogram of every pause's duration (65 counts). A copy. */
    public long[] buckets() {
        return Histograms.copy(buckets, compactBuckets);
    }
}
