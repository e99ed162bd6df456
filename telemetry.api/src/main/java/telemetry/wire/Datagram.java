package telemetry.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoded record: the header and its fields in wire order (a field repeated in one datagram
 * keeps its first position and its last value). Immutable once built; safe to share between threads.
 */
public final class Datagram {

    private final int version;
    private final int kindCode;
    private final long pid;
    private final long seq;
    private final double stamp;
    private final List<FieldValue> fields;
    /** Field id to its index in {@link #fields}. */
    private final Map<Integer, Integer> position;

    private Datagram(
            int version,
            int kindCode,
            long pid,
            long seq,
            double stamp,
            List<FieldValue> fields,
            Map<Integer, Integer> position) {
        this.version = version;
        this.kindCode = kindCode;
        this.pid = pid;
        this.seq = seq;
        this.stamp = stamp;
        this.fields = Collections.unmodifiableList(fields);
        this.position = position;
    }

    /** Builds a datagram from values; a value whose id repeats replaces the earlier one in place. */
    public static Datagram of(int kindCode, long pid, long seq, double stamp, List<FieldValue> values) {
        List<FieldValue> ordered = new ArrayList<>(values.size());
        Map<Integer, Integer> position = new HashMap<>(values.size() * 2);
        for (FieldValue v : values) {
            Integer at = position.putIfAbsent(v.id(), ordered.size());
            if (at == null) {
                ordered.add(v);
            } else {
                ordered.set(at, v);
            }
        }
        return new Datagram(
                WireFormat.VERSION, kindCode & 0xFF, pid & 0xFFFF_FFFFL, seq & 0xFFFF_FFFFL, stamp, ordered, position);
    }

    public int version() {
        return version;
    }

    /** The kind byte. */
    public int kindCode() {
        return kindCode;
    }

    /** The kind, or {@code null} when the code is not a defined kind. */
    public Kind kind() {
        return Kind.ofCode(kindCode);
    }

    /** The canonical kind name, {@code kind<N>} for undefined codes. */
    public String kindName() {
        return Kind.nameOf(kindCode);
    }

    /** Process id of the sender (u32). */
    public long pid() {
        return pid;
    }

    /** Per-process sequence number shared by all kinds (u32, wraps). */
    public long seq() {
        return seq;
    }

    /** Seconds since the epoch when the record was made. */
    public double stamp() {
        return stamp;
    }

    /** All fields in wire order, unknown ones included. */
    public List<FieldValue> fields() {
        return fields;
    }

    /** The value with this id, whatever its type, or {@code null}. */
    public FieldValue get(int id) {
        Integer at = position.get(id);
        return at != null ? fields.get(at) : null;
    }

    /** True when the field is present with its documented type. */
    public boolean has(Field field) {
        FieldValue v = get(field.id());
        return v != null && v.type() == field.type();
    }

    /**
     * A U64 (raw unsigned bits) or I64 field, or {@code absent} when it is missing or came with
     * another type.
     *
     * @throws IllegalArgumentException when {@code field} is not an integer field
     */
    public long longValue(Field field, long absent) {
        FieldValue v = typed(field, FieldType.U64, FieldType.I64, "longValue");
        return v != null ? (Long) v.value() : absent;
    }

    /**
     * An F64 field, or {@code absent}.
     *
     * @throws IllegalArgumentException when {@code field} is not an F64 field
     */
    public double doubleValue(Field field, double absent) {
        FieldValue v = typed(field, FieldType.F64, FieldType.F64, "doubleValue");
        return v != null ? (Double) v.value() : absent;
    }

    /**
     * A text field, or {@code null}.
     *
     * @throws IllegalArgumentException when {@code field} is not a text field
     */
    public String text(Field field) {
        FieldValue v = typed(field, FieldType.BYTES, FieldType.BYTES, "text");
        return v != null ? (String) v.value() : null;
    }

    /**
     * An I32 array field (shared, do not modify), or {@code null}.
     *
     * @throws IllegalArgumentException when {@code field} is not an I32 array field
     */
    public int[] intArray(Field field) {
        FieldValue v = typed(field, FieldType.I32_ARRAY, FieldType.I32_ARRAY, "intArray");
        return v != null ? (int[]) v.value() : null;
    }

    /**
     * An F64 array field (shared, do not modify), or {@code null}.
     *
     * @throws IllegalArgumentException when {@code field} is not an F64 array field
     */
    public double[] doubleArray(Field field) {
        FieldValue v = typed(field, FieldType.F64_ARRAY, FieldType.F64_ARRAY, "doubleArray");
        return v != null ? (double[]) v.value() : null;
    }

    /** The value of {@code field} when it came with its documented type, which the getter must read. */
    private FieldValue typed(Field field, FieldType readable, FieldType alsoReadable, String getter) {
        if (field.type() != readable && field.type() != alsoReadable) {
            throw new IllegalArgumentException(
                    field.wireName() + " is " + field.type() + ", which " + getter + " does not read");
        }
        FieldValue v = get(field.id());
        return v != null && v.type() == field.type() ? v : null;
    }

    @Override
    public String toString() {
        return kindName() + "{pid=" + pid + ", seq=" + seq + ", stamp=" + stamp + ", " + fields + "}";
    }
}
