package telemetry.benchmarks.wire;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import telemetry.wire.Field;
import telemetry.wire.Kind;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;
import telemetry.wire.WireEncoder;

/**
 * The values of one full periodic sample (kind 2) as the reporter holds them at a tick: identity
 * strings, the interval's rates, the five reported phases with mean/min/max and a 65-bucket
 * {@code long} histogram each, I/O, status classes and the five per-slot arrays. {@link #writeTo}
 * emits them in the documented order, exactly as the reporter does.
 */
final class PeriodicSample {

    final int slots;
    final double[] means = new double[Phase.REPORTED.length];
    final double[] mins = new double[Phase.REPORTED.length];
    final double[] maxes = new double[Phase.REPORTED.length];
    final long[][] buckets = new long[Phase.REPORTED.length][LatencyBuckets.COUNT];
    final long[] statuses = new long[5];
    final long[] completed;
    final double[] busyTime;
    final double[] cpuTime;
    final double[] currentElapsed;
    final double[] maxDuration;

    PeriodicSample(int slots, long seed) {
        this.slots = slots;
        SplittableRandom random = new SplittableRandom(seed);
        for (int p = 0; p < Phase.REPORTED.length; p++) {
            means[p] = random.nextDouble() / 10;
            mins[p] = random.nextDouble() / 1000;
            maxes[p] = random.nextDouble() * 3;
            for (int i = 0; i < LatencyBuckets.COUNT; i++) {
                buckets[p][i] = random.nextInt(1000);
            }
        }
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = random.nextInt(1000);
        }
        completed = new long[slots];
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

    ByteBuffer writeTo(WireEncoder out, long seq, double stamp) {
        out.begin(Kind.REQUEST_METRICS, 4242, seq, stamp)
                .text(Field.MOD_WSGI_VERSION, "1.0.0")
                .text(Field.PYTHON_VERSION, "17.0.15")
                .text(Field.APACHE_VERSION, "Apache Felix/7.0.5")
                .text(Field.MPM_NAME, "jetty")
                .text(Field.HOSTNAME, "app-host-1.example.org")
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
        for (int p = 0; p < Phase.REPORTED.length; p++) {
            out.f64(Phase.REPORTED[p].mean(), means[p]);
        }
        for (int p = 0; p < Phase.REPORTED.length; p++) {
            out.f64(Phase.REPORTED[p].min(), mins[p]).f64(Phase.REPORTED[p].max(), maxes[p]);
        }
        for (int p = 0; p < Phase.REPORTED.length; p++) {
            out.i32Array(Phase.REPORTED[p].buckets(), buckets[p], LatencyBuckets.COUNT);
        }
        out.u64(Field.INPUT_BYTES_TOTAL, 123_456)
                .u64(Field.INPUT_READS_TOTAL, 789)
                .u64(Field.OUTPUT_BYTES_TOTAL, 9_876_543)
                .u64(Field.OUTPUT_WRITES_TOTAL, 4321)
                .u64(Field.STATUS_1XX_TOTAL, statuses[0])
                .u64(Field.STATUS_2XX_TOTAL, statuses[1])
                .u64(Field.STATUS_3XX_TOTAL, statuses[2])
                .u64(Field.STATUS_4XX_TOTAL, statuses[3])
                .u64(Field.STATUS_5XX_TOTAL, statuses[4])
                .i32Array(Field.REQUEST_THREADS_COMPLETED, completed, slots)
                .f64Array(Field.REQUEST_THREADS_BUSY_TIME, busyTime, slots)
                .f64Array(Field.REQUEST_THREADS_CPU_TIME, cpuTime, slots)
                .f64Array(Field.REQUEST_THREADS_CURRENT_ELAPSED, currentElapsed, slots)
                .f64Array(Field.REQUEST_THREADS_MAX_DURATION, maxDuration, slots);
        return out.finish();
    }
}
