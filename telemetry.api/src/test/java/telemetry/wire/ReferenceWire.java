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

    private static final String[] KIND_NAMES = {
        null,
        "process_metrics",
        "request_metrics",
        "server_metrics",
        "slow_request",
        "process_started",
        "process_stopping",
        "process_stopped",
        "gc_snapshot",
        "gc_event"
    };

    private ReferenceWire() {}

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

    /**
     * What a decoder makes of a value, by wire-format.md's paragraph on known fields arriving with
     * another type, written out case by case: the value as the field's own type when it converts
     * exactly, else the value as it came (then named id<N>).
     */
    static FieldValue asDecoded(FieldValue v) {
        Field f = Field.ofId(v.id());
        if (f == null || f.type() == v.type()) {
            return v;
        }
        FieldType from = v.type();
        Object x = v.value();
        Object converted = null;
        if (f.type() == FieldType.F64 && from == FieldType.U64 && (Long) x >= 0 && (Long) x <= 1L << 53) {
            converted = ((Long) x).doubleValue();
        } else if (f.type() == FieldType.F64
                && from == FieldType.I64
                && (Long) x >= -(1L << 53)
                && (Long) x <= 1L << 53) {
            converted = ((Long) x).doubleValue();
        } else if ((f.type() == FieldType.U64 || f.type() == FieldType.I64)
                && (from == FieldType.U64 || from == FieldType.I64)) {
            converted = (Long) x >= 0 ? x : null; // the same bits mean the same number only below 2^63
        } else if ((f.type() == FieldType.U64 || f.type() == FieldType.I64) && from == FieldType.F64) {
            double d = (Double) x;
            boolean whole = !Double.isNaN(d)
                    && !Double.isInfinite(d)
                    && Math.floor(d) == d
                    && Math.abs(d) <= (double) (1L << 53);
            if (whole && (d >= 0 || f.type() == FieldType.I64)) {
                converted = (long) d;
            }
        } else if (f.type() == FieldType.F64_ARRAY && from == FieldType.I32_ARRAY) {
            int[] a = (int[]) x;
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = a[i];
            }
            converted = d;
        } else if (f.type() == FieldType.I32_ARRAY && from == FieldType.F64_ARRAY) {
            double[] a = (double[]) x;
            int[] n = new int[a.length];
            boolean whole = true;
            for (int i = 0; i < a.length; i++) {
                whole &= Math.floor(a[i]) == a[i] && a[i] >= Integer.MIN_VALUE && a[i] <= Integer.MAX_VALUE;
                n[i] = (int) a[i];
            }
            converted = whole ? n : null;
        }
        return converted == null ? v : new FieldValue(v.id(), f.type(), converted);
    }

    /** The canonical name of a kind code. */
    static String kindName(int kind) {
        return kind < KIND_NAMES.length && KIND_NAMES[kind] != null ? KIND_NAMES[kind] : "kind" + kind;
    }
}
