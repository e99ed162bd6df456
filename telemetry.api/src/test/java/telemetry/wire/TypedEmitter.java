package telemetry.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a vector's values through the typed encoder calls, in the emission order a reporter uses
 * (wire-format.md, "Emission order of one periodic datagram"; lifecycle and slow records in the
 * order of the shared vectors). Only the values come from the JSON; which call writes which field,
 * and in what order, is fixed here, so a byte-exact match checks the documented order and every
 * typed call, not just a replay of the decoded list.
 */
final class TypedEmitter {

    /** The field order of a slow-request record (kind 4) as the shared vectors carry it. */
    private static final Field[] SLOW_ORDER = {
        Field.SLOW_RECORD_STATE,
        Field.SLOW_START_STAMP,
        Field.SLOW_DURATION,
        Field.SLOW_THREAD_ID,
        Field.SLOW_SERVER_PID,
        Field.SLOW_INPUT_BYTES,
        Field.SLOW_INPUT_READS,
        Field.SLOW_OUTPUT_BYTES,
        Field.SLOW_OUTPUT_WRITES,
        Field.SLOW_CPU_USER_TIME,
        Field.SLOW_CPU_SYSTEM_TIME,
        Field.SLOW_SERVER_TIME,
        Field.SLOW_QUEUE_TIME,
        Field.SLOW_DAEMON_TIME,
        Field.SLOW_APPLICATION_TIME,
        Field.SLOW_INPUT_READ_TIME,
        Field.SLOW_OUTPUT_WRITE_TIME,
        Field.SLOW_ACTIVE_AT_START,
        Field.SLOW_ACTIVE_AT_COMPLETION,
        Field.SLOW_STATUS,
        Field.SLOW_LOG_ID,
        Field.SLOW_METHOD,
        Field.SLOW_SCHEME,
        Field.SLOW_HOSTNAME,
        Field.SLOW_SCRIPT_NAME,
        Field.SLOW_PATH_INFO,
        Field.SLOW_PROTOCOL,
        Field.SLOW_PEER_IP,
        Field.SLOW_USER_AGENT,
    };

    private final WireEncoder out;
    private JsonNode fields;

    TypedEmitter(WireEncoder out) {
        this.out = out;
    }

    ByteBuffer emit(JsonNode vector) {
        fields = vector.get("fields");
        int kind = vector.get("kind").intValue();
        long pid = vector.get("pid").longValue();
        long seq = vector.get("seq").longValue();
        double stamp = vector.get("stamp").doubleValue();
        Kind known = Kind.ofCode(kind);
        if (known != null) {
            out.begin(known, pid, seq, stamp);
        } else {
            out.begin(kind, pid, seq, stamp);
        }
        switch (kind) {
            case 2 -> periodic();
            case 4 -> {
                for (Field f : SLOW_ORDER) {
                    field(f);
                }
            }
            case 5 -> identity();
            case 6 -> {
                text(Field.HOSTNAME);
                text(Field.PROCESS_GROUP);
                text(Field.SHUTDOWN_REASON);
                out.u64(Field.ACTIVE_REQUESTS_AT_DECISION, longOf(Field.ACTIVE_REQUESTS_AT_DECISION));
            }
            case 7 -> {
                text(Field.HOSTNAME);
                text(Field.PROCESS_GROUP);
                text(Field.SHUTDOWN_REASON);
                out.f64(Field.PROCESS_UPTIME, doubleOf(Field.PROCESS_UPTIME));
                out.u64(Field.LIFETIME_REQUEST_COUNT, longOf(Field.LIFETIME_REQUEST_COUNT));
                out.u64(Field.ACTIVE_REQUESTS_AT_EXIT, longOf(Field.ACTIVE_REQUESTS_AT_EXIT));
                out.u64(Field.GRACEFUL_DRAIN, longOf(Field.GRACEFUL_DRAIN));
            }
            default -> {
                // unknown kind with unknown ids: the raw-id calls
                out.u64(9999, fields.get("id9999").longValue());
                out.i64(9998, fields.get("id9998").longValue());
                out.text(9997, fields.get("id9997").textValue(), 0);
            }
        }
        return out.finish();
    }

    /** Identity 1–7, then 10–12, 20–22, 30–32, 40–41, 50–52, means, min/max pairs, histograms, 100–103, 120–124, 110–114. */
    private void periodic() {
        identity();
        for (Field f : new Field[] {
            Field.SAMPLE_PERIOD, Field.TELEMETRY_INTERVAL, Field.SLOW_REQUESTS_THRESHOLD, Field.SWITCH_INTERVAL
        }) {
            if (fields.has(f.wireName())) { // switch_interval: Apache/Python only
                out.f64(f, doubleOf(f));
            }
        }
        out.u64(Field.REQUEST_COUNT, longOf(Field.REQUEST_COUNT));
        out.f64(Field.REQUEST_THROUGHPUT, doubleOf(Field.REQUEST_THROUGHPUT));
        out.f64(Field.CAPACITY_UTILIZATION, doubleOf(Field.CAPACITY_UTILIZATION));
        out.f64(Field.CPU_USER_UTILIZATION, doubleOf(Field.CPU_USER_UTILIZATION));
        out.f64(Field.CPU_SYSTEM_UTILIZATION, doubleOf(Field.CPU_SYSTEM_UTILIZATION));
        out.f64(Field.CPU_UTILIZATION, doubleOf(Field.CPU_UTILIZATION));
        out.u64(Field.MEMORY_RSS, longOf(Field.MEMORY_RSS));
        out.u64(Field.MEMORY_MAX_RSS, longOf(Field.MEMORY_MAX_RSS));
        out.u64(Field.REQUEST_THREADS_MAXIMUM, longOf(Field.REQUEST_THREADS_MAXIMUM));
        out.u64(Field.REQUEST_THREADS_STARTED, longOf(Field.REQUEST_THREADS_STARTED));
        out.u64(Field.REQUEST_THREADS_ACTIVE, longOf(Field.REQUEST_THREADS_ACTIVE));
        // Our reporter sends Phase.REPORTED; an Apache daemon-mode process sends all eight.
        List<Phase> phases = fields.has(Phase.QUEUE_TIME.wireName()) ? List.of(Phase.values()) : Phase.REPORTED;
        for (Phase p : phases) {
            out.f64(p.mean(), doubleOf(p.mean()));
        }
        for (Phase p : phases) {
            if (fields.has(p.min().wireName())) { // only when a request completed
                out.f64(p.min(), doubleOf(p.min()));
                out.f64(p.max(), doubleOf(p.max()));
            }
        }
        for (Phase p : phases) {
            // a reporter's counters are longs: the saturating overload
            long[] counts = new long[LatencyBuckets.COUNT];
            JsonNode list = fields.get(p.buckets().wireName());
            for (int i = 0; i < counts.length; i++) {
                counts[i] = list.get(i).longValue();
            }
            out.i32Array(p.buckets(), counts, counts.length);
        }
        out.u64(Field.INPUT_BYTES_TOTAL, longOf(Field.INPUT_BYTES_TOTAL));
        out.u64(Field.INPUT_READS_TOTAL, longOf(Field.INPUT_READS_TOTAL));
        out.u64(Field.OUTPUT_BYTES_TOTAL, longOf(Field.OUTPUT_BYTES_TOTAL));
        out.u64(Field.OUTPUT_WRITES_TOTAL, longOf(Field.OUTPUT_WRITES_TOTAL));
        for (int id = Field.STATUS_1XX_TOTAL.id(); id <= Field.STATUS_5XX_TOTAL.id(); id++) {
            out.u64(Field.ofId(id), longOf(Field.ofId(id)));
        }
        JsonNode completed = fields.get(Field.REQUEST_THREADS_COMPLETED.wireName());
        int slots = completed.size();
        int[] perSlot = new int[slots + 3]; // longer than the slot count: only `slots` are written
        for (int i = 0; i < slots; i++) {
            perSlot[i] = completed.get(i).intValue();
        }
        out.i32Array(Field.REQUEST_THREADS_COMPLETED, perSlot, slots);
        for (Field f : new Field[] {
            Field.REQUEST_THREADS_BUSY_TIME,
            Field.REQUEST_THREADS_CPU_TIME,
            Field.REQUEST_THREADS_CURRENT_ELAPSED,
            Field.REQUEST_THREADS_MAX_DURATION
        }) {
            double[] values = new double[slots + 3];
            for (int i = 0; i < slots; i++) {
                values[i] = fields.get(f.wireName()).get(i).doubleValue();
            }
            out.f64Array(f, values, slots);
        }
    }

    private void identity() {
        for (Field f : new Field[] {
            Field.MOD_WSGI_VERSION,
            Field.PYTHON_VERSION,
            Field.APACHE_VERSION,
            Field.MPM_NAME,
            Field.HOSTNAME,
            Field.PROCESS_GROUP
        }) {
            text(f);
        }
        out.u64(Field.PROCESS_PARENT_PID, longOf(Field.PROCESS_PARENT_PID));
    }

    /** A slow-record field by its type; absent ones are skipped (user agent only when captured). */
    private void field(Field f) {
        if (!fields.has(f.wireName())) {
            return;
        }
        switch (f.type()) {
            case U64 -> out.u64(f, longOf(f));
            case F64 -> out.f64(f, doubleOf(f));
            case BYTES -> text(f);
            default -> throw new AssertionError("unexpected slow field type " + f);
        }
    }

    /** Text through the limit-aware call; an absent value is passed as null (not sent). */
    private void text(Field f) {
        JsonNode v = fields.get(f.wireName());
        out.text(f, v == null ? null : v.textValue());
    }

    private long longOf(Field f) {
        return fields.get(f.wireName()).longValue();
    }

    private double doubleOf(Field f) {
        return fields.get(f.wireName()).doubleValue();
    }
}
