package telemetry.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;

/**
 * A vector's expected values (its {@code .json}) behind the record writer's value interfaces, so
 * that {@link RecordWriter} can be asked to write the vector again: only the values come from the
 * JSON, the order is the writer's. A field the JSON lacks reads as {@code null} text or 0.
 */
final class VectorValues {

    private final JsonNode vector;
    private final JsonNode fields;

    VectorValues(JsonNode vector) {
        this.vector = vector;
        this.fields = vector.get("fields");
    }

    /** Writes the vector's kind through the writer. */
    ByteBuffer writeWith(RecordWriter writer) {
        long seq = vector.get("seq").longValue();
        double stamp = vector.get("stamp").doubleValue();
        ProcessIdentity p = identity();
        return switch (vector.get("kind").intValue()) {
            case 2 -> writer.periodic(p, seq, stamp, periodic());
            case 4 -> writer.slow(p, seq, stamp, slow());
            case 5 -> writer.started(p, seq, stamp);
            case 6 ->
                writer.stopping(p, seq, stamp, text(Field.SHUTDOWN_REASON), u64(Field.ACTIVE_REQUESTS_AT_DECISION));
            case 7 ->
                writer.stopped(
                        p,
                        seq,
                        stamp,
                        text(Field.SHUTDOWN_REASON),
                        f64(Field.PROCESS_UPTIME),
                        u64(Field.LIFETIME_REQUEST_COUNT),
                        u64(Field.ACTIVE_REQUESTS_AT_EXIT),
                        u64(Field.GRACEFUL_DRAIN) == 1);
            case 8 -> writer.gcSnapshot(p, seq, stamp, gcSnapshot());
            case 9 -> writer.gcEvent(p, seq, stamp, gcEvent());
            default -> throw new AssertionError("the record writer writes no kind " + vector.get("kind"));
        };
    }

    private String text(Field f) {
        JsonNode v = fields.get(f.wireName());
        return v == null ? null : v.textValue();
    }

    private long u64(Field f) {
        JsonNode v = fields.get(f.wireName());
        return v == null ? 0 : v.longValue();
    }

    private long u64(int id) {
        return u64(Field.ofId(id));
    }

    private double f64(Field f) {
        JsonNode v = fields.get(f.wireName());
        return v == null ? 0.0 : v.doubleValue();
    }

    private ProcessIdentity identity() {
        long pid = vector.get("pid").longValue();
        return new ProcessIdentity() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public String modWsgiVersion() {
                return text(Field.MOD_WSGI_VERSION);
            }

            @Override
            public String pythonVersion() {
                return text(Field.PYTHON_VERSION);
            }

            @Override
            public String apacheVersion() {
                return text(Field.APACHE_VERSION);
            }

            @Override
            public String mpmName() {
                return text(Field.MPM_NAME);
            }

            @Override
            public String hostname() {
                return text(Field.HOSTNAME);
            }

            @Override
            public String processGroup() {
                return text(Field.PROCESS_GROUP);
            }

            @Override
            public long processParentPid() {
                return u64(Field.PROCESS_PARENT_PID);
            }
        };
    }

    private PeriodicSample periodic() {
        return new PeriodicSample() {
            @Override
            public double samplePeriod() {
                return f64(Field.SAMPLE_PERIOD);
            }

            @Override
            public double telemetryInterval() {
                return f64(Field.TELEMETRY_INTERVAL);
            }

            @Override
            public double slowRequestsThreshold() {
                return f64(Field.SLOW_REQUESTS_THRESHOLD);
            }

            @Override
            public long requestCount() {
                return u64(Field.REQUEST_COUNT);
            }

            @Override
            public double requestThroughput() {
                return f64(Field.REQUEST_THROUGHPUT);
            }

            @Override
            public double capacityUtilization() {
                return f64(Field.CAPACITY_UTILIZATION);
            }

            @Override
            public double cpuUserUtilization() {
                return f64(Field.CPU_USER_UTILIZATION);
            }

            @Override
            public double cpuSystemUtilization() {
                return f64(Field.CPU_SYSTEM_UTILIZATION);
            }

            @Override
            public long memoryRss() {
                return u64(Field.MEMORY_RSS);
            }

            @Override
            public long memoryMaxRss() {
                return u64(Field.MEMORY_MAX_RSS);
            }

            @Override
            public long requestThreadsMaximum() {
                return u64(Field.REQUEST_THREADS_MAXIMUM);
            }

            @Override
            public long requestThreadsStarted() {
                return u64(Field.REQUEST_THREADS_STARTED);
            }

            @Override
            public long requestThreadsActive() {
                return u64(Field.REQUEST_THREADS_ACTIVE);
            }

            @Override
            public double mean(Phase phase) {
                return f64(phase.mean());
            }

            @Override
            public double min(Phase phase) {
                return f64(phase.min());
            }

            @Override
            public double max(Phase phase) {
                return f64(phase.max());
            }

            @Override
            public long[] buckets(Phase phase) {
                JsonNode list = fields.get(phase.buckets().wireName());
                long[] counts = new long[list.size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = list.get(i).longValue();
                }
                return counts;
            }

            @Override
            public long inputBytesTotal() {
                return u64(Field.INPUT_BYTES_TOTAL);
            }

            @Override
            public long inputReadsTotal() {
                return u64(Field.INPUT_READS_TOTAL);
            }

            @Override
            public long outputBytesTotal() {
                return u64(Field.OUTPUT_BYTES_TOTAL);
            }

            @Override
            public long outputWritesTotal() {
                return u64(Field.OUTPUT_WRITES_TOTAL);
            }

            @Override
            public long statusTotal(int hundreds) {
                return u64(Field.STATUS_1XX_TOTAL.id() + hundreds - 1);
            }

            @Override
            public int slots() {
                return fields.get(Field.REQUEST_THREADS_COMPLETED.wireName()).size();
            }

            @Override
            public int[] requestThreadsCompleted() {
                JsonNode list = fields.get(Field.REQUEST_THREADS_COMPLETED.wireName());
                int[] values = new int[list.size() + 3]; // longer than the slot count: only slots() are written
                for (int i = 0; i < list.size(); i++) {
                    values[i] = list.get(i).intValue();
                }
                return values;
            }

            @Override
            public double[] requestThreadsBusyTime() {
                return doubles(Field.REQUEST_THREADS_BUSY_TIME);
            }

            @Override
            public double[] requestThreadsCpuTime() {
                return doubles(Field.REQUEST_THREADS_CPU_TIME);
            }

            @Override
            public double[] requestThreadsCurrentElapsed() {
                return doubles(Field.REQUEST_THREADS_CURRENT_ELAPSED);
            }

            @Override
            public double[] requestThreadsMaxDuration() {
                return doubles(Field.REQUEST_THREADS_MAX_DURATION);
            }
        };
    }

    private double[] doubles(Field f) {
        JsonNode list = fields.get(f.wireName());
        double[] values = new double[list.size() + 3];
        for (int i = 0; i < list.size(); i++) {
            values[i] = list.get(i).doubleValue();
        }
        return values;
    }

    private SlowRequest slow() {
        return new SlowRequest() {
            @Override
            public boolean completed() {
                return u64(Field.SLOW_RECORD_STATE) == 1;
            }

            @Override
            public double startStamp() {
                return f64(Field.SLOW_START_STAMP);
            }

            @Override
            public double duration() {
                return f64(Field.SLOW_DURATION);
            }

            @Override
            public long threadId() {
                return u64(Field.SLOW_THREAD_ID);
            }

            @Override
            public String logId() {
                return text(Field.SLOW_LOG_ID);
            }

            @Override
            public String method() {
                return text(Field.SLOW_METHOD);
            }

            @Override
            public String scheme() {
                return text(Field.SLOW_SCHEME);
            }

            @Override
            public String hostname() {
                return text(Field.SLOW_HOSTNAME);
            }

            @Override
            public String scriptName() {
                return text(Field.SLOW_SCRIPT_NAME);
            }

            @Override
            public String pathInfo() {
                return text(Field.SLOW_PATH_INFO);
            }

            @Override
            public String protocol() {
                return text(Field.SLOW_PROTOCOL);
            }

            @Override
            public String peerIp() {
                return text(Field.SLOW_PEER_IP);
            }

            @Override
            public String userAgent() {
                return text(Field.SLOW_USER_AGENT);
            }

            @Override
            public double serverTime() {
                return f64(Field.SLOW_SERVER_TIME);
            }

            @Override
            public double queueTime() {
                return f64(Field.SLOW_QUEUE_TIME);
            }

            @Override
            public double daemonTime() {
                return f64(Field.SLOW_DAEMON_TIME);
            }

            @Override
            public double applicationTime() {
                return f64(Field.SLOW_APPLICATION_TIME);
            }

            @Override
            public long inputBytes() {
                return u64(Field.SLOW_INPUT_BYTES);
            }

            @Override
            public long inputReads() {
                return u64(Field.SLOW_INPUT_READS);
            }

            @Override
            public long outputBytes() {
                return u64(Field.SLOW_OUTPUT_BYTES);
            }

            @Override
            public long outputWrites() {
                return u64(Field.SLOW_OUTPUT_WRITES);
            }

            @Override
            public double inputReadTime() {
                return f64(Field.SLOW_INPUT_READ_TIME);
            }

            @Override
            public double outputWriteTime() {
                return f64(Field.SLOW_OUTPUT_WRITE_TIME);
            }

            @Override
            public long status() {
                return u64(Field.SLOW_STATUS);
            }

            @Override
            public double cpuUserTime() {
                return f64(Field.SLOW_CPU_USER_TIME);
            }

            @Override
            public double cpuSystemTime() {
                return fields.has(Field.SLOW_CPU_SYSTEM_TIME.wireName()) ? f64(Field.SLOW_CPU_SYSTEM_TIME) : Double.NaN;
            }

            @Override
            public long activeAtStart() {
                return u64(Field.SLOW_ACTIVE_AT_START);
            }

            @Override
            public long activeAtCompletion() {
                return u64(Field.SLOW_ACTIVE_AT_COMPLETION);
            }
        };
    }

    private GcSnapshot gcSnapshot() {
        return new GcSnapshot() {
            @Override
            public long count(int generation) {
                return u64(Field.GC_COUNT0.id() + generation);
            }

            @Override
            public long threshold(int generation) {
                return u64(Field.GC_THRESHOLD0.id() + generation);
            }

            @Override
            public long collections(int generation) {
                return u64(Field.GC_COLLECTIONS0.id() + generation);
            }

            @Override
            public long collected(int generation) {
                return u64(Field.GC_COLLECTED0.id() + generation);
            }

            @Override
            public long uncollectable(int generation) {
                return u64(Field.GC_UNCOLLECTABLE0.id() + generation);
            }

            @Override
            public boolean isEnabled() {
                return u64(Field.GC_IS_ENABLED) == 1;
            }

            @Override
            public long freezeCount() {
                return u64(Field.GC_FREEZE_COUNT);
            }

            @Override
            public long droppedEvents() {
                return u64(Field.GC_DROPPED_EVENTS);
            }
        };
    }

    private GcEvent gcEvent() {
        return new GcEvent() {
            @Override
            public double startStamp() {
                return f64(Field.GC_EVENT_START_STAMP);
            }

            @Override
            public double duration() {
                return f64(Field.GC_EVENT_DURATION);
            }

            @Override
            public long generation() {
                return u64(Field.GC_EVENT_GENERATION);
            }

            @Override
            public long collected() {
                return u64(Field.GC_EVENT_COLLECTED);
            }

            @Override
            public long uncollectable() {
                return u64(Field.GC_EVENT_UNCOLLECTABLE);
            }
        };
    }
}
