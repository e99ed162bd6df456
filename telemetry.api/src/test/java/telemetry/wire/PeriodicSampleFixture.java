package telemetry.wire;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A full periodic sample (kind 2) as our reporter sends it: identity, sampling configuration,
 * rates, CPU, memory, slots, the five reported phases with mean/min/max/histogram, I/O, the five
 * status classes and the five per-slot arrays. Values are deterministic per seed.
 */
final class PeriodicSampleFixture {

    private PeriodicSampleFixture() {
    }

    static ByteBuffer write(WireEncoder out, int slots, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        out.begin(Kind.REQUEST_METRICS, 4242, 77, 1_764_064_803.25)
                .text(Field.MOD_WSGI_VERSION, "1.0.0")
                .text(Field.PYTHON_VERSION, "17.0.15")
                .text(Field.APACHE_VERSION, "Apache Felix/7.0.5")
                .text(Field.MPM_NAME, "jetty")
                .text(Field.HOSTNAME, "app-host-1")
                .text(Field.PROCESS_GROUP, "shop")
                .u64(Field.PROCESS_PARENT_PID, 4100)
                .f64(Field.SAMPLE_PERIOD, 1.0013)
                .f64(Field.TELEMETRY_INTERVAL, 1.0)
                .f64(Field.SLOW_REQUESTS_THRESHOLD, 2.0)
                .u64(Field.REQUEST_COUNT, 1234)
                .f64(Field.REQUEST_THROUGHPUT, 1232.4)
                .f64(Field.CAPACITY_UTILIZATION, 0.42)
                .f64(Field.CPU_USER_UTILIZATION, 0.75)
                .f64(Field.CPU_SYSTEM_UTILIZATION, 0.125)
                .f64(Field.CPU_UTILIZATION, 0.875)
                .u64(Field.MEMORY_RSS, 268_435_456)
                .u64(Field.MEMORY_MAX_RSS, 301_989_888)
                .u64(Field.REQUEST_THREADS_MAXIMUM, slots)
                .u64(Field.REQUEST_THREADS_STARTED, slots)
                .u64(Field.REQUEST_THREADS_ACTIVE, slots / 2);
        for (Phase p : Phase.REPORTED) {
            out.f64(p.mean(), random.nextDouble() / 10);
        }
        for (Phase p : Phase.REPORTED) {
            out.f64(p.min(), random.nextDouble() / 1000).f64(p.max(), random.nextDouble() * 3);
        }
        long[] counts = new long[LatencyBuckets.COUNT];
        for (Phase p : Phase.REPORTED) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = random.nextInt(100);
            }
            out.i32Array(p.buckets(), counts, counts.length);
        }
        out.u64(Field.INPUT_BYTES_TOTAL, 123_456)
                .u64(Field.INPUT_READS_TOTAL, 789)
                .u64(Field.OUTPUT_BYTES_TOTAL, 9_876_543)
                .u64(Field.OUTPUT_WRITES_TOTAL, 4321)
                .u64(Field.STATUS_1XX_TOTAL, 0)
                .u64(Field.STATUS_2XX_TOTAL, 1200)
                .u64(Field.STATUS_3XX_TOTAL, 20)
                .u64(Field.STATUS_4XX_TOTAL, 10)
                .u64(Field.STATUS_5XX_TOTAL, 4);
        int[] completed = new int[slots];
        for (int i = 0; i < slots; i++) {
            completed[i] = random.nextInt(50);
        }
        out.i32Array(Field.REQUEST_THREADS_COMPLETED, completed, slots);
        double[] perSlot = new double[slots];
        for (Field f : new Field[] {Field.REQUEST_THREADS_BUSY_TIME, Field.REQUEST_THREADS_CPU_TIME,
            Field.REQUEST_THREADS_CURRENT_ELAPSED, Field.REQUEST_THREADS_MAX_DURATION}) {
            for (int i = 0; i < slots; i++) {
                perSlot[i] = random.nextDouble();
            }
            out.f64Array(f, perSlot, slots);
        }
        return out.finish();
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
