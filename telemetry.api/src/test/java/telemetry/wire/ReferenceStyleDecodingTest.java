package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Datagrams as mod_wsgi's own Python encoder writes them (its simulator and tests): the type of a
 * value follows the Python value, not the field table: an empty list is an I32_ARRAY whatever the
 * field, a list of whole numbers an I32_ARRAY, a whole number U64 (I64 when negative). Decoded,
 * each known field is the field of wire-format.md with its own type; only what would not convert
 * exactly stays under {@code id<N>}.
 */
class ReferenceStyleDecodingTest {

    /** The type mod_wsgi's encoder would pick for this value, and the value in that type. */
    private static FieldValue referenceStyle(FieldValue v) {
        Object x = v.value();
        return switch (v.type()) {
            case F64 ->
                whole((Double) x)
                        ? new FieldValue(
                                v.id(), (Double) x < 0 ? FieldType.I64 : FieldType.U64, (long) (double) (Double) x)
                        : v;
            case F64_ARRAY -> {
                double[] a = (double[]) x;
                int[] ints = new int[a.length];
                for (int i = 0; i < a.length; i++) {
                    if (!whole(a[i]) || Math.abs(a[i]) > Integer.MAX_VALUE) {
                        yield v;
                    }
                    ints[i] = (int) a[i];
                }
                yield new FieldValue(v.id(), FieldType.I32_ARRAY, ints); // [] included
            }
            default -> v;
        };
    }

    private static boolean whole(double d) {
        return d == Math.rint(d)
                && Math.abs(d) < 1e15
                && Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(-0.0);
    }

    @Test
    void everySharedVectorWrittenTheReferenceWayDecodesAsTheSpecSays() throws Exception {
        int retyped = 0;
        for (SharedVectors.Vector vector : SharedVectors.valid()) {
            Datagram canonical = WireDecoder.decode(vector.bytes());
            List<FieldValue> written = new ArrayList<>();
            for (FieldValue v : canonical.fields()) {
                FieldValue r = referenceStyle(v);
                retyped += r.type() != v.type() ? 1 : 0;
                written.add(r);
            }
            Datagram d = WireDecoder.decode(ReferenceWire.encode(
                    canonical.kindCode(), canonical.pid(), canonical.seq(), canonical.stamp(), written));
            assertEquals(canonical.fields(), d.fields(), vector.name());
        }
        assertTrue(retyped > 20, "the vectors exercise the conversions: " + retyped + " fields retyped");
    }

    @Test
    void emptyListsAndWholeNumbersStandForTheirFields() throws Exception {
        List<FieldValue> fields = List.of(
                new FieldValue(Field.REQUEST_THREADS_BUSY_TIME.id(), FieldType.I32_ARRAY, new int[0]),
                new FieldValue(Field.REQUEST_THREADS_COMPLETED.id(), FieldType.F64_ARRAY, new double[0]),
                new FieldValue(Field.REQUEST_THREADS_CPU_TIME.id(), FieldType.I32_ARRAY, new int[] {2, 0, -1}),
                new FieldValue(Field.SAMPLE_PERIOD.id(), FieldType.U64, 1L),
                new FieldValue(Field.CAPACITY_UTILIZATION.id(), FieldType.I64, -3L),
                new FieldValue(Field.REQUEST_COUNT.id(), FieldType.F64, 12.0),
                new FieldValue(Field.MEMORY_RSS.id(), FieldType.I64, 4096L),
                new FieldValue(Field.REQUEST_TIME_BUCKETS.id(), FieldType.F64_ARRAY, new double[] {0, 3, 1e9}));
        Datagram d = WireDecoder.decode(ReferenceWire.encode(2, 7, 1, 1.7e9, fields));
        assertArrayEquals(new double[0], d.doubleArray(Field.REQUEST_THREADS_BUSY_TIME));
        assertArrayEquals(new int[0], d.intArray(Field.REQUEST_THREADS_COMPLETED));
        assertArrayEquals(new double[] {2, 0, -1}, d.doubleArray(Field.REQUEST_THREADS_CPU_TIME));
        assertEquals(1.0, d.doubleValue(Field.SAMPLE_PERIOD, -1));
        assertEquals(-3.0, d.doubleValue(Field.CAPACITY_UTILIZATION, 0));
        assertEquals(12, d.longValue(Field.REQUEST_COUNT, -1));
        assertEquals(4096, d.longValue(Field.MEMORY_RSS, -1));
        assertArrayEquals(new int[] {0, 3, 1_000_000_000}, d.intArray(Field.REQUEST_TIME_BUCKETS));
        for (FieldValue v : d.fields()) {
            assertEquals(Field.ofId(v.id()), v.field(), v::toString);
        }
    }

    @Test
    void onlyConversionsThatWouldLoseOrInventStayUnderTheirId() throws Exception {
        List<FieldValue> fields = List.of(
                new FieldValue(Field.REQUEST_THREADS_MAXIMUM.id(), FieldType.F64, 2.5), // a fraction for a count
                new FieldValue(Field.REQUEST_COUNT.id(), FieldType.U64, 3L),
                new FieldValue(Field.MEMORY_RSS.id(), FieldType.I64, -1L), // a negative for a U64
                new FieldValue(Field.PROCESS_PARENT_PID.id(), FieldType.BYTES, "12"), // text for a number
                new FieldValue(Field.HOSTNAME.id(), FieldType.U64, 5L), // a number for text
                new FieldValue(Field.SAMPLE_PERIOD.id(), FieldType.U64, (1L << 53) + 1), // not exactly a double
                new FieldValue(Field.REQUEST_TIME_BUCKETS.id(), FieldType.F64_ARRAY, new double[] {1, 0.5}),
                new FieldValue(Field.REQUEST_THREADS_BUSY_TIME.id(), FieldType.U64, 0L), // a scalar for an array
                new FieldValue(Field.REQUEST_COUNT.id(), FieldType.F64, Double.NaN)); // repeated: the last one wins
        Datagram d = WireDecoder.decode(ReferenceWire.encode(2, 7, 1, 1.7e9, fields));
        assertEquals(8, d.fields().size());
        for (FieldValue v : d.fields()) {
            assertNull(v.field(), v::toString);
            assertEquals("id" + v.id(), v.name());
        }
        assertEquals(-1, d.longValue(Field.REQUEST_COUNT, -1));
        assertNull(d.text(Field.HOSTNAME));
    }

    @Test
    void theMostNegativeI64IsNotExactlyAnyDoubleField() throws Exception {
        // -2^63 is a double, but beyond 2^53 a double holds no longer every integer: not converted
        Datagram d = WireDecoder.decode(ReferenceWire.encode(
                2, 7, 1, 1.7e9, List.of(new FieldValue(Field.SAMPLE_PERIOD.id(), FieldType.I64, Long.MIN_VALUE))));
        assertEquals(1, d.fields().size());
        assertEquals("id" + Field.SAMPLE_PERIOD.id(), d.fields().get(0).name());
        assertEquals(Long.MIN_VALUE, d.fields().get(0).value());
    }
}
