package telemetry.ingester.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import telemetry.ingester.JsonTrees;

class JsonOutputTest {

    @Test
    void everyStringIsEscapedHtmlSafeAndSurvivesARoundTrip() throws IOException {
        String nasty = "q\"b\\s/\n\r\t\b\f\u0000\u001f<script>&\u2028\u2029\u007f é 😀 \ud800 lone";
        String json =
                new JsonOutput().beginObject().member("s", nasty).endObject().finish();
        assertEquals(-1, json.indexOf('<'));
        assertEquals(-1, json.indexOf('>'));
        assertEquals(-1, json.indexOf('&'));
        assertEquals(-1, json.indexOf('\n'));
        assertEquals(-1, json.indexOf('\u2028'));
        assertEquals(-1, json.indexOf('\u007f'));
        assertEquals(-1, json.indexOf('\ud800'), "a lone surrogate is escaped, not written raw");
        assertTrue(json.contains("\\u003cscript\\u003e\\u0026"), json);
        String parsed = JsonTrees.parse(json).get("s").asText();
        assertEquals(nasty, parsed);
    }

    @Test
    void numbersAreValidJson() throws IOException {
        StringBuilder b = new StringBuilder();
        for (double d :
                new double[] {0, 1, -2.5, 1e-9, 1764064800.25, 1e300, Double.NaN, Double.POSITIVE_INFINITY, 0.1}) {
            Numbers.number(b.append(' '), d);
        }
        assertEquals(" 0.0 1.0 -2.5 1.0E-9 1764064800.25 1.0E300 null null 0.1", b.toString());
        String json = new JsonOutput()
                .beginArray()
                .unsignedValue(-1L)
                .value(Long.MIN_VALUE)
                .value(Double.NaN)
                .value(0.1234567891, 6)
                .value(2.5e-7, 6)
                .endArray()
                .finish();
        assertEquals("[18446744073709551615,-9223372036854775808,null,0.123457,0.0]", json);
        JsonTrees.parse("{\"a\":" + json + "}");
    }
}
