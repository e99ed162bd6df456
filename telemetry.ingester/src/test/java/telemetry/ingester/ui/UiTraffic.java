package telemetry.ingester.ui;

import java.nio.ByteBuffer;
import telemetry.testing.Datagrams;
import telemetry.wire.Field;
import telemetry.wire.Kind;
import telemetry.wire.Phase;
import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * Datagrams for the browser tests, built with the real encoder and stamped with the current time:
 * samples with worker-slot arrays and byte counts, slow records with every string field, lifecycle
 * records. Requests are written as {@link Datagrams} writes them.
 */
final class UiTraffic {

    private final WireEncoder out = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));

    /**
     * A one-second sample: requests with the given request_time durations and statuses; slot 1 busy
     * the whole second with a request running for {@code slot1Elapsed} seconds.
     */
    byte[] sample(
            long pid, long seq, String host, String group, double[] durations, int[] statuses, double slot1Elapsed) {
        int n = durations.length;
        out.begin(Kind.REQUEST_METRICS, pid, seq, System.currentTimeMillis() / 1000.0)
                .text(Field.MOD_WSGI_VERSION, "1.0.0")
                .text(Field.PYTHON_VERSION, "17.0.15")
                .text(Field.APACHE_VERSION, "Apache Felix/7.0.5")
                .text(Field.MPM_NAME, "jetty")
                .text(Field.HOSTNAME, host)
                .text(Field.PROCESS_GROUP, group)
                .f64(Field.SAMPLE_PERIOD, 1.0)
                .f64(Field.TELEMETRY_INTERVAL, 1.0)
                .f64(Field.SLOW_REQUESTS_THRESHOLD, 1.0)
                .u64(Field.REQUEST_COUNT, n)
                .f64(Field.REQUEST_THROUGHPUT, n)
                .f64(Field.CAPACITY_UTILIZATION, 0.375)
                .f64(Field.CPU_USER_UTILIZATION, 0.25)
                .f64(Field.CPU_SYSTEM_UTILIZATION, 0.05)
                .f64(Field.CPU_UTILIZATION, 0.3)
                .u64(Field.MEMORY_RSS, 200L << 20)
                .u64(Field.MEMORY_MAX_RSS, 210L << 20)
                .u64(Field.REQUEST_THREADS_MAXIMUM, 4);
        Datagrams.requestTime(out, durations);
        out.f64(
                        Phase.APPLICATION_TIME.mean(),
                        n == 0 ? 0 : java.util.Arrays.stream(durations).sum() / n * 0.9)
                .u64(Field.INPUT_BYTES_TOTAL, 100L * n)
                .u64(Field.OUTPUT_BYTES_TOTAL, 2000L * n);
        Datagrams.statusClasses(out, statuses);
        out.i32Array(Field.REQUEST_THREADS_COMPLETED, new int[] {0, n, 0, 0}, 4);
        out.f64Array(Field.REQUEST_THREADS_BUSY_TIME, new double[] {1.0, 0.5, 0, 0}, 4);
        out.f64Array(Field.REQUEST_THREADS_CURRENT_ELAPSED, new double[] {slot1Elapsed, 0, 0, 0}, 4);
        return bytes();
    }

    byte[] started(long pid, long seq, String host, String group) {
        out.begin(Kind.PROCESS_STARTED, pid, seq, System.currentTimeMillis() / 1000.0)
                .text(Field.MOD_WSGI_VERSION, "1.0.0")
                .text(Field.HOSTNAME, host)
                .text(Field.PROCESS_GROUP, group)
                .u64(Field.PROCESS_PARENT_PID, 1);
        return bytes();
    }

    byte[] stopping(long pid, long seq, String host, String group, String reason) {
        out.begin(Kind.PROCESS_STOPPING, pid, seq, System.currentTimeMillis() / 1000.0)
                .text(Field.HOSTNAME, host)
                .text(Field.PROCESS_GROUP, group)
                .text(Field.SHUTDOWN_REASON, reason)
                .u64(Field.ACTIVE_REQUESTS_AT_DECISION, 1);
        return bytes();
    }

    byte[] stopped(long pid, long seq, String host, String group, String reason) {
        out.begin(Kind.PROCESS_STOPPED, pid, seq, System.currentTimeMillis() / 1000.0)
                .text(Field.HOSTNAME, host)
                .text(Field.PROCESS_GROUP, group)
                .text(Field.SHUTDOWN_REASON, reason)
                .f64(Field.PROCESS_UPTIME, 12.5)
                .u64(Field.LIFETIME_REQUEST_COUNT, 7)
                .u64(Field.ACTIVE_REQUESTS_AT_EXIT, 0)
                .u64(Field.GRACEFUL_DRAIN, 1);
        return bytes();
    }

    /** A slow record with every string field; state 0 running, 1 completed. */
    byte[] slow(
            long pid,
            long seq,
            String logId,
            int slot,
            double start,
            int state,
            double duration,
            String method,
            String path,
            String userAgent) {
        out.begin(Kind.SLOW_REQUEST, pid, seq, System.currentTimeMillis() / 1000.0)
                .u64(Field.SLOW_RECORD_STATE, state)
                .f64(Field.SLOW_START_STAMP, start)
                .f64(Field.SLOW_DURATION, duration)
                .u64(Field.SLOW_THREAD_ID, slot)
                .text(Field.SLOW_LOG_ID, logId)
                .u64(Field.SLOW_SERVER_PID, pid)
                .text(Field.SLOW_METHOD, method)
                .text(Field.SLOW_SCHEME, "https")
                .text(Field.SLOW_HOSTNAME, "shop.example.org")
                .text(Field.SLOW_PATH_INFO, path)
                .text(Field.SLOW_PROTOCOL, "HTTP/1.1")
                .text(Field.SLOW_PEER_IP, "192.0.2.7")
                .text(Field.SLOW_USER_AGENT, userAgent)
                .f64(Field.SLOW_SERVER_TIME, 0.0005)
                .f64(Field.SLOW_APPLICATION_TIME, duration - 0.0005)
                .u64(Field.SLOW_STATUS, state == 1 ? 504 : 0)
                .u64(Field.SLOW_ACTIVE_AT_START, 2);
        return bytes();
    }

    private byte[] bytes() {
        ByteBuffer b = out.finish();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }
}
