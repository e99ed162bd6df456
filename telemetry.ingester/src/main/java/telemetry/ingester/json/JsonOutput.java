package telemetry.ingester.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecyclers;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One JSON document written with Jackson's streaming generator, HTML-safe: besides what JSON
 * requires, {@code < > &}, DEL, U+2028/U+2029 and every surrogate are written as {@code \\uXXXX}, so
 * a string from a datagram can neither close a script element nor reach a terminal as a control
 * character. Doubles are written as {@link Numbers} formats them (non-finite ones as {@code null}).
 * Not thread-safe; one per document.
 */
public final class JsonOutput {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final HtmlSafeEscapes ESCAPES = new HtmlSafeEscapes();

    private final SegmentedStringWriter text;
    private final JsonGenerator g;
    private final StringBuilder number = new StringBuilder(24);

    public JsonOutput() {
        text = new SegmentedStringWriter(BufferRecyclers.getBufferRecycler());
        try {
            g = FACTORY.createGenerator(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.setCharacterEscapes(ESCAPES);
    }

    /** The generator, for anything the helpers below do not cover. */
    public JsonGenerator generator() {
        return g;
    }

    public JsonOutput beginObject() throws IOException {
        g.writeStartObject();
        return this;
    }

    public JsonOutput endObject() throws IOException {
        g.writeEndObject();
        return this;
    }

    public JsonOutput beginArray() throws IOException {
        g.writeStartArray();
        return this;
    }

    public JsonOutput endArray() throws IOException {
        g.writeEndArray();
        return this;
    }

    public JsonOutput name(String name) throws IOException {
        g.writeFieldName(name);
        return this;
    }

    public JsonOutput value(String s) throws IOException {
        g.writeString(s);
        return this;
    }

    public JsonOutput value(long v) throws IOException {
        g.writeNumber(v);
        return this;
    }

    /** An unsigned 64-bit value held in a long (U64 on the wire). */
    public JsonOutput unsignedValue(long v) throws IOException {
        if (v >= 0) {
            g.writeNumber(v);
        } else {
            g.writeNumber(Long.toUnsignedString(v));
        }
        return this;
    }

    /** An exact double (a value from a datagram), {@code null} when not finite. */
    public JsonOutput value(double v) throws IOException {
        if (!Double.isFinite(v)) {
            g.writeNull();
            return this;
        }
        number.setLength(0);
        Numbers.number(number, v);
        g.writeNumber(number.toString());
        return this;
    }

    /** A computed double to at most {@code decimals} decimals, {@code null} when not finite. */
    public JsonOutput value(double v, int decimals) throws IOException {
        if (!Double.isFinite(v)) {
            g.writeNull();
            return this;
        }
        number.setLength(0);
        Numbers.fixed(number, v, decimals);
        g.writeNumber(number.toString());
        return this;
    }

    public JsonOutput nullValue() throws IOException {
        g.writeNull();
        return this;
    }

    public JsonOutput member(String name, String v) throws IOException {
        return name(name).value(v);
    }

    public JsonOutput member(String name, long v) throws IOException {
        return name(name).value(v);
    }

    public JsonOutput member(String name, double v) throws IOException {
        return name(name).value(v);
    }

    public JsonOutput member(String name, double v, int decimals) throws IOException {
        return name(name).value(v, decimals);
    }

    public JsonOutput member(String name, boolean v) throws IOException {
        g.writeBooleanField(name, v);
        return this;
    }

    public JsonOutput array(String name, long[] values) throws IOException {
        g.writeFieldName(name);
        g.writeArray(values, 0, values.length);
        return this;
    }

    /** Ends the document and returns its text. */
    public String finish() {
        try {
            g.close();
            return text.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON string literal of {@code s}, escaped as in documents (for text outputs such as {@code dump}). */
    public static String quoted(String s) {
        JsonOutput out = new JsonOutput();
        try {
            out.value(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.finish();
    }

    /** The escapes on top of JSON's own (see the class comment). */
    private static final class HtmlSafeEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        HtmlSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
            ascii[0x7F] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '<'
                    || ch == '>'
                    || ch == '&'
                    || ch == 0x7F
                    || ch == 0x2028
                    || ch == 0x2029
                    || ch >= 0xD800 && ch <= 0xDFFF) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
