package telemetry.wire;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A full periodic sample (kind 2) as our reporter sends it: identity, sampling configuration,
 * rates, CPU, memory, slots, the five reported phases with mean/min/max/histogram, I/O, the five
 * status classes and the five per-slot arrays. Values are deterministic per seed; the field order is
 * {@link RecordWriter}'s. The records' components are the value interfaces' getters.
 */
final class PeriodicSampleFixture {

    private static final Identity PROCESS =
            new Identity(4242, "1.0.0", "17.0.15", "Apache Felix/7.0.5", "jetty", "app-host-1", "shop", 4100);

    /** The identity fields, each a component. */
    record Identity(
            long pid,
            String modWsgiVersion,
            String pythonVersion,
            String apacheVersion,
            String mpmName,
            String hostname,
            String processGroup,
            long processParentPid)
            implements ProcessIdentity {}

    /** The sample's values, each a component; the per-phase and per-class ones indexed. */
    record Values(
            double samplePeriod,
            double telemetryInterval,
            double slowRequestsThreshold,
            long requestCount,
            double requestThroughput,
            double capacityUtilization,
            double cpuUserUtilization,
            double cpuSystemUtilization,
            long memoryRss,
            long memoryMaxRss,
            long requestThreadsMaximum,
            long requestThreadsStarted,
            long requestThreadsActive,
            long inputBytesTotal,
            long inputReadsTotal,
            long outputBytesTotal,
            long outputWritesTotal,
            int slots,
            int[] requestThreadsCompleted,
            double[] requestThreadsBusyTime,
            double[] requestThreadsCpuTime,
            double[] requestThreadsCurrentElapsed,
            double[] requestThreadsMaxDuration,
            double[][] phaseValues,
            long[][] phaseBuckets,
            long[] statusTotals)
            implements PeriodicSample {

        @Override
        public double mean(Phase phase) {
            return phaseValues[0][phase.ordinal()];
        }

        @Override
        public double min(Phase phase) {
            return phaseValues[1][phase.ordinal()];
        }

        @Override
        public double max(Phase phase) {
            return phaseValues[2][phase.ordinal()];
        }

        @Override
        public long[] buckets(Phase phase) {
            return phaseBuckets[phase.ordinal()];
        }

        @Override
        public long statusTotal(int hundreds) {
            return statusTotals[hundreds - 1];
        }

        /** Writes the sample (pid 4242, seq 77) through {@code writer}. */
        ByteBuffer writeWith(RecordWriter writer) {
            return writer.periodic(PROCESS, 77, 1_764_064_803.25, this);
        }
    }

    private PeriodicSampleFixture() {}

    /** The values for {@code slots} slots and a seed, prepared once. */
    static Values of(int slots, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int phases = Phase.values().length;
        double[][] phaseValues = new double[3][phases];
        long[][] buckets = new long[phases][LatencyBuckets.COUNT];
        for (Phase p : Phase.REPORTED) {
            phaseValues[0][p.ordinal()] = random.nextDouble() / 10;
            phaseValues[1][p.ordinal()] = random.nextDouble() / 1000;
            phaseValues[2][p.ordinal()] = random.nextDouble() * 3;
            for (int i = 0; i < LatencyBuckets.COUNT; i++) {
                buckets[p.ordinal()][i] = random.nextInt(100);
            }
        }
        int[] completed = new int[slots];
        for (int i = 0; i < slots; i++) {
            completed[i] = random.nextInt(50);
        }
        double[][] perSlot = new double[4][slots];
        for (double[] values : perSlot) {
            for (int i = 0; i < slots; i++) {
                values[i] = random.nextDouble();
            }
        }
        return new Values(
                1.0013,
                1.0,
                2.0,
                1234,
                1232.4,
                0.42,
                0.75,
                0.125,
                268_435_456,
                301_989_888,
                slots,
                slots,
                slots / 2,
                123_456,
                789,
                9_876_543,
                4321,
                slots,
                completed,
                perSlot[0],
                perSlot[1],
                perSlot[2],
                perSlot[3],
                phaseValues,
                buckets,
                new long[] {0, 1200, 20, 10, 4});
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
}
