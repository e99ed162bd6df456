package telemetry.reporter.internal.config;

import java.lang.reflect.Array;
import java.util.Collection;

/** Renders a configuration value for messages: quoted, arrays listed, control characters escaped. */
final class ValueText {

    private static final int MAX_CHARS = 200;

    private ValueText() {}

    static String quote(Object value) {
        if (value == null) {
            return "(not set)";
        }
        if (value.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                b.append(i == 0 ? "" : ", ").append(quote(Array.get(value, i)));
            }
            return b.append(']').toString();
        }
        if (value instanceof Collection<?> c) {
            return quote(c.toArray());
        }
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length() && i < MAX_CHARS; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        if (s.length() > MAX_CHARS) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
