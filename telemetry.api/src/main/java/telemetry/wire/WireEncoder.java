package telemetry.wire;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes one datagram at a time into a caller-supplied, reused buffer. Nothing is allocated per
 * call: text is encoded to UTF-8 in place, arrays are copied element by element.
 *
 * <pre>{@code
 * WireEncoder out = new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM));
 * ByteBuffer datagram = out.begin(Kind.PROCESS_STARTED, pid, seq, stamp)
 *         .text(Field.HOSTNAME, host)
 *         .finish();
 * channel.send(datagram, target);
 * }</pre>
 *
 * <p>Not thread-safe: one encoder per sending thread. A field that would take the datagram past
 * {@link WireFormat#MAX_DATAGRAM} or past the buffer fails with {@link BufferOverflowException} and
 * is not written: the datagram so far stays intact and can still be finished. The calls taking a
 * {@link Field} accept only a field of the documented {@link Field#type() type} (an
 * {@link IllegalArgumentException} otherwise); the calls taking a raw id write any id.
 */
public final class WireEncoder {

    private static final byte[] ELLIPSIS = {'.', '.', '.'};

    private final ByteBuffer buffer;

    /** Uses {@code buffer} (heap or direct) for every datagram; its byte order is set to little-endian. */
    public WireEncoder(ByteBuffer buffer) {
        if (buffer.capacity() < WireFormat.HEADER_SIZE) {
            throw new IllegalArgumentException(
                    "buffer of " + buffer.capacity() + " bytes cannot hold the 24-byte header");
        }
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Starts a datagram of a defined kind, discarding anything written before. {@code pid} and
     * {@code seq} are written as their low 32 bits (so a {@code long} counter wraps at 2^32 as the
     * wire format says).
     */
    public WireEncoder begin(Kind kind, long pid, long seq, double stamp) {
        return begin(kind.code(), pid, seq, stamp);
    }

    /**
     * Starts a datagram with a raw kind code, discarding anything written before.
     *
     * @throws IllegalArgumentException when {@code kindCode} is not a byte (0–255)
     */
    public WireEncoder begin(int kindCode, long pid, long seq, double stamp) {
        if (kindCode < 0 || kindCode > 0xFF) {
            throw new IllegalArgumentException("kind " + kindCode + " is outside 0..255");
        }
        buffer.clear();
        buffer.limit(Math.min(buffer.capacity(), WireFormat.MAX_DATAGRAM));
        buffer.putInt(WireFormat.MAGIC)
                .put((byte) WireFormat.VERSION)
                .put((byte) kindCode)
                .putShort((short) 0)
                .putInt((int) pid)
                .putInt((int) seq)
                .putDouble(stamp);
        return this;
    }

    public WireEncoder u64(Field field, long value) {
        return u64(idOf(field, FieldType.U64), value);
    }

    public WireEncoder u64(int id, long value) {
        header(id, FieldType.U64, 8).putLong(value);
        return this;
    }

    public WireEncoder i64(Field field, long value) {
        return i64(idOf(field, FieldType.I64), value);
    }

    public WireEncoder i64(int id, long value) {
        header(id, FieldType.I64, 8).putLong(value);
        return this;
    }

    public WireEncoder f64(Field field, double value) {
        return f64(idOf(field, FieldType.F64), value);
    }

    public WireEncoder f64(int id, double value) {
        header(id, FieldType.F64, 8).putDouble(value);
        return this;
    }

    /**
     * Writes text as UTF-8, cut to the field's {@link Field#maxBytes() limit} (to {@code limit − 3}
     * bytes plus {@code ...}, never inside a UTF-8 sequence). {@code null} or empty text is not
     * sent. Unpaired surrogates are written as {@code ?}.
     */
    public WireEncoder text(Field field, CharSequence value) {
        return text(idOf(field, FieldType.BYTES), value, field.maxBytes());
    }

    /**
     * Writes text under a raw id; {@code maxBytes} 0 means only the u16 length limits it, any other
     * limit must leave room for the {@code ...} (at least 3).
     */
    public WireEncoder text(int id, CharSequence value, int maxBytes) {
        if (maxBytes < 0 || maxBytes > 0 && maxBytes < ELLIPSIS.length) {
            throw new IllegalArgumentException("text limit " + maxBytes + " bytes: 0 (none) or at least 3 expected");
        }
        if (value == null || value.length() == 0) {
            return this;
        }
        int limit = maxBytes > 0 ? Math.min(maxBytes, 0xFFFF) : 0xFFFF;
        int full = utf8Length(value, Integer.MAX_VALUE);
        int chars = value.length();
        int bytes = full;
        boolean cut = full > limit;
        if (cut) {
            chars = utf8Prefix(value, limit - ELLIPSIS.length);
            bytes = utf8Length(value, chars) + ELLIPSIS.length;
        }
        header(id, FieldType.BYTES, 2 + bytes).putShort((short) bytes);
        putUtf8(value, chars);
        if (cut) {
            buffer.put(ELLIPSIS);
        }
        return this;
    }

    /** Writes the first {@code count} elements of {@code values} as an I32 array. */
    public WireEncoder i32Array(Field field, int[] values, int count) {
        checkCount(count, values.length);
        header(idOf(field, FieldType.I32_ARRAY), FieldType.I32_ARRAY, 2 + 4L * count)
                .putShort((short) count);
        putInts(values, count);
        return this;
    }

    /** Writes the first {@code count} counters as an I32 array, each saturated to the int range. */
    public WireEncoder i32Array(Field field, long[] values, int count) {
        checkCount(count, values.length);
        header(idOf(field, FieldType.I32_ARRAY), FieldType.I32_ARRAY, 2 + 4L * count)
                .putShort((short) count);
        int at = buffer.position();
        for (int i = 0; i < count; i++, at += 4) {
            long v = values[i];
            buffer.putInt(
                    at,
                    v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) v);
        }
        buffer.position(at);
        return this;
    }

    /** Writes the first {@code count} elements of {@code values} as an F64 array. */
    public WireEncoder f64Array(Field field, double[] values, int count) {
        checkCount(count, values.length);
        header(idOf(field, FieldType.F64_ARRAY), FieldType.F64_ARRAY, 2 + 8L * count)
                .putShort((short) count);
        putDoubles(values, count);
        return this;
    }

    /** Writes any decoded value as it came: used to re-encode a {@link Datagram}. */
    public WireEncoder value(FieldValue v) {
        switch (v.type()) {
            case U64 -> u64(v.id(), (Long) v.value());
            case I64 -> i64(v.id(), (Long) v.value());
            case F64 -> f64(v.id(), (Double) v.value());
            case BYTES -> {
                String s = (String) v.value();
                if (s.isEmpty()) {
                    header(v.id(), FieldType.BYTES, 2).putShort((short) 0);
                } else {
                    text(v.id(), s, 0);
                }
            }
            case I32_ARRAY -> {
                int[] a = (int[]) v.value();
                checkCount(a.length, a.length);
                header(v.id(), FieldType.I32_ARRAY, 2 + 4L * a.length).putShort((short) a.length);
                putInts(a, a.length);
            }
            case F64_ARRAY -> {
                double[] a = (double[]) v.value();
                checkCount(a.length, a.length);
                header(v.id(), FieldType.F64_ARRAY, 2 + 8L * a.length).putShort((short) a.length);
                putDoubles(a, a.length);
            }
        }
        return this;
    }

    /** Writes a whole decoded datagram: header and every field in its order. */
    public ByteBuffer encode(Datagram d) {
        begin(d.kindCode(), d.pid(), d.seq(), d.stamp());
        for (FieldValue v : d.fields()) {
            value(v);
        }
        return finish();
    }

    /** Bytes written so far for the current datagram. */
    public int length() {
        return buffer.position();
    }

    /**
     * Ends the datagram: the returned buffer (this encoder's own) holds it between position 0 and
     * its limit, ready for a send. Valid until the next {@link #begin}.
     */
    public ByteBuffer finish() {
        return buffer.flip();
    }

    // Arrays are written with absolute puts and one position update: the room was checked by header().

    private void putInts(int[] values, int count) {
        int at = buffer.position();
        for (int i = 0; i < count; i++, at += 4) {
            buffer.putInt(at, values[i]);
        }
        buffer.position(at);
    }

    private void putDoubles(double[] values, int count) {
        int at = buffer.position();
        for (int i = 0; i < count; i++, at += 8) {
            buffer.putDouble(at, values[i]);
        }
        buffer.position(at);
    }

    private static int idOf(Field field, FieldType written) {
        if (field.type() != written) {
            throw new IllegalArgumentException(field.wireName() + " is " + field.type() + ", not " + written);
        }
        return field.id();
    }

    private ByteBuffer header(int id, FieldType type, long valueBytes) {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("field id " + id + " is outside 0..65535");
        }
        if (3 + valueBytes > buffer.remaining()) {
            throw new BufferOverflowException();
        }
        return buffer.putShort((short) id).put((byte) type.tag());
    }

    private static void checkCount(int count, int available) {
        if (count < 0 || count > available || count > 0xFFFF) {
            throw new IllegalArgumentException(
                    "array count " + count + " is outside 0.." + Math.min(available, 0xFFFF));
        }
    }

    /** UTF-8 length of the first {@code chars} chars (all of them when larger than the length). */
    private static int utf8Length(CharSequence s, int chars) {
        int n = Math.min(chars, s.length());
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // written as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** How many chars fit in {@code maxBytes} of UTF-8 without splitting a code point. */
    private static int utf8Prefix(CharSequence s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int width;
            int span = 1;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                width = 4;
                span = 2;
            } else if (Character.isSurrogate(c)) {
                width = 1;
            } else {
                width = 3;
            }
            if (bytes + width > maxBytes) {
                break;
            }
            bytes += width;
            i += span;
        }
        return i;
    }

    private void putUtf8(CharSequence s, int chars) {
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buffer.put((byte) c);
            } else if (c < 0x800) {
                buffer.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buffer.put((byte) (0xF0 | cp >> 18))
                        .put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F))
                        .put((byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buffer.put((byte) '?');
            } else {
                buffer.put((byte) (0xE0 | c >> 12))
                        .put((byte) (0x80 | c >> 6 & 0x3F))
                        .put((byte) (0x80 | c & 0x3F));
            }
        }
    }
}
