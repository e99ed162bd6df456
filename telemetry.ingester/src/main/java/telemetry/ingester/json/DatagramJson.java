package telemetry.ingester.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntPredicate;
import telemetry.wire.Datagram;
import telemetry.wire.FieldType;
import telemetry.wire.FieldValue;

/**
 * Renders decoded datagrams: as the JSON object of the shared test vectors
 * ({@code version, kind, pid, seq, stamp, fields}), as a fields object with canonical names, or as
 * one line of text. Stateless.
 */
public final class DatagramJson {

    private DatagramJson() {}

    /** The vector form: {@code {"version":1,"kind":2,"pid":..,"seq":..,"stamp":..,"fields":{..}}}. */
    public static String toJson(Datagram d) {
        JsonOutput w = new JsonOutput();
        try {
            w.beginObject()
                    .member("version", d.version())
                    .member("kind", d.kindCode())
                    .member("pid", d.pid())
                    .member("seq", d.seq())
                    .member("stamp", d.stamp())
                    .name("fields");
            fields(w, d, id -> true, "", -1);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.finish();
    }

    /**
     * Writes the fields accepted by {@code include} as one object, each under its canonical name
     * with {@code stripPrefix} removed from the front when present, and the elements of float
     * arrays to {@code arrayDecimals} decimals (negative: exactly).
     */
    public static void fields(JsonOutput w, Datagram d, IntPredicate include, String stripPrefix, int arrayDecimals)
            throws IOException {
        w.beginObject();
        for (FieldValue v : d.fields()) {
            if (!include.test(v.id())) {
                continue;
            }
            String name = v.name();
            if (!stripPrefix.isEmpty() && name.startsWith(stripPrefix)) {
                name = name.substring(stripPrefix.length());
            }
            w.name(name);
            if (arrayDecimals >= 0 && v.type() == FieldType.F64_ARRAY) {
                w.beginArray();
                for (double x : (double[]) v.value()) {
                    w.value(x, arrayDecimals);
                }
                w.endArray();
            } else {
                value(w, v);
            }
        }
        w.endObject();
    }

    /** Writes one field value (U64 unsigned, arrays as lists, text escaped). */
    public static void value(JsonOutput w, FieldValue v) throws IOException {
        switch (v.type()) {
            case U64 -> w.unsignedValue((Long) v.value());
            case I64 -> w.value((long) (Long) v.value());
            case F64 -> w.value((double) (Double) v.value());
            case BYTES -> w.value((String) v.value());
            case I32_ARRAY -> {
                int[] a = (int[]) v.value();
                w.generator().writeArray(a, 0, a.length);
            }
            case F64_ARRAY -> {
                w.beginArray();
                for (double x : (double[]) v.value()) {
                    w.value(x);
                }
                w.endArray();
            }
        }
    }

    /**
     * One line of text: {@code kind pid=N seq=N stamp=S name=value ...}; text values are quoted
     * and escaped like JSON strings, so no control character from a datagram reaches the terminal.
     */
    public static String toText(Datagram d) {
        StringBuilder out = new StringBuilder(256);
        out.append(d.kindName())
                .append(" pid=")
                .append(d.pid())
                .append(" seq=")
                .append(d.seq())
                .append(" stamp=");
        Numbers.number(out, d.stamp());
        for (FieldValue v : d.fields()) {
            out.append(' ').append(v.name()).append('=');
            JsonOutput w = new JsonOutput();
            try {
                value(w, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.append(w.finish());
        }
        return out.toString();
    }
}
