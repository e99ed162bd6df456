package telemetry.benchmarks.wire;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;
import telemetry.wire.ProcessIdentity;
import telemetry.wire.RecordWriter;
import telemetry.wire.WireEncoder;

/**
 * The values of one full periodic sample (kind 2) as the reporter holds them at a tick: identity
 * strings, the interval's rates, the five reported phases with mean/min/max and a 65-bucket
 * {@code long} histogram each, I/O, status classes and the five per-slot arrays. {@link #writeTo}
 * writes them through the {@link RecordWriter}, exactly as the reporter does.
 */
final class PeriodicSample implements ProcessIdentity, telemetry.wire.PeriodicSample {

    final int slots;
    final double[] means = new double[Phase.values().length];
    final double[] mins = new double[Phase.values().length];
    final double[] maxes = new double[Phase.values().length];
    final long[][] buckets = new long[Phase.values().length][LatencyBuckets.COUNT];
    final long[] statuses = new long[5];
    final int[] completed;
    final double[] busyTime;
    final double[] cpuTime;
    final double[] currentElapsed;
    final double[] maxDuration;

    PeriodicSample(int slots, long seed) {
        this.slots = slots;
        SplittableRandom random = new SplittableRandom(seed);
        for (Phase p : Phase.REPORTED) {
            means[p.ordinal()] = random.nextDouble() / 10;
            mins[p.ordinal()] = random.nextDouble() / 1000;
            maxes[p.ordinal()] = random.nextDouble() * 3;
            for (int i = 0; i < LatencyBuckets.COUNT; i++) {
                buckets[p.ordinal()][i] = random.nextInt(1000);
            }
        }
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = random.nextInt(1000);
        }
        completed = new int[slots];
        busyTime = new double[slots];
        cpuTime = new double[slots];
        currentElapsed = new double[slots];
        maxDuration = new double[slots];
        for (int i = 0; i < slots; i++) {
            completed[i] = random.nextInt(100);
            busyTime[i] = random.nextDouble();
            cpuTime[i] = random.nextDouble() / 2;
            currentElapsed[i] = random.nextDouble();
            maxDuration[i] = random.nextDouble() * 2;
        }
    }

    ByteBuffer writeTo(RecordWriter out, long seq, double stamp) {
        return out.periodic(this, seq, stamp, this);
    }

    ByteBuffer writeTo(WireEncoder out, long seq, double stamp) {
        return writeTo(new RecordWriter(out), seq, stamp);
    }

    @Override
    public long pid() {
        return 4242;
    }

    @Override
    public String modWsgiVersion() {
        return "1.0.0";
    }

    @Override
    public String pythonVersion() {
        return "17.0.15";
    }

    @Override
    public String apacheVersion() {
        return "Apache Felix/7.0.5";
    }

    @Override
    public String mpmName() {
        return "jetty";
    }

    @Override
    public String hostname() {
        return "app-host-1.example.org";
    }

    @Override
    public String processGroup() {
        return "shop";
    }

    @Override
    public long processParentPid() {
        return 4100;
    }

    @Override
    public double samplePeriod() {
        return 1.0013;
    }

    @Override
    public double telemetryInterval() {
        return 1.0;
    }

    @Override
    public double slowRequestsThreshold() {
        return 2.0;
    }

    @Override
    public long requestCount() {
        return 1234;
    }

    @Override
    public double requestThroughput() {
        return 1232.4;
    }

    @Override
    public double capacityUtilization() {
        return 0.42;
    }

    @Override
    public double cpuUserUtilization() {
        return 0.75;
    }

    @Override
    public double cpuSystemUtilization() {
        return 0.125;
    }

    @Override
    public long memoryRss() {
        return 268_435_456;
    }

    @Override
    public long memoryMaxRss() {
        return 301_989_888;
    }

    @Override
    public long requestThreadsMaximum() {
        return slots;
    }

    @Override
    public long requestThreadsStarted() {
        return slots;
    }

    @Override
    public long requestThreadsActive() {
        return slots / 2;
    }

    @Override
    public double mean(Phase phase) {
        return means[phase.ordinal()];
    }

    @Override
    public double min(Phase phase) {
        return mins[phase.ordinal()];
    }

    @Override
    public double max(Phase phase) {
        return maxes[phase.ordinal()];
    }

    @Override
    public long[] buckets(Phase phase) {
        return buckets[phase.ordinal()];
    }

    @Override
    public long inputBytesTotal() {
        return 123_456;
    }

    @Override
    public long inputReadsTotal() {
        return 789;
    }

    @Override
    public long outputBytesTotal() {
        return 9_876_543;
    }

    @Override
    public long outputWritesTotal() {
        return 4321;
    }

    @Override
    public long statusTotal(int hundreds) {
        return statuses[hundreds - 1];
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
