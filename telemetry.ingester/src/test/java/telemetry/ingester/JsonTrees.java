package telemetry.ingester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/** JSON comparison for tests: numbers compare by value (1 equals 1.0), objects ignore member order. */
public final class JsonTrees {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTrees() {}

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Null when equal, else the path of the first difference. */
    public static String difference(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.isIntegralNumber() && actual.isIntegralNumber()) {
                return expected.bigIntegerValue().equals(actual.bigIntegerValue())
                        ? null
                        : path + ": " + expected + " != " + actual;
            }
            return expected.doubleValue() == actual.doubleValue() ? null : path + ": " + expected + " != " + actual;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return path + ": " + expected + " != " + actual;
        }
        if (expected.isObject()) {
            if (expected.size() != actual.size()) {
                return path + ": members " + fieldNames(expected) + " != " + fieldNames(actual);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = actual.get(e.getKey());
                if (other == null) {
                    return path + "." + e.getKey() + ": missing";
                }
                String d = difference(e.getValue(), other, path + "." + e.getKey());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                return path + ": " + expected.size() + " elements != " + actual.size();
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(expected.get(i), actual.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : path + ": " + expected + " != " + actual;
    }

    private static String fieldNames(JsonNode n) {
        StringBuilder b = new StringBuilder();
        n.fieldNames().forEachRemaining(f -> b.append(f).append(' '));
        return b.toString().trim();
    }
}
