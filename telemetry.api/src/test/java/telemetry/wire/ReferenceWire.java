package telemetry.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second, deliberately plain writer of the wire format (straight from the tables of
 * wire-format.md), and the "last one wins" rule as a map: the oracles the property tests hold the
 * codec against.
 */
final class ReferenceWire {

    private static final String[] KIND_NAMES = {null, "process_metrics", "request_metrics", "server_metrics",
        "slow_request", "process_started", "process_stopping", "process_stopped", "gc_snapshot", "gc_event"};

    private ReferenceWire() {
    }

    static byte[] encode(int kind, long pid, long seq, double stamp, List<FieldValue> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("WSGI".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(kind);
        le(out, 0, 2);
        le(out, pid, 4);
        le(out, seq, 4);
        le(out, Double.doubleToRawLongBits(stamp), 8);
        for (FieldValue v : values) {
            le(out, v.id(), 2);
            out.write(v.type().tag());
            switch (v.type()) {
                case U64, I64 -> le(out, (Long) v.value(), 8);
                case F64 -> le(out, Double.doubleToRawLongBits((Double) v.value()), 8);
                case BYTES -> {
                    byte[] utf8 = ((String) v.value()).getBytes(StandardCharsets.UTF_8);
                    le(out, utf8.length, 2);
                    out.writeBytes(utf8);
                }
                case I32_ARRAY -> {
                    int[] a = (int[]) v.value();
                    le(out, a.length, 2);
                    for (int x : a) {
                        le(out, x, 4);
                    }
                }
                case F64_ARRAY -> {
                    double[] a = (double[]) v.value();
                    le(out, a.length, 2);
                    for (double x : a) {
                        le(out, Double.doubleToRawLongBits(x), 8);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    /** A repeated id keeps its first position and takes its last value. */
    static List<FieldValue> lastOneWins(List<FieldValue> values) {
        Map<Integer, FieldValue> byId = new LinkedHashMap<>();
        for (FieldValue v : values) {
            byId.put(v.id(), v);
        }
        return new ArrayList<>(byId.values());
    }

    /** The canonical name of a kind code. */
    static String kindName(int kind) {
        return kind < KIND_NAMES.length && KIND_NAMES[kind] != null ? KIND_NAMES[kind] : "kind" + kind;
    }
}
