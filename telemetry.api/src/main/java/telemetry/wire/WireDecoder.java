package telemetry.wire;

import static telemetry.wire.MalformedDatagramException.Reason.ARRAY_LENGTH_PAST_END;
import static telemetry.wire.MalformedDatagramException.Reason.BAD_MAGIC;
import static telemetry.wire.MalformedDatagramException.Reason.BYTES_LENGTH_PAST_END;
import static telemetry.wire.MalformedDatagramException.Reason.SHORT_HEADER;
import static telemetry.wire.MalformedDatagramException.Reason.TLV_HEADER_PAST_END;
import static telemetry.wire.MalformedDatagramException.Reason.TOO_LONG;
import static telemetry.wire.MalformedDatagramException.Reason.UNKNOWN_TYPE_TAG;
import static telemetry.wire.MalformedDatagramException.Reason.UNSUPPORTED_VERSION;
import static telemetry.wire.MalformedDatagramException.Reason.VALUE_PAST_END;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict decoder of version-1 datagrams. Every fault ends in one {@link MalformedDatagramException}
 * naming the rule and the offset; every length is checked against the bytes that remain before
 * anything is allocated from it. Stateless and thread-safe.
 *
 * <p>A known field that arrives with another type than its own is still that field when the value
 * converts without loss (wire-format.md; mod_wsgi's Python encoder writes an empty list as
 * I32_ARRAY whatever the field, and integral numbers as U64 or I64): it is decoded as a value of
 * the field's type. A value that would not convert exactly stays under its own type, so
 * {@link FieldValue#field()} is null and it is named {@code id<N>}.
 */
public final class WireDecoder {

    private WireDecoder() {}

    /** Decodes {@code length} bytes of {@code data} starting at {@code offset}. */
    public static Datagram decode(byte[] data, int offset, int length) throws MalformedDatagramException {
        return decode(ByteBuffer.wrap(data, offset, length).slice());
    }

    /** Decodes a whole datagram. */
    public static Datagram decode(byte[] data) throws MalformedDatagramException {
        return decode(data, 0, data.length);
    }

    /**
     * Decodes the bytes between the buffer's position and limit. The buffer's position, limit and
     * byte order are left as they were.
     */
    public static Datagram decode(ByteBuffer datagram) throws MalformedDatagramException {
        ByteBuffer in = datagram.slice().order(ByteOrder.LITTLE_ENDIAN);
        int end = in.limit();
        if (end < WireFormat.HEADER_SIZE) {
            throw new MalformedDatagramException(SHORT_HEADER, 0, end + " bytes");
        }
        if (end > WireFormat.MAX_DATAGRAM) {
            throw new MalformedDatagramException(TOO_LONG, WireFormat.MAX_DATAGRAM, end + " bytes");
        }
        if (in.getInt(0) != WireFormat.MAGIC) {
            throw new MalformedDatagramException(BAD_MAGIC, 0, "expected ASCII 'WSGI'");
        }
        int version = in.get(4) & 0xFF;
        if (version != WireFormat.VERSION) {
            throw new MalformedDatagramException(UNSUPPORTED_VERSION, 4, "version " + version + ", only 1 is read");
        }
        int kind = in.get(5) & 0xFF;
        long pid = in.getInt(8) & 0xFFFF_FFFFL;
        long seq = in.getInt(12) & 0xFFFF_FFFFL;
        double stamp = in.getDouble(16);

        List<FieldValue> values = new ArrayList<>(64); // a periodic sample has about 55 fields
        int at = WireFormat.HEADER_SIZE;
        while (at < end) {
            int fieldStart = at;
            if (end - at < 3) {
                throw new MalformedDatagramException(TLV_HEADER_PAST_END, fieldStart, (end - at) + " bytes left");
            }
            int id = in.getShort(at) & 0xFFFF;
            int tag = in.get(at + 2) & 0xFF;
            at += 3;
            FieldType type = FieldType.ofTag(tag);
            if (type == null) {
                throw new MalformedDatagramException(
                        UNKNOWN_TYPE_TAG,
                        fieldStart + 2,
                        "tag 0x" + Integer.toHexString(tag) + " on field " + id + "; known tags are 0x01 to 0x06");
            }
            Object value;
            if (type.hasLength()) {
                if (end - at < 2) {
                    throw new MalformedDatagramException(
                            TLV_HEADER_PAST_END, fieldStart, "field " + id + " has no length");
                }
                int count = in.getShort(at) & 0xFFFF;
                at += 2;
                int left = end - at;
                switch (type) {
                    case BYTES -> {
                        if (count > left) {
                            throw pastEnd(
                                    BYTES_LENGTH_PAST_END,
                                    fieldStart,
                                    end,
                                    count,
                                    "field " + id + " says " + count + " bytes, " + left + " left");
                        }
                        byte[] raw = new byte[count];
                        in.get(at, raw);
                        value = new String(raw, StandardCharsets.UTF_8);
                        at += count;
                    }
                    case I32_ARRAY -> {
                        if ((long) count * 4 > left) {
                            throw pastEnd(
                                    ARRAY_LENGTH_PAST_END,
                                    fieldStart,
                                    end,
                                    (long) count * 4,
                                    "field " + id + " says " + count + " elements of 4 bytes, " + left + " bytes left");
                        }
                        int[] array = new int[count];
                        for (int i = 0; i < count; i++, at += 4) {
                            array[i] = in.getInt(at);
                        }
                        value = array;
                    }
                    default -> {
                        if ((long) count * 8 > left) {
                            throw pastEnd(
                                    ARRAY_LENGTH_PAST_END,
                                    fieldStart,
                                    end,
                                    (long) count * 8,
                                    "field " + id + " says " + count + " elements of 8 bytes, " + left + " bytes left");
                        }
                        double[] array = new double[count];
                        for (int i = 0; i < count; i++, at += 8) {
                            array[i] = in.getDouble(at);
                        }
                        value = array;
                    }
                }
            } else {
                if (end - at < 8) {
                    throw new MalformedDatagramException(
                            VALUE_PAST_END, fieldStart, "field " + id + " needs 8 bytes, " + (end - at) + " left");
                }
                value = type == FieldType.F64 ? (Object) in.getDouble(at) : (Object) in.getLong(at);
                at += 8;
            }
            Field known = Field.ofId(id);
            if (known != null && known.type() != type) {
                Object converted = convert(value, type, known.type());
                if (converted != null) {
                    type = known.type();
                    value = converted;
                }
            }
            values.add(new FieldValue(id, type, value));
        }
        return Datagram.of(kind, pid, seq, stamp, values);
    }

    /** Largest magnitude up to which every integer is exactly a double. */
    private static final long EXACT_DOUBLE = 1L << 53;

    /**
     * {@code value} (decoded as {@code from}) as a value of type {@code to}, or null when that would
     * lose or invent information: text is never a number nor a number text, a fraction never a count,
     * a 64-bit integer beyond 2^53 never a double.
     */
    static Object convert(Object value, FieldType from, FieldType to) {
        return switch (to) {
            case F64 ->
                switch (from) {
                    case U64, I64 -> {
                        long v = (Long) value;
                        // not Math.abs: it answers Long.MIN_VALUE, a negative number, for Long.MIN_VALUE
                        yield (from == FieldType.U64
                                        ? v >= 0 && v <= EXACT_DOUBLE
                                        : v >= -EXACT_DOUBLE && v <= EXACT_DOUBLE)
                                ? (Object) (double) v
                                : null;
                    }
                    default -> null;
                };
            case U64, I64 ->
                switch (from) {
                    case U64 -> to == FieldType.I64 && (Long) value < 0 ? null : value; // above 2^63 is no I64
                    case I64 -> to == FieldType.U64 && (Long) value < 0 ? null : value; // a negative is no U64
                    case F64 -> {
                        double d = (Double) value;
                        boolean integral = d == Math.rint(d) && Math.abs(d) <= EXACT_DOUBLE;
                        yield integral && (to == FieldType.I64 || d >= 0) ? (Object) (long) d : null;
                    }
                    default -> null;
                };
            case F64_ARRAY -> {
                if (from != FieldType.I32_ARRAY) {
                    yield null;
                }
                int[] ints = (int[]) value;
                double[] doubles = new double[ints.length];
                for (int i = 0; i < ints.length; i++) {
                    doubles[i] = ints[i];
                }
                yield doubles;
            }
            case I32_ARRAY -> {
                if (from != FieldType.F64_ARRAY) {
                    yield null;
                }
                double[] doubles = (double[]) value;
                int[] ints = new int[doubles.length];
                for (int i = 0; i < doubles.length; i++) {
                    double d = doubles[i];
                    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                        yield null;
                    }
                    ints[i] = (int) d;
                }
                yield ints;
            }
            case BYTES -> null;
        };
    }

    /**
     * A length that cannot be right (the value would not fit even in everything from the field's
     * start to the end) is a bad length; a plausible length whose value is cut short means the
     * datagram was truncated inside the value.
     */
    private static MalformedDatagramException pastEnd(
            MalformedDatagramException.Reason badLength, int fieldStart, int end, long valueBytes, String detail) {
        boolean impossible = valueBytes > end - fieldStart;
        return new MalformedDatagramException(impossible ? badLength : VALUE_PAST_END, fieldStart, detail);
    }
}
