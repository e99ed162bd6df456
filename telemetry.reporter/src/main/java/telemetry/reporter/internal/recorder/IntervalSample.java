package telemetry.reporter.internal.recorder;

import java.util.Arrays;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.WireFormat;

/**
 * The figures of all slots over one interval, as {@link SlotRecorder#swapInterval} leaves them.
 * Owned by one reader and reused every interval: nothing is allocated per swap. Durations are kept
 * in nanoseconds; the getters the encoder uses answer seconds.
 */
public final class IntervalSample {

    long startNanos;
    long endNanos;
    int slotCount;
    int threadsStarted;
    int threadsActive;
    long requestCount;
    final long[] statusClasses = new long[5];
    long busyNanos;
    long inputBytes;
    long inputReads;
    long outputBytes;
    long outputWrites;
    final long[] phaseSumNanos = new long[SlotAccumulator.PHASES];
    final long[] phaseMinNanos = new long[SlotAccumulator.PHASES];
    final long[] phaseMaxNanos = new long[SlotAccumulator.PHASES];
    final long[][] phaseBuckets = new long[SlotAccumulator.PHASES][LatencyBuckets.COUNT];
    final int[] slotCompleted = new int[WireFormat.MAX_SLOTS];
    final double[] slotBusy = new double[WireFormat.MAX_SLOTS];
    final double[] slotCpu = new double[WireFormat.MAX_SLOTS];
    final double[] slotCurrentElapsed = new double[WireFormat.MAX_SLOTS];
    final double[] slotMaxDuration = new double[WireFormat.MAX_SLOTS];

    void reset(int slots, long start, long end) {
        startNanos = start;
        endNanos = end;
        slotCount = slots;
        threadsStarted = 0;
        threadsActive = 0;
        requestCount = 0;
        Arrays.fill(statusClasses, 0);
        busyNanos = 0;
        inputBytes = 0;
        inputReads = 0;
        outputBytes = 0;
        outputWrites = 0;
        Arrays.fill(phaseSumNanos, 0);
        Arrays.fill(phaseMinNanos, Long.MAX_VALUE);
        Arrays.fill(phaseMaxNanos, 0);
        for (long[] b : phaseBuckets) {
            Arrays.fill(b, 0);
        }
        Arrays.fill(slotCompleted, 0, slots, 0);
        Arrays.fill(slotBusy, 0, slots, 0);
        Arrays.fill(slotCpu, 0, slots, 0);
        Arrays.fill(slotCurrentElapsed, 0, slots, 0);
        Arrays.fill(slotMaxDuration, 0, slots, 0);
    }

    /**
     * Adds one slot's interval figures; per-slot arrays only for a reported slot (index ≥ 0).
     * {@code currentElapsedNanos} is negative when the slot is idle at the end of the interval.
     */
    void add(SlotAccumulator a, int index, long inFlightTailNanos, long currentElapsedNanos) {
        long busy = a.busyNanos + inFlightTailNanos;
        if (index >= 0) {
            busyNanos += busy;
            slotBusy[index] = busy / 1e9;
            slotCurrentElapsed[index] = Math.max(0, currentElapsedNanos) / 1e9;
            if (a.completed > 0 || currentElapsedNanos >= 0) {
                threadsActive++;
            }
        }
        if (a.completed == 0) {
            return;
        }
        requestCount += a.completed;
        for (int i = 0; i < 5; i++) {
            statusClasses[i] += a.statusClasses[i];
        }
        inputBytes += a.inputBytes;
        inputReads += a.inputReads;
        outputBytes += a.outputBytes;
        outputWrites += a.outputWrites;
        for (int p = 0; p < SlotAccumulator.PHASES; p++) {
            int at = p * 3;
            phaseSumNanos[p] += a.phaseStats[at + SlotAccumulator.SUM];
            phaseMinNanos[p] = Math.min(phaseMinNanos[p], a.phaseStats[at + SlotAccumulator.MIN]);
            phaseMaxNanos[p] = Math.max(phaseMaxNanos[p], a.phaseStats[at + SlotAccumulator.MAX]);
            long[] into = phaseBuckets[p];
            for (int i = 0; i < LatencyBuckets.COUNT; i++) {
                into[i] += a.buckets[SlotAccumulator.bucket(p, i)];
            }
        }
        if (index >= 0) {
            slotCompleted[index] = (int) Math.min(Integer.MAX_VALUE, a.completed);
            slotMaxDuration[index] = a.maxDurationNanos / 1e9;
        }
    }

    /** {@link System#nanoTime()} at the start of the interval. */
    public long startNanos() {
        return startNanos;
    }

    /** {@link System#nanoTime()} at the end of the interval (the swap). */
    public long endNanos() {
        return endNanos;
    }

    /** Measured length of the interval in seconds. */
    public double periodSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Slots reported: the length of the per-slot arrays. */
    public int slotCount() {
        return slotCount;
    }

    public int threadsStarted() {
        return threadsStarted;
    }

    public int threadsActive() {
        return threadsActive;
    }

    public long requestCount() {
        return requestCount;
    }

    /** Completed requests of status class {@code hundreds} (1–5). */
    public long statusClass(int hundreds) {
        return statusClasses[hundreds - 1];
    }

    /** Busy slot-seconds of the reported slots, in-flight tails included. */
    public double busySeconds() {
        return busyNanos / 1e9;
    }

    /** Busy slot-seconds over period × slots; 0 for an empty period. */
    public double capacityUtilization() {
        double period = periodSeconds();
        return period > 0 && slotCount > 0 ? busySeconds() / (period * slotCount) : 0.0;
    }

    /** Completed requests per second; 0 for an empty period. */
    public double throughput() {
        double period = periodSeconds();
        return period > 0 ? requestCount / period : 0.0;
    }

    public long inputBytes() {
        return inputBytes;
    }

    public long inputReads() {
        return inputReads;
    }

    public long outputBytes() {
        return outputBytes;
    }

    public long outputWrites() {
        return outputWrites;
    }

    /** Mean seconds of phase {@code p} (index into {@link telemetry.wire.Phase#REPORTED}); 0 when idle. */
    public double phaseMean(int p) {
        return requestCount == 0 ? 0.0 : phaseSumNanos[p] / 1e9 / requestCount;
    }

    /** Exact minimum in seconds; meaningful only when {@link #requestCount()} is positive. */
    public double phaseMin(int p) {
        return requestCount == 0 ? Double.NaN : phaseMinNanos[p] / 1e9;
    }

    public double phaseMax(int p) {
        return requestCount == 0 ? Double.NaN : phaseMaxNanos[p] / 1e9;
    }

    /** The 65 bucket counts of phase {@code p}: the sample's own array, do not modify. */
    public long[] phaseBuckets(int p) {
        return phaseBuckets[p];
    }

    /** Per-slot arrays (length ≥ {@link #slotCount()}): the sample's own, do not modify. */
    public int[] slotCompleted() {
        return slotCompleted;
    }

    public double[] slotBusy() {
        return slotBusy;
    }

    public double[] slotCpu() {
        return slotCpu;
    }

    public double[] slotCurrentElapsed() {
        return slotCurrentElapsed;
    }

    public double[] slotMaxDuration() {
        return slotMaxDuration;
    }
}
