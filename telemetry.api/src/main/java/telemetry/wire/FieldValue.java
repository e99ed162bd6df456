package telemetry.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded TLV field. The value is a {@code Long} for {@link FieldType#U64} (raw unsigned bits)
 * and {@link FieldType#I64}, a {@code Double} for F64, a {@code String} for BYTES, an {@code int[]}
 * for I32_ARRAY and a {@code double[]} for F64_ARRAY. Arrays are owned by this value: do not modify.
 *
 * @param id the field id on the wire
 * @param type the type tag it came with
 * @param value the decoded value
 */
public record FieldValue(int id, FieldType type, Object value) {

    /** @throws IllegalArgumentException when the value is not of the Java type {@code type} decodes to */
    public FieldValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = switch (type) {
            case U64, I64 -> Long.class;
            case F64 -> Double.class;
            case BYTES -> String.class;
            case I32_ARRAY -> int[].class;
            case F64_ARRAY -> double[].class;
        };
        if (value.getClass() != expected) {
            throw new IllegalArgumentException("a " + type + " value of field " + id + " is a "
                    + expected.getSimpleName() + ", not a " + value.getClass().getSimpleName());
        }
    }

    /** The canonical name: the defined name of {@link #field()}, else {@code id<N>}. */
    public String name() {
        return field() != null ? field().wireName() : "id" + id;
    }

    /**
     * The defined field this value is, or {@code null} for an unknown id or a known id that came
     * with a type other than the documented one (such a value is kept, but not trusted as that field).
     */
    public Field field() {
        Field f = Field.ofId(id);
        return f != null && f.type() == type ? f : null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldValue other) || other.id != id || other.type != type) {
            return false;
        }
        return switch (type) {
            case I32_ARRAY -> Arrays.equals((int[]) value, (int[]) other.value);
            case F64_ARRAY -> Arrays.equals((double[]) value, (double[]) other.value);
            default -> value.equals(other.value);
        };
    }

    @Override
    public int hashCode() {
        int h = 31 * id + type.hashCode();
        return 31 * h
                + switch (type) {
                    case I32_ARRAY -> Arrays.hashCode((int[]) value);
                    case F64_ARRAY -> Arrays.hashCode((double[]) value);
                    default -> value.hashCode();
                };
    }

    @Override
    public String toString() {
        String v = switch (type) {
            case I32_ARRAY -> Arrays.toString((int[]) value);
            case F64_ARRAY -> Arrays.toString((double[]) value);
            case U64 -> Long.toUnsignedString((Long) value);
            default -> value.toString();
        };
        return name() + "=" + v;
    }
}
