package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import telemetry.wire.MalformedDatagramException.Reason;
import telemetry.wire.SharedVectors.Vector;

/** The conformance rules of wire-format.md, "Test vectors", against every shared vector. */
class SharedVectorsTest {

    static List<Vector> valid() {
        return SharedVectors.valid();
    }

    static List<Vector> invalid() {
        return SharedVectors.invalid();
    }

    @Test
    void everyVectorOfTheSpecIsPresent() {
        // Guards against a partial checkout silently shrinking the parameterized tests below.
        Set<String> names = valid().stream().map(Vector::name).collect(Collectors.toSet());
        assertTrue(
                names.containsAll(Set.of(
                        "process_started",
                        "process_stopping",
                        "process_stopped",
                        "request_idle",
                        "request_busy",
                        "request_apache_daemon",
                        "slow_active",
                        "slow_completed",
                        "unknown_kind_and_fields")),
                names::toString);
        assertTrue(invalid().size() >= 9, () -> "invalid vectors: " + invalid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodesToExactlyItsJson(Vector v) throws Exception {
        SharedVectors.assertDecodesTo(v.expected(), WireDecoder.decode(v.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodesTheSameFromEveryKindOfInput(Vector v) throws Exception {
        // Inside a larger array, from a heap buffer with a non-zero position, and from a direct buffer.
        byte[] padded = new byte[v.bytes().length + 40];
        Arrays.fill(padded, (byte) 0x5A);
        System.arraycopy(v.bytes(), 0, padded, 17, v.bytes().length);
        SharedVectors.assertDecodesTo(v.expected(), WireDecoder.decode(padded, 17, v.bytes().length));

        ByteBuffer heap = ByteBuffer.wrap(padded, 17, v.bytes().length);
        SharedVectors.assertDecodesTo(v.expected(), WireDecoder.decode(heap));
        assertEquals(17, heap.position(), "decode leaves the position alone");
        assertEquals(17 + v.bytes().length, heap.limit(), "decode leaves the limit alone");

        ByteBuffer direct = ByteBuffer.allocateDirect(v.bytes().length);
        direct.put(v.bytes()).flip();
        SharedVectors.assertDecodesTo(v.expected(), WireDecoder.decode(direct));
        assertEquals(0, direct.position());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void reEncodesByteForByte(Vector v) throws Exception {
        Datagram decoded = WireDecoder.decode(v.bytes());
        assertArrayEquals(
                v.bytes(), bytes(new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM)).encode(decoded)));
        assertArrayEquals(
                v.bytes(), bytes(new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM)).encode(decoded)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void typedCallsInTheDocumentedOrderWriteTheSameBytes(Vector v) {
        WireEncoder encoder = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));
        assertArrayEquals(v.bytes(), bytes(new TypedEmitter(encoder).emit(v.expected())));
        // The same encoder, reused after a larger datagram, leaves nothing of it behind.
        encoder.encode(PeriodicSampleFixture.datagram(128));
        assertArrayEquals(v.bytes(), bytes(new TypedEmitter(encoder).emit(v.expected())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidVectorIsRejectedForItsReason(Vector v) {
        String reason = v.expected().get("error").textValue();
        MalformedDatagramException e =
                assertThrows(MalformedDatagramException.class, () -> WireDecoder.decode(v.bytes()));
        assertEquals(reason, e.reason().text());
        assertTrue(
                e.offset() >= 0 && e.offset() <= v.bytes().length,
                () -> "offset " + e.offset() + " outside the datagram");
        assertTrue(e.getMessage().startsWith(reason + " at offset " + e.offset()), e::getMessage);
    }

    @Test
    void invalidVectorsPointAtTheFault() throws Exception {
        // Offsets a developer can act on: where the header, TLV or value begins.
        assertEquals(Reason.BAD_MAGIC, reject("bad_magic").reason());
        assertEquals(0, reject("bad_magic").offset());
        assertEquals(4, reject("unsupported_version").offset());
        assertEquals(26, reject("unknown_type_tag").offset(), "the tag byte of the first TLV");
        assertEquals(24, reject("truncated_tlv_header").offset());
        assertEquals(24, reject("truncated_value").offset());
        assertEquals(24, reject("bytes_length_past_end").offset());
        assertEquals(24, reject("array_length_past_end").offset());
        assertTrue(reject("unknown_type_tag").getMessage().contains("0x9"), reject("unknown_type_tag")::getMessage);
        assertTrue(reject("unknown_type_tag").getMessage().contains("0x01 to 0x06"), "names what is accepted");
        assertTrue(
                reject("unsupported_version").getMessage().contains("version 2"),
                reject("unsupported_version")::getMessage);
    }

    @Test
    void unknownKindAndIdsAreKeptUnderTheirNumbers() throws Exception {
        Datagram d = WireDecoder.decode(
                SharedVectors.named("unknown_kind_and_fields").bytes());
        assertNull(d.kind());
        assertEquals("kind42", d.kindName());
        assertEquals(
                List.of("id9999", "id9998", "id9997"),
                d.fields().stream().map(FieldValue::name).toList());
        assertNull(d.get(9999).field());
        assertEquals(-5L, d.get(9998).value());
        assertEquals(FieldType.I64, d.get(9998).type());
    }

    @Test
    void typedGettersReadTheVector() throws Exception {
        Datagram d = WireDecoder.decode(SharedVectors.named("request_busy").bytes());
        assertEquals(Kind.REQUEST_METRICS, d.kind());
        assertEquals("request_metrics", d.kindName());
        long statuses = 0;
        for (int id = 120; id <= 124; id++) {
            statuses += d.longValue(Field.ofId(id), -1);
        }
        assertEquals(d.longValue(Field.REQUEST_COUNT, -1), statuses, "status classes add up to request_count");
        for (Phase p : Phase.REPORTED) {
            assertTrue(d.has(p.mean()), p::wireName);
            int[] h = d.intArray(p.buckets());
            assertNotNull(h, p::wireName);
            assertEquals(LatencyBuckets.COUNT, h.length);
        }
        assertTrue(!d.has(Phase.QUEUE_TIME.mean()), "our reporter does not send queue_time");
        int slots = d.intArray(Field.REQUEST_THREADS_COMPLETED).length;
        assertEquals(slots, d.doubleArray(Field.REQUEST_THREADS_BUSY_TIME).length);
        assertEquals("app-host-1", d.text(Field.HOSTNAME));
        // Absent, or present under another type: the fallback.
        assertEquals(-1L, d.longValue(Field.SLOW_STATUS, -1));
        assertEquals(-2.0, d.doubleValue(Field.SWITCH_INTERVAL, -2.0));
        assertNull(d.text(Field.SLOW_LOG_ID));
        assertNull(d.intArray(Field.QUEUE_TIME_BUCKETS));
        // Reading a field through the getter of another type is a programming error, named as such.
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> d.doubleArray(Field.REQUEST_THREADS_COMPLETED));
        assertEquals("request_threads_completed is I32_ARRAY, which doubleArray does not read", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.longValue(Field.SAMPLE_PERIOD, 0));
        assertThrows(IllegalArgumentException.class, () -> d.doubleValue(Field.REQUEST_COUNT, 0));
        assertThrows(IllegalArgumentException.class, () -> d.text(Field.REQUEST_COUNT));
        assertThrows(IllegalArgumentException.class, () -> d.intArray(Field.REQUEST_THREADS_BUSY_TIME));
    }

    private static MalformedDatagramException reject(String invalidName) {
        Vector v = invalid().stream()
                .filter(x -> x.name().equals(invalidName))
                .findFirst()
                .orElseThrow();
        return assertThrows(MalformedDatagramException.class, () -> WireDecoder.decode(v.bytes()));
    }

    static byte[] bytes(ByteBuffer datagram) {
        byte[] b = new byte[datagram.remaining()];
        datagram.duplicate().get(b);
        return b;
    }
}
