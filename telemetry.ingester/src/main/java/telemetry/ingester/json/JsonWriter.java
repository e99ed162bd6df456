package telemetry.ingester.json;

/**
 * A minimal streaming JSON writer into a {@link StringBuilder}. Commas are placed automatically;
 * every string is escaped so that the output is safe to embed in HTML as well (the characters
 * {@code < > &} and U+2028/U+2029 are written as {@code \\uXXXX}); non-finite numbers become
 * {@code null}.
 *
 * <p>Not thread-safe; one writer per document.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MAX_DEPTH = 64;

    private final StringBuilder out;
    /** One flag per nesting level: true once the level has a first element. */
    private final boolean[] hasElement = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    public JsonWriter() {
        this(new StringBuilder(256));
    }

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        push();
        return this;
    }

    public JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        push();
        return this;
    }

    public JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    /** Writes an object member name; the next call writes its value. */
    public JsonWriter name(String name) {
        separate();
        string(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(out, s);
        }
        return this;
    }

    public JsonWriter value(long v) {
        separate();
        out.append(v);
        return this;
    }

    /** An unsigned 64-bit value held in a long (U64 on the wire). */
    public JsonWriter unsignedValue(long v) {
        separate();
        if (v >= 0) {
            out.append(v);
        } else {
            out.append(Long.toUnsignedString(v));
        }
        return this;
    }

    public JsonWriter value(double v) {
        separate();
        number(out, v);
        return this;
    }

    /**
     * A computed value (a rate, a ratio, a percentile) with at most {@code decimals} (0 to 9)
     * digits after the point: much cheaper to format than the shortest exact form, and as precise
     * as such values are meaningful (6 decimals of a second = 1 µs).
     */
    public JsonWriter value(double v, int decimals) {
        separate();
        fixed(out, v, decimals);
        return this;
    }

    public JsonWriter member(String name, double v, int decimals) {
        return name(name).value(v, decimals);
    }

    public JsonWriter value(boolean v) {
        separate();
        out.append(v);
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    public JsonWriter member(String name, String v) {
        return name(name).value(v);
    }

    public JsonWriter member(String name, long v) {
        return name(name).value(v);
    }

    public JsonWriter member(String name, double v) {
        return name(name).value(v);
    }

    public JsonWriter member(String name, boolean v) {
        return name(name).value(v);
    }

    public JsonWriter array(String name, int[] values) {
        name(name).beginArray();
        for (int v : values) {
            value(v);
        }
        return endArray();
    }

    public JsonWriter array(String name, long[] values) {
        name(name).beginArray();
        for (long v : values) {
            value(v);
        }
        return endArray();
    }

    public JsonWriter array(String name, double[] values) {
        name(name).beginArray();
        for (double v : values) {
            value(v);
        }
        return endArray();
    }

    /** Appends already-serialised JSON as one value (trusted input only). */
    public JsonWriter raw(CharSequence json) {
        separate();
        out.append(json);
        return this;
    }

    public StringBuilder builder() {
        return out;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void push() {
        if (depth + 1 >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        hasElement[++depth] = false;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasElement[depth]) {
                out.append(',');
            }
            hasElement[depth] = true;
        }
    }

    /** Writes a JSON string literal with everything outside printable ASCII-safe text escaped. */
    public static void string(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7F || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c) && !validPair(s, i)) {
                        unicode(out, c);
                    } else {
                        if (Character.isHighSurrogate(c)) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    /** Writes a finite double as a JSON number (plain notation for everyday magnitudes), else null. */
    public static void number(StringBuilder out, double v) {
        if (!Double.isFinite(v)) {
            out.append("null");
            return;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v).append(".0");
            return;
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            out.append(s);
            return;
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        if (exponent >= -7 && exponent < 21) {
            out.append(new java.math.BigDecimal(s).toPlainString());
        } else {
            out.append(s);
        }
    }

    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    /** Fixed-point form with trailing zeros dropped; falls back to {@link #number} when out of range. */
    public static void fixed(StringBuilder out, double v, int decimals) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e9 || decimals < 0 || decimals > 9) {
            number(out, v);
            return;
        }
        long scale = POWERS[decimals];
        long scaled = Math.round(Math.abs(v) * scale);
        if (v < 0 && scaled != 0) {
            out.append('-');
        }
        out.append(scaled / scale);
        long fraction = scaled % scale;
        if (fraction == 0) {
            out.append(".0");
            return;
        }
        int digits = decimals;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        out.append('.');
        for (long p = POWERS[digits - 1]; p > fraction && p > 1; p /= 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    private static boolean validPair(CharSequence s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
    }
}
