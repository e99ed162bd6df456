package telemetry.ingester.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * What one WebSocket client shows, as it said with
 * {@code {"type":"subscribe","group":NAME|null,"process":"PID@HOST"|null,"view":VIEW}}: the live
 * stream then carries what that view needs ({@link LiveScope}) instead of everything.
 * {@link #EVERYTHING} is the stream of a client that never subscribed ({@code top}, scripts).
 *
 * @param group a process group, or null for all
 * @param process a process key {@code pid@hostname}, or null
 * @param view one of {@link #VIEWS}; null only for {@link #EVERYTHING}
 */
public record Subscription(String group, String process, String view) {

    /** The views of the browser UI. */
    public static final Set<String> VIEWS = Set.of("overview", "capacity", "processes", "gc", "slow");

    /** No subscription: every process, slot arrays, slow records (the stream as it always was). */
    public static final Subscription EVERYTHING = new Subscription(null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean everything() {
        return view == null;
    }

    /** True when {@code message} is meant as a subscription (its {@code type} is {@code subscribe}). */
    public static boolean isSubscribe(String message) {
        return message.contains("\"subscribe\"");
    }

    /**
     * Parses a subscribe message.
     *
     * @throws IllegalArgumentException naming what was wrong and what is accepted
     */
    public static Subscription parse(String message) {
        JsonNode doc;
        try {
            doc = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Unparseable subscribe message (" + e.getOriginalMessage() + "): expected " + FORM);
        }
        if (doc == null
                || !doc.isObject()
                || !"subscribe".equals(doc.path("type").asText(null))) {
            throw new IllegalArgumentException("Not a subscribe message: expected " + FORM);
        }
        String group = text(doc, "group");
        String process = text(doc, "process");
        if (process != null && !process.matches("\\d+@.*")) {
            throw new IllegalArgumentException("Bad process '" + process + "': expected PID@HOSTNAME as listed in the "
                    + "processes (key), or null");
        }
        JsonNode view = doc.get("view");
        if (view == null || !view.isTextual() || !VIEWS.contains(view.asText())) {
            throw new IllegalArgumentException("Bad view " + view + ": expected one of "
                    + String.join(", ", VIEWS.stream().sorted().toList()));
        }
        return new Subscription(group, process, view.asText());
    }

    private static String text(JsonNode doc, String name) {
        JsonNode v = doc.get(name);
        if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("Bad " + name + " " + v + ": expected a string or null in " + FORM);
        }
        return v.asText();
    }

    private static final String FORM = "{\"type\":\"subscribe\",\"group\":NAME|null,\"process\":\"PID@HOST\"|null,"
            + "\"view\":\"overview\"|\"capacity\"|\"processes\"|\"gc\"|\"slow\"}";
}
