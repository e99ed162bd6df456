package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Round trips over random datagrams: every type, arrays of 0..1024 entries, text of every UTF-8
 * width, repeated ids, unknown ids and kinds, and the truncation rule of limited text fields.
 */
class WireRoundTripTest {

    private final WireEncoder heap = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));
    private final WireEncoder direct = new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM + 1000));

    @Property
    void encodeDecodeRoundTrips(
            @ForAll @IntRange(max = 255) int kind,
            @ForAll @LongRange(max = 0xFFFF_FFFFL) long pid,
            @ForAll @LongRange(max = 0xFFFF_FFFFL) long seq,
            @ForAll("doubles") double stamp,
            @ForAll("fieldLists") List<FieldValue> values)
            throws Exception {
        byte[] expected = ReferenceWire.encode(kind, pid, seq, stamp, values);
        boolean fits = expected.length <= WireFormat.MAX_DATAGRAM;
        Statistics.label("fits in a datagram").collect(fits).coverage(c -> {
            c.check(true).percentage(p -> p > 50); // both branches must really be exercised
            c.check(false).count(n -> n > 0);
        });
        for (WireEncoder encoder : List.of(heap, direct)) {
            encoder.begin(kind, pid, seq, stamp);
            if (!fits) {
                assertThrows(
                        BufferOverflowException.class,
                        () -> values.forEach(encoder::value),
                        () -> expected.length + " bytes must not fit");
                assertTrue(encoder.length() <= WireFormat.MAX_DATAGRAM);
                continue;
            }
            values.forEach(encoder::value);
            assertEquals(expected.length, encoder.length());
            byte[] wire = SharedVectorsTest.bytes(encoder.finish());
            assertArrayEquals(expected, wire, "the encoder writes what the reference writes");

            Datagram d = WireDecoder.decode(wire);
            assertEquals(kind, d.kindCode());
            assertEquals(ReferenceWire.kindName(kind), d.kindName());
            assertEquals(pid, d.pid());
            assertEquals(seq, d.seq());
            assertEquals(Double.doubleToRawLongBits(stamp), Double.doubleToRawLongBits(d.stamp()));
            List<FieldValue> winners = ReferenceWire.lastOneWins(values).stream()
                    .map(ReferenceWire::asDecoded)
                    .toList();
            assertEquals(
                    winners,
                    d.fields(),
                    "fields in order, a repeated id keeps its first place and its last "
                            + "value, a known id under another type converted when exact");
            for (FieldValue v : winners) {
                assertEquals(v, d.get(v.id()));
                Field f = Field.ofId(v.id());
                assertEquals(f != null && f.type() == v.type() ? f.wireName() : "id" + v.id(), v.name());
            }
            // Re-encoding the decode writes the winners only, byte for byte (so exactly the input
            // when no id repeats), including the raw bits of every double.
            assertArrayEquals(
                    ReferenceWire.encode(kind, pid, seq, stamp, winners), SharedVectorsTest.bytes(encoder.encode(d)));
        }
    }

    @Property
    void typedCallsWriteWhatTheGenericCallWrites(@ForAll("knownFieldLists") List<FieldValue> values) {
        heap.begin(Kind.REQUEST_METRICS, 1, 2, 3.0);
        values.forEach(heap::value);
        byte[] generic = SharedVectorsTest.bytes(heap.finish());

        heap.begin(Kind.REQUEST_METRICS, 1, 2, 3.0);
        for (FieldValue v : values) {
            Field f = v.field();
            switch (f.type()) {
                case U64 -> heap.u64(f, (Long) v.value());
                case I64 -> heap.i64(f, (Long) v.value());
                case F64 -> heap.f64(f, (Double) v.value());
                case BYTES -> heap.text(f, (String) v.value());
                case I32_ARRAY -> {
                    int[] a = (int[]) v.value();
                    if (a.length % 2 == 0) {
                        heap.i32Array(f, a, a.length);
                    } else { // the saturating long[] overload, from a longer array
                        long[] wide =
                                Arrays.copyOf(Arrays.stream(a).asLongStream().toArray(), a.length + 5);
                        heap.i32Array(f, wide, a.length);
                    }
                }
                case F64_ARRAY -> {
                    double[] a = (double[]) v.value();
                    heap.f64Array(f, Arrays.copyOf(a, a.length + 2), a.length);
                }
            }
        }
        byte[] typed = SharedVectorsTest.bytes(heap.finish());
        assertArrayEquals(generic, typed);
    }

    @Provide
    Arbitrary<List<FieldValue>> knownFieldLists() {
        // Non-empty text below every limit (empty text is not sent by the typed call); small enough to fit.
        return WireArbitraries.knownFields()
                .filter(v -> v.type() != FieldType.BYTES
                        || !((String) v.value()).isEmpty()
                                && ((String) v.value()).getBytes(StandardCharsets.UTF_8).length
                                        <= (v.field().maxBytes() == 0
                                                ? 0xFFFF
                                                : v.field().maxBytes()))
                .list()
                .ofMaxSize(6);
    }

    // --- text -----------------------------------------------------------------------------------

    @Property(tries = 3000)
    void limitedTextIsCutOnACodePointBoundaryWithAnEllipsis(
            @ForAll("limitedTextFields") Field field, @ForAll("longTexts") String text) throws Exception {
        heap.begin(Kind.SLOW_REQUEST, 1, 1, 0.0).text(field, text);
        assertTruncatedCorrectly(text, field.maxBytes(), field.id(), SharedVectorsTest.bytes(heap.finish()));
        collectCuts(text, field.maxBytes());
    }

    @Example
    void aReplacementCharacterInTheTextIsNotMistakenForABadCut() throws Exception {
        String text = "\uFFFD".repeat(200); // 600 bytes, cut at slow_path_info's limit of 511
        heap.begin(Kind.SLOW_REQUEST, 1, 1, 0.0).text(Field.SLOW_PATH_INFO, text);
        assertTruncatedCorrectly(
                text,
                Field.SLOW_PATH_INFO.maxBytes(),
                Field.SLOW_PATH_INFO.id(),
                SharedVectorsTest.bytes(heap.finish()));
    }

    @Property(tries = 2000)
    void anyLimitIsRespected(@ForAll @IntRange(min = 3, max = 700) int limit, @ForAll("longTexts") String text)
            throws Exception {
        heap.begin(Kind.SLOW_REQUEST, 1, 1, 0.0).text(4321, text, limit);
        assertTruncatedCorrectly(text, limit, 4321, SharedVectorsTest.bytes(heap.finish()));
        collectCuts(text, limit);
    }

    /** Both cases, cut and whole, must be well represented among a property's tries. */
    private static void collectCuts(String text, int limit) {
        Statistics.label("cut")
                .collect(text.getBytes(StandardCharsets.UTF_8).length > limit)
                .coverage(c -> {
                    c.check(true).percentage(p -> p > 20);
                    c.check(false).percentage(p -> p > 20);
                });
    }

    @Property(tries = 500)
    void textEncodesLikeJavasOwnUtf8Encoder(@ForAll("longTexts") String text) throws Exception {
        // No limit: the bytes are exactly String.getBytes(UTF_8), which also writes '?' for an
        // unpaired surrogate.
        heap.begin(Kind.SLOW_REQUEST, 1, 1, 0.0).text(Field.HOSTNAME, text);
        byte[] wire = SharedVectorsTest.bytes(heap.finish());
        if (text.isEmpty()) {
            assertEquals(WireFormat.HEADER_SIZE, wire.length, "empty text is not sent");
            return;
        }
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(wire, 29, wire.length));
        assertEquals(
                new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                WireDecoder.decode(wire).text(Field.HOSTNAME));
    }

    private static void assertTruncatedCorrectly(String text, int limit, int id, byte[] wire) throws Exception {
        byte[] full = text.getBytes(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            assertEquals(WireFormat.HEADER_SIZE, wire.length, "empty text is not sent");
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(id, in.getShort(24) & 0xFFFF);
        assertEquals(FieldType.BYTES.tag(), in.get(26));
        int length = in.getShort(27) & 0xFFFF;
        assertEquals(29 + length, wire.length);
        byte[] value = Arrays.copyOfRange(wire, 29, wire.length);
        if (full.length <= limit) {
            assertArrayEquals(full, value, "text within the limit is sent whole");
            return;
        }
        assertTrue(length <= limit, () -> length + " bytes over the limit of " + limit);
        assertArrayEquals("...".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(value, length - 3, length));
        int kept = length - 3;
        assertArrayEquals(
                Arrays.copyOf(full, kept), Arrays.copyOf(value, kept), "the kept part is a prefix of the text");
        assertTrue((full[kept] & 0xC0) != 0x80, "the cut is not inside a UTF-8 sequence");
        assertTrue(kept + utf8Width(full[kept]) > limit - 3, "no more whole code points would have fit");
        StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(value)); // well-formed
        // The text may hold U+FFFD itself: the decoded value is the kept prefix, as Java decodes it, and the ellipsis.
        String decoded = WireDecoder.decode(wire).get(id).value().toString();
        assertEquals(new String(Arrays.copyOf(full, kept), StandardCharsets.UTF_8) + "...", decoded);
    }

    private static int utf8Width(byte lead) {
        int b = lead & 0xFF;
        return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    }

    @Provide
    Arbitrary<Field> limitedTextFields() {
        return Arbitraries.of(
                Arrays.stream(Field.values()).filter(f -> f.maxBytes() > 0).toList());
    }

    @Provide
    Arbitrary<String> longTexts() {
        return Arbitraries.oneOf(WireArbitraries.textWithSurrogates(40), WireArbitraries.textWithSurrogates(600));
    }

    @Provide
    Arbitrary<Double> doubles() {
        return WireArbitraries.doubles();
    }

    @Provide
    Arbitrary<List<FieldValue>> fieldLists() {
        return WireArbitraries.fieldLists();
    }
}
