package telemetry.wire;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A full periodic sample (kind 2) as our reporter sends it: identity, sampling configuration,
 * rates, CPU, memory, slots, the five reported phases with mean/min/max/histogram, I/O, the five
 * status classes and the five per-slot arrays. Values are deterministic per seed; the field order is
 * {@link RecordWriter}'s.
 */
final class PeriodicSampleFixture implements ProcessIdentity, PeriodicSample {

    private final int slots;
    private final double[] means = new double[Phase.values().length];
    private final double[] mins = new double[Phase.values().length];
    private final double[] maxes = new double[Phase.values().length];
    private final long[][] buckets = new long[Phase.values().length][LatencyBuckets.COUNT];
    private final int[] completed;
    private final double[][] perSlot;

    private PeriodicSampleFixture(int slots, long seed) {
        this.slots = slots;
        SplittableRandom random = new SplittableRandom(seed);
        for (Phase p : Phase.REPORTED) {
            means[p.ordinal()] = random.nextDouble() / 10;
            mins[p.ordinal()] = random.nextDouble() / 1000;
            maxes[p.ordinal()] = random.nextDouble() * 3;
            for (int i = 0; i < LatencyBuckets.COUNT; i++) {
                buckets[p.ordinal()][i] = random.nextInt(100);
            }
        }
        completed = new int[slots];
        for (int i = 0; i < slots; i++) {
            completed[i] = random.nextInt(50);
        }
        perSlot = new double[4][slots];
        for (double[] values : perSlot) {
            for (int i = 0; i < slots; i++) {
                values[i] = random.nextDouble();
            }
        }
    }

    private static final long[] STATUS_TOTALS = {0, 1200, 20, 10, 4};

    /** The values for {@code slots} slots and a seed, prepared once. */
    static PeriodicSampleFixture of(int slots, long seed) {
        return new PeriodicSampleFixture(slots, seed);
    }

    /** Writes the sample (pid 4242, seq 77) through {@code writer}. */
    ByteBuffer writeWith(RecordWriter writer) {
        return writer.periodic(this, 77, 1_764_064_803.25, this);
    }

    static ByteBuffer write(WireEncoder out, int slots, long seed) {
        return of(slots, seed).writeWith(new RecordWriter(out));
    }

    static byte[] bytes(int slots) {
        return SharedVectorsTest.bytes(write(new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM)), slots, 1));
    }

    static Datagram datagram(int slots) {
        try {
            return WireDecoder.decode(bytes(slots));
        } catch (MalformedDatagramException e) {
            throw new AssertionError(e);
        }
    }

    // ProcessIdentity

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
        return "app-host-1";
    }

    @Override
    public String processGroup() {
        return "shop";
    }

    @Override
    public long processParentPid() {
        return 4100;
    }

    // PeriodicSample

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
        return STATUS_TOTALS[hundreds - 1];
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
        return perSlot[0];
    }

    @Override
    public double[] requestThreadsCpuTime() {
        return perSlot[1];
    }

    @Override
    public double[] requestThreadsCurrentElapsed() {
        return perSlot[2];
    }

    @Override
    public double[] requestThreadsMaxDuration() {
        return perSlot[3];
    }
}
