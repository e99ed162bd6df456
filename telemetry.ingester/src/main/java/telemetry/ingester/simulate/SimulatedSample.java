package telemetry.ingester.simulate;

import java.util.Arrays;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.PeriodicSample;
import telemetry.wire.Phase;

/**
 * The values of one simulated periodic sample, as {@link telemetry.wire.RecordWriter#periodic} reads
 * them: a {@link SimulatedProcess} fills it each tick (so it is reused, its arrays included), and
 * the wire benchmark encodes one again and again. Not thread-safe.
 */
public final class SimulatedSample implements PeriodicSample {

    private static final int PHASES = Phase.values().length;

    double samplePeriod;
    double telemetryInterval;
    double slowRequestsThreshold;
    long requestCount;
    double requestThroughput;
    double capacityUtilization;
    double cpuUserUtilization;
    double cpuSystemUtilization;
    long memoryRss;
    long memoryMaxRss;
    long requestThreadsStarted;
    long requestThreadsActive;
    long inputBytesTotal;
    long inputReadsTotal;
    long outputBytesTotal;
    long outputWritesTotal;
    final double[] mean = new double[PHASES];
    final double[] min = new double[PHASES];
    final double[] max = new double[PHASES];
    final long[][] buckets = new long[PHASES][LatencyBuckets.COUNT];
    /** Responses per status class, index 0 for 1xx to 4 for 5xx. */
    final long[] statusTotals = new long[5];

    final int slots;
    final int[] completed;
    final double[] busyTime;
    final double[] cpuTime;
    final double[] currentElapsed;
    final double[] maxDuration;

    SimulatedSample(int slots) {
        this.slots = slots;
        completed = new int[slots];
        busyTime = new double[slots];
        cpuTime = new double[slots];
        currentElapsed = new double[slots];
        maxDuration = new double[slots];
    }

    /** Zeroes what a tick adds up (histograms, status classes, per-slot arrays). */
    void clear() {
        for (long[] b : buckets) {
            Arrays.fill(b, 0);
        }
        Arrays.fill(statusTotals, 0);
        Arrays.fill(completed, 0);
        Arrays.fill(busyTime, 0);
        Arrays.fill(cpuTime, 0);
        Arrays.fill(currentElapsed, 0);
        Arrays.fill(maxDuration, 0);
    }

    @Override
    public double samplePeriod() {
        return samplePeriod;
    }

    @Override
    public double telemetryInterval() {
        return telemetryInterval;
    }

    @Override
    public double slowRequestsThreshold() {
        return slowRequestsThreshold;
    }

    @Override
    public long requestCount() {
        return requestCount;
    }

    @Override
    public double requestThroughput() {
        return requestThroughput;
    }

    @Override
    public double capacityUtilization() {
        return capacityUtilization;
    }

    @Override
    public double cpuUserUtilization() {
        return cpuUserUtilization;
    }

    @Override
    public double cpuSystemUtilization() {
        return cpuSystemUtilization;
    }

    @Override
    public long memoryRss() {
        return memoryRss;
    }

    @Override
    public long memoryMaxRss() {
        return memoryMaxRss;
    }

    @Override
    public long requestThreadsMaximum() {
        return slots;
    }

    @Override
    public long requestThreadsStarted() {
        return requestThreadsStarted;
    }

    @Override
    public long requestThreadsActive() {
        return requestThreadsActive;
    }

    @Override
    public double mean(Phase phase) {
        return mean[phase.ordinal()];
    }

    @Override
    public double min(Phase phase) {
        return min[phase.ordinal()];
    }

    @Override
    public double max(Phase phase) {
        return max[phase.ordinal()];
    }

    @Override
    public long[] buckets(Phase phase) {
        return buckets[phase.ordinal()];
    }

    @Override
    public long inputBytesTotal() {
        return inputBytesTotal;
    }

    @Override
    public long inputReadsTotal() {
        return inputReadsTotal;
    }

    @Override
    public long outputBytesTotal() {
        return outputBytesTotal;
    }

    @Override
    public long outputWritesTotal() {
        return outputWritesTotal;
    }

    @Override
    public long statusTotal(int hundreds) {
        return statusTotals[hundreds - 1];
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public int[] requestThreadsCompleted() {
        return completed;
    }

    @Override
    public double[] requestThreadsBusyTime() {
        return busyTime;
    }

    @Override
    public double[] requestThreadsCpuTime() {
        return cpuTime;
    }

    @Override
    public double[] requestThreadsCurrentElapsed() {
        return currentElapsed;
    }

    @Override
    public double[] requestThreadsMaxDuration() {
        return maxDuration;
    }
}
