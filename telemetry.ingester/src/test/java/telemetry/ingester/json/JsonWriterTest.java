package telemetry.ingester.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import telemetry.ingester.JsonTrees;

class JsonWriterTest {

    @Test
    void everyStringIsEscapedAndSurvivesARoundTrip() {
        String nasty = "q\"b\\s/\n\r\t\b\f\u0000\u001f<script>&\u2028\u2029\u007f é 😀 \ud800 lone";
        String json = new JsonWriter().beginObject().member("s", nasty).endObject().toString();
        assertEquals(-1, json.indexOf('<'));
        assertEquals(-1, json.indexOf('\n'));
        assertEquals(-1, json.indexOf('\u2028'));
        String parsed = JsonTrees.parse(json).get("s").asText();
        assertEquals(nasty.replace("\ud800", "\ufffd"), parsed.replace("\ud800", "\ufffd"));
        assertEquals(Map.of("s", nasty), JsonReader.parse(json));
    }

    @Test
    void numbersAreValidJson() {
        StringBuilder b = new StringBuilder();
        for (double d : new double[] {0, 1, -2.5, 1e-9, 1764064800.25, 1e300, Double.NaN, Double.POSITIVE_INFINITY, 0.1}) {
            JsonWriter.number(b.append(' '), d);
        }
        assertEquals(" 0.0 1.0 -2.5 1.0E-9 1764064800.25 1.0E300 null null 0.1", b.toString());
        String json = new JsonWriter().beginArray().unsignedValue(-1L).value(Long.MIN_VALUE).endArray().toString();
        assertEquals("[18446744073709551615,-9223372036854775808]", json);
    }

    @Test
    void commasAndNestingArePlacedAutomatically() {
        String json = new JsonWriter().beginObject().member("a", 1).name("b").beginArray().value(1).value("x")
                .beginObject().endObject().endArray().name("c").nullValue().endObject().toString();
        assertEquals("{\"a\":1,\"b\":[1,\"x\",{}],\"c\":null}", json);
        assertEquals(Map.of("a", 1L, "b", List.of(1L, "x", Map.of())), withoutNull(JsonReader.parse(json)));
    }

    @SuppressWarnings("unchecked")
    private static Object withoutNull(Object o) {
        Map<String, Object> m = new java.util.HashMap<>((Map<String, Object>) o);
        m.remove("c");
        return m;
    }

    @Test
    void readerRejectsBrokenDocuments() {
        for (String bad : new String[] {"{", "[1,]", "{\"a\" 1}", "\"\u0001\"", "tru", "{} x", "[" .repeat(100)}) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
        }
    }
}
