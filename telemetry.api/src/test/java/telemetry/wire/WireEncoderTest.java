package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder's limits and argument checks. */
class WireEncoderTest {

    private final WireEncoder out = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));

    @Test
    void aDatagramOfExactlyTheMaximumFitsOneByteMoreDoesNot() throws Exception {
        // 24 header + 5 TLV header/length + 65,507 bytes = 65,536
        String text = "a".repeat(WireFormat.MAX_DATAGRAM - WireFormat.HEADER_SIZE - 5);
        WireEncoder big = new WireEncoder(ByteBuffer.allocate(2 * WireFormat.MAX_DATAGRAM));
        big.begin(Kind.SLOW_REQUEST, 1, 1, 0.0).text(7000, text, 0);
        assertEquals(WireFormat.MAX_DATAGRAM, big.length());
        assertEquals(text, WireDecoder.decode(big.finish()).get(7000).value());

        big.begin(Kind.SLOW_REQUEST, 1, 1, 0.0);
        assertThrows(
                BufferOverflowException.class,
                () -> big.text(7000, text + "b", 0),
                "a buffer larger than a datagram does not lift the 65,536-byte limit");
        assertEquals(WireFormat.HEADER_SIZE, big.length(), "the field that did not fit was not written");
    }

    @Test
    void overflowLeavesTheDatagramSoFarIntact() throws Exception {
        double[] slots = new double[WireFormat.MAX_SLOTS];
        out.begin(Kind.REQUEST_METRICS, 1, 2, 3.0).u64(Field.REQUEST_COUNT, 5);
        int written = 0;
        try {
            for (; ; written++) {
                out.f64Array(Field.REQUEST_THREADS_BUSY_TIME, slots, slots.length);
            }
        } catch (BufferOverflowException expected) {
            // 7 arrays of 8,197 bytes fit, the 8th would not
        }
        assertEquals(7, written);
        assertEquals(WireFormat.HEADER_SIZE + 11 + 7 * (5 + 8 * WireFormat.MAX_SLOTS), out.length());
        Datagram d = WireDecoder.decode(out.finish());
        assertEquals(5L, d.longValue(Field.REQUEST_COUNT, -1));
        assertEquals(2, d.fields().size(), "request_count and one busy_time (repeats: last one wins)");
    }

    @Test
    void aSmallBufferOverflowsEveryKindOfCall() {
        WireEncoder small = new WireEncoder(ByteBuffer.allocate(41));
        small.begin(Kind.REQUEST_METRICS, 1, 1, 0.0).u64(Field.REQUEST_COUNT, 1); // 35 bytes
        assertThrows(BufferOverflowException.class, () -> small.u64(Field.REQUEST_COUNT, 1));
        assertThrows(BufferOverflowException.class, () -> small.f64(Field.SAMPLE_PERIOD, 1.0));
        assertThrows(BufferOverflowException.class, () -> small.text(Field.HOSTNAME, "host"));
        assertThrows(
                BufferOverflowException.class, () -> small.i32Array(Field.REQUEST_THREADS_COMPLETED, new int[1], 1));
        assertThrows(
                BufferOverflowException.class, () -> small.f64Array(Field.REQUEST_THREADS_BUSY_TIME, new double[1], 1));
        assertEquals(35, small.length());
        small.text(Field.HOSTNAME, "h"); // the 6 bytes left still fit
        assertEquals(41, small.length());
    }

    @Test
    void aBufferTooSmallForTheHeaderIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new WireEncoder(ByteBuffer.allocate(23)));
        assertTrue(e.getMessage().contains("24-byte header"), e.getMessage());
    }

    @Test
    void theBufferIsUsedLittleEndianWhateverItsOrder() throws Exception {
        ByteBuffer bigEndian = ByteBuffer.allocate(1024).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer datagram = new WireEncoder(bigEndian)
                .begin(Kind.PROCESS_STARTED, 4242, 1, 1.5)
                .u64(Field.PROCESS_PARENT_PID, 4100)
                .finish();
        assertSame(bigEndian, datagram, "finish hands back the encoder's own buffer");
        assertEquals(0, datagram.position());
        assertEquals(35, datagram.limit());
        assertEquals('W', datagram.get(0));
        assertEquals((byte) 0x92, datagram.get(8), "pid 4242 = 0x1092, low byte first");
        assertEquals(4100L, WireDecoder.decode(datagram).longValue(Field.PROCESS_PARENT_PID, -1));
    }

    @Test
    void headerFieldsAreWrittenAsUnsigned32() throws Exception {
        byte[] wire = SharedVectorsTest.bytes(
                out.begin(Kind.GC_EVENT, 0xFFFF_FFFFL, 0xFFFF_FFFEL, -0.0).finish());
        Datagram d = WireDecoder.decode(wire);
        assertEquals(0xFFFF_FFFFL, d.pid());
        assertEquals(0xFFFF_FFFEL, d.seq());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d.stamp()));
        assertEquals(Kind.GC_EVENT, d.kind());
        assertEquals(List.of(), d.fields());
        assertEquals(0, wire[6] | wire[7], "flags are 0 on send");
        assertEquals(1, wire[4], "version 1");
    }

    @Test
    void kindMustBeAByteAndSeqWrapsAtTwoToThe32() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> out.begin(256, 1, 1, 0));
        assertEquals("kind 256 is outside 0..255", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> out.begin(-1, 1, 1, 0));
        Datagram d = WireDecoder.decode(out.begin(255, 1, (1L << 32) + 5, 0).finish());
        assertEquals("kind255", d.kindName());
        assertEquals(5L, d.seq(), "a long counter wraps at 2^32");
    }

    @Test
    void u64KeepsAllSixtyFourBits() throws Exception {
        Datagram d = WireDecoder.decode(out.begin(Kind.REQUEST_METRICS, 1, 1, 0)
                .u64(Field.MEMORY_RSS, -1L)
                .finish());
        assertEquals(-1L, d.longValue(Field.MEMORY_RSS, 0));
        assertEquals(
                "memory_rss=18446744073709551615", d.get(Field.MEMORY_RSS.id()).toString());
    }

    @Test
    void emptyAndNullTextIsNotSent() {
        out.begin(Kind.PROCESS_STARTED, 1, 1, 0).text(Field.HOSTNAME, "").text(Field.PROCESS_GROUP, null);
        assertEquals(WireFormat.HEADER_SIZE, out.length());
    }

    @Test
    void textWithoutALimitThatDoesNotFitOverflows() {
        // No limit but the u16 length (cut to 65,535 bytes), which no datagram can hold anyway.
        out.begin(Kind.PROCESS_STARTED, 1, 1, 0);
        assertThrows(BufferOverflowException.class, () -> out.text(Field.HOSTNAME, "é".repeat(40_000)));
        assertEquals(WireFormat.HEADER_SIZE, out.length());
    }

    @Test
    void limitedTextKeepsWholeCodePoints() throws Exception {
        // slow_method: 15 bytes. "GET-" + five 😀 (4 bytes each) = 24 bytes: keep 12 bytes = "GET-" + two 😀.
        String method = "GET-" + "\uD83D\uDE00".repeat(5);
        Datagram d = WireDecoder.decode(out.begin(Kind.SLOW_REQUEST, 1, 1, 0)
                .text(Field.SLOW_METHOD, method)
                .finish());
        assertEquals("GET-\uD83D\uDE00\uD83D\uDE00...", d.text(Field.SLOW_METHOD));
        // exactly at the limit: sent whole
        d = WireDecoder.decode(out.begin(Kind.SLOW_REQUEST, 1, 1, 0)
                .text(Field.SLOW_METHOD, "ABCDEFGHIJKLMNO")
                .finish());
        assertEquals("ABCDEFGHIJKLMNO", d.text(Field.SLOW_METHOD));
        d = WireDecoder.decode(out.begin(Kind.SLOW_REQUEST, 1, 1, 0)
                .text(Field.SLOW_METHOD, "ABCDEFGHIJKLMNOP")
                .finish());
        assertEquals("ABCDEFGHIJKL...", d.text(Field.SLOW_METHOD));
    }

    @Test
    void theLimitsOfTheSpecAreOnTheFields() {
        assertEquals(63, Field.SLOW_LOG_ID.maxBytes());
        assertEquals(15, Field.SLOW_METHOD.maxBytes());
        assertEquals(15, Field.SLOW_SCHEME.maxBytes());
        assertEquals(255, Field.SLOW_HOSTNAME.maxBytes());
        assertEquals(255, Field.SLOW_SCRIPT_NAME.maxBytes());
        assertEquals(511, Field.SLOW_PATH_INFO.maxBytes());
        assertEquals(45, Field.SLOW_PEER_IP.maxBytes());
        assertEquals(15, Field.SLOW_PROTOCOL.maxBytes());
        assertEquals(511, Field.SLOW_USER_AGENT.maxBytes());
    }

    @Test
    void unpairedSurrogatesAreWrittenAsQuestionMarks() throws Exception {
        String text = "a\uD800b\uDC00c\uD83D\uDE00";
        Datagram d = WireDecoder.decode(out.begin(Kind.SLOW_REQUEST, 1, 1, 0)
                .text(Field.SLOW_PATH_INFO, text)
                .finish());
        assertEquals("a?b?c\uD83D\uDE00", d.text(Field.SLOW_PATH_INFO));
    }

    @Test
    void theSaturatingOverloadClampsToTheIntRange() throws Exception {
        long[] counts = {Long.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MAX_VALUE, -1, Long.MIN_VALUE, 7};
        Datagram d = WireDecoder.decode(out.begin(Kind.REQUEST_METRICS, 1, 1, 0)
                .i32Array(Field.REQUEST_THREADS_COMPLETED, counts, 5)
                .finish());
        assertArrayEquals(
                new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, Integer.MIN_VALUE},
                d.intArray(Field.REQUEST_THREADS_COMPLETED),
                "only the first 5 are sent");
    }

    @Test
    void typedCallsRefuseAFieldOfAnotherType() {
        out.begin(Kind.REQUEST_METRICS, 1, 1, 0);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> out.f64(Field.REQUEST_COUNT, 1.0));
        assertEquals("request_count is U64, not F64", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> out.u64(Field.SAMPLE_PERIOD, 1));
        assertThrows(IllegalArgumentException.class, () -> out.i64(Field.REQUEST_COUNT, 1), "no defined field is I64");
        assertThrows(IllegalArgumentException.class, () -> out.text(Field.REQUEST_COUNT, "x"));
        assertThrows(
                IllegalArgumentException.class, () -> out.i32Array(Field.REQUEST_THREADS_BUSY_TIME, new int[1], 1));
        assertThrows(
                IllegalArgumentException.class, () -> out.i32Array(Field.REQUEST_THREADS_BUSY_TIME, new long[1], 1));
        assertThrows(
                IllegalArgumentException.class, () -> out.f64Array(Field.REQUEST_THREADS_COMPLETED, new double[1], 1));
        assertEquals(WireFormat.HEADER_SIZE, out.length(), "nothing was written");
        // raw ids write any type
        out.i64(Field.REQUEST_COUNT.id(), -3);
        assertEquals(WireFormat.HEADER_SIZE + 11, out.length());
    }

    @Test
    void badCountsIdsAndLimitsAreRefused() {
        out.begin(Kind.REQUEST_METRICS, 1, 1, 0);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> out.f64Array(Field.REQUEST_THREADS_BUSY_TIME, new double[3], 4));
        assertEquals("array count 4 is outside 0..3", e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> out.i32Array(Field.REQUEST_THREADS_COMPLETED, new int[3], -1));
        assertThrows(
                IllegalArgumentException.class,
                () -> out.f64Array(Field.REQUEST_THREADS_BUSY_TIME, new double[70_000], 70_000));
        e = assertThrows(IllegalArgumentException.class, () -> out.u64(65_536, 1));
        assertEquals("field id 65536 is outside 0..65535", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> out.f64(-1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> out.text(5000, "abcdef", 2));
        assertEquals("text limit 2 bytes: 0 (none) or at least 3 expected", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> out.text(5000, "abcdef", -1));
        assertEquals(WireFormat.HEADER_SIZE, out.length());
        out.text(5000, "abcdef", 3); // the smallest limit: only the ellipsis fits
        assertEquals(WireFormat.HEADER_SIZE + 5 + 3, out.length());
    }

    @Test
    void fieldValuesMustHoldTheirTypesJavaType() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new FieldValue(20, FieldType.U64, 1.0));
        assertEquals("a U64 value of field 20 is a Long, not a Double", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FieldValue(110, FieldType.I32_ARRAY, new long[1]));
        assertThrows(IllegalArgumentException.class, () -> new FieldValue(5, FieldType.BYTES, new StringBuilder("x")));
        assertThrows(NullPointerException.class, () -> new FieldValue(5, FieldType.BYTES, null));
        assertEquals(Field.REQUEST_COUNT, new FieldValue(20, FieldType.U64, 1L).field());
        assertNull(new FieldValue(20, FieldType.I64, 1L).field(), "a defined id under another type is not that field");
        assertEquals("id20", new FieldValue(20, FieldType.I64, 1L).name());
    }

    @Test
    void datagramOfAppliesLastOneWins() {
        Datagram d = Datagram.of(
                300,
                -1,
                1L << 32,
                1.0,
                List.of(
                        new FieldValue(20, FieldType.U64, 1L),
                        new FieldValue(5, FieldType.BYTES, "a"),
                        new FieldValue(20, FieldType.U64, 2L)));
        assertEquals(300 & 0xFF, d.kindCode(), "the kind is a byte");
        assertEquals(0xFFFF_FFFFL, d.pid(), "pid and seq are u32");
        assertEquals(0L, d.seq());
        assertEquals(
                List.of(new FieldValue(20, FieldType.U64, 2L), new FieldValue(5, FieldType.BYTES, "a")), d.fields());
        assertThrows(UnsupportedOperationException.class, () -> d.fields().clear(), "immutable");
    }
}
