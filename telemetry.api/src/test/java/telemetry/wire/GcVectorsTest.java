package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import telemetry.wire.SharedVectors.Vector;

/**
 * The gc_snapshot and gc_event vectors (kinds 8 and 9): their {@code .json} was written by hand from
 * wire-format.md, their {@code .bin} must be what the plain reference encoder writes from that JSON,
 * and our decoder must read each back to exactly its JSON.
 */
class GcVectorsTest {

    /** The two F64 fields of kinds 8 and 9 (wire-format.md); every other gc field is U64. */
    private static final Set<String> F64_FIELDS = Set.of("gc_event_start_stamp", "gc_event_duration");
    /** Field ids as the table of wire-format.md gives them, not taken from {@link Field}. */
    private static final List<String> GC_NAMES = List.of(
            "gc_count0",
            "gc_count1",
            "gc_count2",
            "gc_threshold0",
            "gc_threshold1",
            "gc_threshold2",
            "gc_collections0",
            "gc_collections1",
            "gc_collections2",
            "gc_collected0",
            "gc_collected1",
            "gc_collected2",
            "gc_uncollectable0",
            "gc_uncollectable1",
            "gc_uncollectable2",
            "gc_is_enabled",
            "gc_freeze_count",
            "gc_dropped_events",
            "id318",
            "id319",
            "gc_event_start_stamp",
            "gc_event_duration",
            "gc_event_generation",
            "gc_event_collected",
            "gc_event_uncollectable");

    static List<Vector> module() {
        return SharedVectors.module();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("module")
    void binIsWhatTheReferenceEncoderWritesFromTheJson(Vector v) {
        JsonNode e = v.expected();
        List<FieldValue> values = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = e.get("fields").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            int id = 300 + GC_NAMES.indexOf(f.getKey());
            values.add(
                    F64_FIELDS.contains(f.getKey())
                            ? new FieldValue(id, FieldType.F64, f.getValue().doubleValue())
                            : new FieldValue(id, FieldType.U64, f.getValue().longValue()));
        }
        byte[] reference = ReferenceWire.encode(
                e.get("kind").intValue(),
                e.get("pid").longValue(),
                e.get("seq").longValue(),
                e.get("stamp").doubleValue(),
                values);
        assertArrayEquals(reference, v.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("module")
    void decodesToExactlyItsJson(Vector v) throws Exception {
        SharedVectors.assertDecodesTo(v.expected(), WireDecoder.decode(v.bytes()));
    }
}
