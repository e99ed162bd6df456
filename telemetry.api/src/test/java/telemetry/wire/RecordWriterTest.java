package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import telemetry.wire.SharedVectors.Vector;

/**
 * The record writer against vectors it did not make: given only a vector's values, it writes the
 * vector's bytes, so its field order is the documented one for every kind it writes.
 */
class RecordWriterTest {

    /** Every shared vector of a shape our reporter sends, and this module's gc vectors. */
    static Stream<Vector> reporterShaped() {
        List<String> shared = List.of(
                "process_started",
                "process_stopping",
                "process_stopped",
                "request_idle",
                "request_busy",
                "slow_active",
                "slow_completed");
        return Stream.concat(shared.stream().map(SharedVectors::named), SharedVectors.module().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reporterShaped")
    void writesTheVectorByteForByte(Vector v) {
        RecordWriter writer = new RecordWriter(new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM)));
        assertArrayEquals(v.bytes(), SharedVectorsTest.bytes(new VectorValues(v.expected()).writeWith(writer)));
        // Reused after a larger record, nothing of it is left behind.
        PeriodicSampleFixture.of(WireFormat.MAX_SLOTS, 3).writeWith(writer);
        assertArrayEquals(v.bytes(), SharedVectorsTest.bytes(new VectorValues(v.expected()).writeWith(writer)));
    }

    @Test
    void theModuleHoldsTheGcVectors() {
        assertEquals(
                List.of("gc_event_full", "gc_event_young", "gc_snapshot"),
                SharedVectors.module().stream().map(Vector::name).toList());
    }

    @Test
    void minAndMaxAreLeftOutOfAnIdleSample() throws Exception {
        Datagram idle = WireDecoder.decode(SharedVectors.named("request_idle").bytes());
        RecordWriter writer = new RecordWriter(new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM)));
        Datagram written = WireDecoder.decode(
                new VectorValues(SharedVectors.named("request_idle").expected()).writeWith(writer));
        assertEquals(0, idle.longValue(Field.REQUEST_COUNT, -1));
        for (Phase p : Phase.REPORTED) {
            assertEquals(false, written.has(p.min()), p::wireName);
            assertEquals(false, written.has(p.max()), p::wireName);
        }
    }
}
