package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shared test vectors of wire-format.md: {@code .bin} datagrams with their expected decode as
 * {@code .json} beside each. Found through the system property {@code telemetry.shared} (set by
 * surefire from the root pom), else {@code ../../shared} relative to the module directory. A missing
 * directory fails the tests: they never pass by finding nothing.
 */
final class SharedVectors {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One vector: its name, its bytes and its expected decode (or expected error). */
    record Vector(String name, byte[] bytes, JsonNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SharedVectors() {}

    static Path shared() {
        String configured = System.getProperty("telemetry.shared");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../../shared");
        assertTrue(
                Files.isDirectory(dir.resolve("vectors")),
                () -> "shared vectors not found under " + dir.toAbsolutePath() + " (set -Dtelemetry.shared)");
        return dir;
    }

    /** The valid vectors ({@code vectors/*.bin}). */
    static List<Vector> valid() {
        return load(shared().resolve("vectors"));
    }

    /** The invalid vectors ({@code vectors/invalid/*.bin}). */
    static List<Vector> invalid() {
        return load(shared().resolve("vectors").resolve("invalid"));
    }

    /**
     * The vectors of this module's tests ({@code src/test/resources/vectors}): kinds the shared set
     * does not have yet (gc_snapshot, gc_event), in the same {@code .bin}/{@code .json} form.
     */
    static List<Vector> module() {
        return load(Path.of("src/test/resources/vectors"));
    }

    static Vector named(String name) {
        return valid().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shared vector " + name));
    }

    private static List<Vector> load(Path dir) {
        List<Vector> vectors = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path bin : files.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .sorted()
                    .toList()) {
                String name = bin.getFileName().toString().replaceFirst("\\.bin$", "");
                Path json = bin.resolveSibling(name + ".json");
                assertTrue(Files.isRegularFile(json), () -> "vector " + bin + " has no " + json.getFileName());
                vectors.add(new Vector(name, Files.readAllBytes(bin), JSON.readTree(json.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(!vectors.isEmpty(), () -> "no .bin vectors in " + dir);
        return vectors;
    }

    /**
     * Asserts that a decoded datagram is exactly the expected JSON: header, every field in order,
     * canonical names ({@code id<N>} for unknown ids), integers by type (U64 unsigned, I64 signed),
     * floats bit for bit, text, arrays as lists. JSON integers must meet integer fields and JSON
     * floats float fields, so a type confusion cannot pass.
     */
    static void assertDecodesTo(JsonNode expected, Datagram actual) {
        assertEquals(expected.get("version").intValue(), actual.version(), "version");
        assertEquals(expected.get("kind").intValue(), actual.kindCode(), "kind");
        assertEquals(expected.get("pid").longValue(), actual.pid(), "pid");
        assertEquals(expected.get("seq").longValue(), actual.seq(), "seq");
        assertExactDouble(expected.get("stamp"), actual.stamp(), "stamp");

        JsonNode fields = expected.get("fields");
        List<FieldValue> values = actual.fields();
        assertEquals(fields.size(), values.size(), () -> "field count; decoded " + names(values));
        Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
        for (int i = 0; it.hasNext(); i++) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldValue v = values.get(i);
            String where = "field #" + i + " (" + e.getKey() + ")";
            assertEquals(e.getKey(), v.name(), where + ": name");
            assertValue(e.getValue(), v, where);
        }
    }

    static void assertValue(JsonNode expected, FieldValue v, String where) {
        switch (v.type()) {
            case U64 -> {
                assertTrue(expected.isIntegralNumber(), where + ": expected JSON " + expected + " for a U64");
                assertEquals(
                        expected.bigIntegerValue(), new BigInteger(Long.toUnsignedString((Long) v.value())), where);
            }
            case I64 -> {
                assertTrue(expected.isIntegralNumber(), where + ": expected JSON " + expected + " for an I64");
                assertEquals(expected.bigIntegerValue(), BigInteger.valueOf((Long) v.value()), where);
            }
            case F64 -> assertExactDouble(expected, (Double) v.value(), where);
            case BYTES -> {
                assertTrue(expected.isTextual(), where + ": expected JSON " + expected + " for text");
                assertEquals(expected.textValue(), v.value(), where);
            }
            case I32_ARRAY -> {
                int[] a = (int[]) v.value();
                assertTrue(expected.isArray(), where + ": expected a JSON list");
                assertEquals(expected.size(), a.length, where + ": length");
                for (int i = 0; i < a.length; i++) {
                    JsonNode e = expected.get(i);
                    assertTrue(
                            e.isIntegralNumber() && e.canConvertToInt(),
                            where + "[" + i + "]: " + e + " is not an i32");
                    assertEquals(e.intValue(), a[i], where + "[" + i + "]");
                }
            }
            case F64_ARRAY -> {
                double[] a = (double[]) v.value();
                assertTrue(expected.isArray(), where + ": expected a JSON list");
                assertEquals(expected.size(), a.length, where + ": length");
                for (int i = 0; i < a.length; i++) {
                    assertExactDouble(expected.get(i), a[i], where + "[" + i + "]");
                }
            }
        }
    }

    /** Same binary64 value, bit for bit (so 0.0 and -0.0 differ); the JSON must be a float literal. */
    static void assertExactDouble(JsonNode expected, double actual, String where) {
        assertTrue(expected.isFloatingPointNumber(), where + ": expected JSON " + expected + " for a float");
        assertEquals(
                Double.doubleToRawLongBits(expected.doubleValue()),
                Double.doubleToRawLongBits(actual),
                () -> where + ": expected " + expected + ", decoded " + actual);
    }

    private static List<String> names(List<FieldValue> values) {
        return values.stream().map(FieldValue::name).toList();
    }
}
