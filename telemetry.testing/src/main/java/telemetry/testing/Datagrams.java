package telemetry.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.GcEvent;
import telemetry.wire.GcSnapshot;
import telemetry.wire.Kind;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.Phase;
import telemetry.wire.ProcessIdentity;
import telemetry.wire.RecordWriter;
import telemetry.wire.WireDecoder;
import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * Datagrams for tests: built with the real encoder (an instance: one encoder, not thread-safe), and
 * matched and summed once received (static).
 */
public final class Datagrams {

    private final WireEncoder out = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));
    private final RecordWriter records = new RecordWriter(out);

    /** The sender of GC records: only the header's pid is written (gc records carry no identity). */
    private record Sender(long pid) implements ProcessIdentity {
        @Override
        public String modWsgiVersion() {
            return null;
        }

        @Override
        public String pythonVersion() {
            return null;
        }

        @Override
        public String apacheVersion() {
            return null;
        }

        @Override
        public String mpmName() {
            return null;
        }

        @Override
        public String hostname() {
            return null;
        }

        @Override
        public String processGroup() {
            return null;
        }

        @Override
        public long processParentPid() {
            return 0;
        }
    }

    /**
     * A gc_snapshot: heap pools in use and committed (eden, survivor, old), cumulative pauses and bytes
     * reclaimed per class, and the events dropped (the record's last component answers
     * {@link GcSnapshot#droppedEvents()} itself).
     */
    public record Snapshot(
            long[] poolsInUse, long[] poolsCommitted, long[] pauses, long[] reclaimed, long droppedEvents)
            implements GcSnapshot {
        @Override
        public long count(int pool) {
            return poolsInUse[pool];
        }

        @Override
        public long threshold(int pool) {
            return poolsCommitted[pool];
        }

        @Override
        public long collections(int pauseClass) {
            return pauses[pauseClass];
        }

        @Override
        public long collected(int pauseClass) {
            return reclaimed[pauseClass];
        }
    }

    /** A pause. */
    public record Pause(double startStamp, double duration, long generation, long collected) implements GcEvent {}

    /** A gc_snapshot through the one RecordWriter. */
    public byte[] gcSnapshot(long pid, long seq, double stamp, Snapshot s) {
        return copy(records.gcSnapshot(new Sender(pid), seq, stamp, s));
    }

    /** A gc_event through the one RecordWriter. */
    public byte[] gcEvent(long pid, long seq, double stamp, Pause p) {
        return copy(records.gcEvent(new Sender(pid), seq, stamp, p));
    }

    /** A periodic sample: requests with the given request_time durations (seconds) and status codes. */
    public byte[] sample(long pid, long seq, String host, String group, double[] durations, int[] statuses) {
        int n = durations.length;
        out.begin(Kind.REQUEST_METRICS, pid, seq, 1.7e9)
                .text(Field.MOD_WSGI_VERSION, "1.0.0")
                .text(Field.HOSTNAME, host)
                .text(Field.PROCESS_GROUP, group)
                .f64(Field.SAMPLE_PERIOD, 1.0)
                .f64(Field.TELEMETRY_INTERVAL, 1.0)
                .u64(Field.REQUEST_COUNT, n)
                .f64(Field.REQUEST_THROUGHPUT, n)
                .f64(Field.CAPACITY_UTILIZATION, 0.25)
                .f64(Field.CPU_USER_UTILIZATION, 0.5)
                .f64(Field.CPU_SYSTEM_UTILIZATION, 0.25)
                .f64(Field.CPU_UTILIZATION, 0.75)
                .u64(Field.MEMORY_RSS, 100L << 20)
                .u64(Field.MEMORY_MAX_RSS, 120L << 20)
                .u64(Field.REQUEST_THREADS_MAXIMUM, 4);
        requestTime(out, durations);
        statusClasses(out, statuses);
        out.i32Array(Field.REQUEST_THREADS_COMPLETED, new int[] {n, 0, 0, 0}, 4);
        return bytes();
    }

    /** request_time of these durations (seconds): mean, min and max (when there are any) and buckets. */
    public static void requestTime(WireEncoder out, double[] durations) {
        int[] histogram = new int[LatencyBuckets.COUNT];
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : durations) {
            histogram[LatencyBuckets.index(d)]++;
            sum += d;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        out.f64(Phase.REQUEST_TIME.mean(), durations.length == 0 ? 0 : sum / durations.length);
        if (durations.length > 0) {
            out.f64(Phase.REQUEST_TIME.min(), min).f64(Phase.REQUEST_TIME.max(), max);
        }
        out.i32Array(Phase.REQUEST_TIME.buckets(), histogram, LatencyBuckets.COUNT);
    }

    /** The status class totals of these statuses (anything outside 100..599 counts as 5xx). */
    public static void statusClasses(WireEncoder out, int[] statuses) {
        long[] classes = new long[5];
        for (int s : statuses) {
            classes[s < 100 || s > 599 ? 4 : s / 100 - 1]++;
        }
        Field[] totals = {
            Field.STATUS_1XX_TOTAL,
            Field.STATUS_2XX_TOTAL,
            Field.STATUS_3XX_TOTAL,
            Field.STATUS_4XX_TOTAL,
            Field.STATUS_5XX_TOTAL
        };
        for (int i = 0; i < 5; i++) {
            out.u64(totals[i], classes[i]);
        }
    }

    public byte[] started(long pid, long seq, String host, String group) {
        out.begin(Kind.PROCESS_STARTED, pid, seq, 1.7e9)
                .text(Field.MOD_WSGI_VERSION, "1.0.0")
                .text(Field.HOSTNAME, host)
                .text(Field.PROCESS_GROUP, group);
        return bytes();
    }

    public byte[] stopping(long pid, long seq, String host, String reason) {
        out.begin(Kind.PROCESS_STOPPING, pid, seq, 1.7e9)
                .text(Field.HOSTNAME, host)
                .text(Field.SHUTDOWN_REASON, reason)
                .u64(Field.ACTIVE_REQUESTS_AT_DECISION, 1);
        return bytes();
    }

    public byte[] stopped(long pid, long seq, String host, String reason) {
        out.begin(Kind.PROCESS_STOPPED, pid, seq, 1.7e9)
                .text(Field.HOSTNAME, host)
                .text(Field.SHUTDOWN_REASON, reason)
                .f64(Field.PROCESS_UPTIME, 12.5)
                .u64(Field.LIFETIME_REQUEST_COUNT, 7)
                .u64(Field.GRACEFUL_DRAIN, 1);
        return bytes();
    }

    /** A slow record: state 0 running, 1 completed. */
    public byte[] slow(
            long pid, long seq, String logId, int thread, double start, int state, double duration, String path) {
        out.begin(Kind.SLOW_REQUEST, pid, seq, 1.7e9)
                .u64(Field.SLOW_RECORD_STATE, state)
                .f64(Field.SLOW_START_STAMP, start)
                .f64(Field.SLOW_DURATION, duration)
                .u64(Field.SLOW_THREAD_ID, thread)
                .text(Field.SLOW_LOG_ID, logId)
                .text(Field.SLOW_METHOD, "GET")
                .text(Field.SLOW_PATH_INFO, path)
                .u64(Field.SLOW_STATUS, state == 1 ? 200 : 0);
        return bytes();
    }

    /** A record of an undefined kind with an unknown field. */
    public byte[] unknown(long pid, long seq) {
        out.begin(77, pid, seq, 1.7e9).u64(9999, 5).text(9998, "future", 0);
        return bytes();
    }

    /** A record with exactly these values, each under the type it carries (e.g. as a reference encoder types it). */
    public byte[] of(Kind kind, long pid, long seq, telemetry.wire.FieldValue... values) {
        out.begin(kind, pid, seq, 1.7e9);
        for (telemetry.wire.FieldValue v : values) {
            out.value(v);
        }
        return bytes();
    }

    private byte[] bytes() {
        return copy(out.finish());
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    public static Datagram decode(byte[] bytes) {
        try {
            return WireDecoder.decode(bytes);
        } catch (MalformedDatagramException e) {
            throw new AssertionError(e);
        }
    }

    public static double[] repeat(double value, int n) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    public static int[] statuses(int n, int status) {
        int[] a = new int[n];
        Arrays.fill(a, status);
        return a;
    }

    public static Predicate<Datagram> kind(Kind kind) {
        return d -> d.kindCode() == kind.code();
    }

    public static Predicate<Datagram> lifecycle(Kind kind, String reason) {
        return d -> d.kindCode() == kind.code() && reason.equals(d.text(Field.SHUTDOWN_REASON));
    }

    /** Sum of a U64 field over the periodic samples. */
    public static long sum(List<Datagram> datagrams, Field field) {
        return datagrams.stream()
                .filter(kind(Kind.REQUEST_METRICS))
                .mapToLong(d -> d.longValue(field, 0))
                .sum();
    }

    /** Sum of the histogram of a phase over the periodic samples. */
    public static long histogramTotal(List<Datagram> datagrams, Phase phase) {
        long[] total = new long[LatencyBuckets.COUNT];
        datagrams.stream()
                .filter(kind(Kind.REQUEST_METRICS))
                .forEach(d -> LatencyBuckets.add(total, d.intArray(phase.buckets())));
        return Arrays.stream(total).sum();
    }

    public static long requests(List<Datagram> datagrams) {
        return sum(datagrams, Field.REQUEST_COUNT);
    }

    /** True when any raw datagram contains {@code text} (UTF-8). */
    public static boolean anyContains(List<byte[]> raw, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (byte[] bytes : raw) {
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                    return true;
                }
            }
        }
        return false;
    }
}
