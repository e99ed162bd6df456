package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** wire-format.md, "Latency buckets": check values, bounds, percentile and merge. */
class LatencyBucketsTest {

    /**
     * Upper bounds in ms, built independently of the code under test: the first octave as the spec
     * lists it, every further bucket twice the one four places before, then +inf.
     */
    static final double[] UPPER_MS = new double[LatencyBuckets.COUNT];

    static {
        double[] firstOctave = {1.25, 1.5, 1.75, 2};
        for (int i = 0; i < 64; i++) {
            UPPER_MS[i] = i < 4 ? firstOctave[i] : 2 * UPPER_MS[i - 4];
        }
        UPPER_MS[64] = Double.POSITIVE_INFINITY;
    }

    static double lowerMs(int i) {
        return i == 0 ? 0.0 : UPPER_MS[i - 1];
    }

    /** Reference bucket of a duration in ms: the first bucket whose upper bound is above it. */
    static int referenceIndex(double ms) {
        if (Double.isNaN(ms)) {
            return 0;
        }
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            if (ms < UPPER_MS[i]) {
                return i;
            }
        }
        return LatencyBuckets.OVERFLOW;
    }

    @ParameterizedTest(name = "{0} ms -> bucket {1}")
    @CsvSource({
        "0.5,0",
        "1.0,0",
        "1.2499,0",
        "1.25,1",
        "1.999,3",
        "2.0,4",
        "3.0,6",
        "8.0,12",
        "9.99,12",
        "10.0,13",
        "20,17",
        "24,18",
        "40,21",
        "1024,40",
        "1280,41",
        "57344,63",
        "65535.99,63",
        "65536,64"
    })
    void checkValuesOfTheSpec(double ms, int bucket) {
        assertEquals(bucket, LatencyBuckets.index(ms / 1000.0));
        assertEquals(bucket, referenceIndex(ms), "the reference agrees with the spec");
    }

    @Test
    void boundsAreTheListedOnes() {
        assertArrayEquals(
                new double[] {1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10},
                java.util.Arrays.copyOf(UPPER_MS, 13));
        assertEquals(57344.0, UPPER_MS[62]);
        assertEquals(65536.0, UPPER_MS[63]);
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            assertEquals(UPPER_MS[i] / 1000.0, LatencyBuckets.upperBound(i), "upper bound of " + i);
            assertEquals(lowerMs(i) / 1000.0, LatencyBuckets.lowerBound(i), "lower bound of " + i);
        }
        assertEquals(0.0, LatencyBuckets.lowerBound(0));
        assertEquals(65.536, LatencyBuckets.lowerBound(LatencyBuckets.OVERFLOW));
        assertEquals(Double.POSITIVE_INFINITY, LatencyBuckets.upperBound(LatencyBuckets.OVERFLOW));
    }

    @Test
    void relativeErrorInsideABucketIsAtMostAQuarter() {
        for (int i = 1; i < LatencyBuckets.OVERFLOW; i++) {
            double lo = LatencyBuckets.lowerBound(i);
            double hi = LatencyBuckets.upperBound(i);
            assertTrue((hi - lo) / lo <= 0.25 + 1e-12, "bucket " + i);
        }
    }

    @Test
    void aValueOnABoundaryGoesToTheUpperBucket() {
        for (int i = 1; i < LatencyBuckets.COUNT; i++) {
            double boundaryMs = lowerMs(i);
            double seconds = boundaryMs / 1000.0;
            assertEquals(boundaryMs, seconds * 1000.0, "the boundary is exact in seconds");
            assertEquals(i, LatencyBuckets.index(seconds), "on the lower edge of " + i);
            assertEquals(i, LatencyBuckets.index(LatencyBuckets.lowerBound(i)), "lowerBound(" + i + ") is in " + i);
            // the largest duration whose ms lies below the boundary
            double below = seconds;
            while (below * 1000.0 >= boundaryMs) {
                below = Math.nextDown(below);
            }
            assertEquals(i - 1, LatencyBuckets.index(below), "just below the lower edge of " + i);
        }
    }

    @Test
    void nanNegativeAndTinyGoToBucketZeroInfinityToOverflow() {
        for (double d : new double[] {
            Double.NaN,
            -0.0,
            0.0,
            -1.0,
            -1e300,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            0.000999999,
            Math.nextDown(0.001)
        }) {
            assertEquals(0, LatencyBuckets.index(d), () -> "index(" + d + ")");
        }
        for (double d : new double[] {65.536, 1e9, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
            assertEquals(LatencyBuckets.OVERFLOW, LatencyBuckets.index(d), () -> "index(" + d + ")");
        }
    }

    @Property
    void indexIsTheReferenceBucket(@ForAll("durations") double seconds) {
        double ms = seconds * 1000.0;
        int i = LatencyBuckets.index(seconds);
        assertEquals(referenceIndex(ms), i);
        if (ms >= 1.0) {
            assertTrue(
                    lowerMs(i) <= ms && (ms < UPPER_MS[i] || i == LatencyBuckets.OVERFLOW),
                    () -> ms + " ms outside bucket " + i);
        }
    }

    @Provide
    Arbitrary<Double> durations() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 70), // seconds, uniform
                Arbitraries.integers().between(-20, 20).map(e -> Math.scalb(1.0, e) * 1.0001), // every octave
                Arbitraries.integers().between(1, 64).map(i -> lowerMs(i) / 1000.0), // every edge
                Arbitraries.of(Double.NaN, -1.0, 0.0, Double.POSITIVE_INFINITY, Double.MAX_VALUE));
    }

    // --- percentile ------------------------------------------------------------------------------

    /** The spec's walk in ms, on the reference bounds; empty buckets are passed (0/0 otherwise). */
    static double referencePercentileSeconds(long[] h, double p) {
        long total = 0;
        for (long c : h) {
            total += c;
        }
        double target = total * p;
        long cumulative = 0;
        for (int i = 0; i < h.length; i++) {
            if (h[i] > 0 && cumulative + h[i] >= target) {
                if (i == LatencyBuckets.OVERFLOW) {
                    return 65.536;
                }
                double ms = lowerMs(i) + (target - cumulative) / h[i] * (UPPER_MS[i] - lowerMs(i));
                return ms / 1000.0;
            }
            cumulative += h[i];
        }
        return 0.0;
    }

    @Test
    void percentileInterpolatesInsideTheBucket() {
        long[] h = new long[65];
        h[4] = 10; // [2, 2.5) ms
        assertEquals(0.00225, LatencyBuckets.percentile(h, 0.5), 1e-15);
        assertEquals(0.0025, LatencyBuckets.percentile(h, 1.0), 1e-15);
        assertEquals(
                0.002, LatencyBuckets.percentile(h, 0.0), 1e-15, "p=0: the lower edge of the first non-empty bucket");
        h[0] = 10; // [0, 1.25) ms
        assertEquals(0.00125, LatencyBuckets.percentile(h, 0.5), 1e-15, "the whole of bucket 0");
        assertEquals(0.000625, LatencyBuckets.percentile(h, 0.25), 1e-15);
        assertEquals(0.00225, LatencyBuckets.percentile(h, 0.75), 1e-15);
    }

    @Test
    void overflowAnswersItsLowerEdge() {
        long[] h = new long[65];
        h[64] = 3;
        for (double p : new double[] {0.0, 0.5, 0.99, 1.0}) {
            assertEquals(65.536, LatencyBuckets.percentile(h, p));
        }
        h[10] = 97; // [6, 7) ms
        assertEquals(0.007, LatencyBuckets.percentile(h, 0.97), 1e-15);
        assertEquals(65.536, LatencyBuckets.percentile(h, 0.98));
    }

    @Test
    void emptyHistogramAnswersZero() {
        for (double p : new double[] {0.0, 0.5, 1.0}) {
            assertEquals(0.0, LatencyBuckets.percentile(new long[65], p));
            assertEquals(0.0, LatencyBuckets.percentile(new int[65], p));
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.percentile(new long[65], 1.5));
        assertEquals("percentile 1.5 is outside 0..1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.percentile(new long[65], -0.1));
        assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.percentile(new long[65], Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.percentile(new long[64], 0.5));
        assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.percentile(new int[66], 0.5));
        e = assertThrows(IllegalArgumentException.class, () -> LatencyBuckets.add(new long[65], new int[64]));
        assertEquals("histograms have 65 buckets, got 64 and 65", e.getMessage());
    }

    @Property
    void percentileFollowsTheSpecsWalk(
            @ForAll("histograms") long[] h, @ForAll @DoubleRange(min = 0, max = 1) double p) {
        double expected = referencePercentileSeconds(h, p);
        double actual = LatencyBuckets.percentile(h, p);
        assertEquals(expected, actual, Math.abs(expected) * 1e-12, () -> "p=" + p);
        // the answer lies in the bucket that holds the target
        int[] asInts = new int[65];
        for (int i = 0; i < 65; i++) {
            asInts[i] = (int) h[i];
        }
        assertEquals(actual, LatencyBuckets.percentile(asInts, p), "int[] and long[] agree");
    }

    @Property
    void percentileIsMonotoneInP(
            @ForAll("histograms") long[] h,
            @ForAll @DoubleRange(min = 0, max = 1) double p,
            @ForAll @DoubleRange(min = 0, max = 1) double q) {
        double lo = Math.min(p, q);
        double hi = Math.max(p, q);
        assertTrue(LatencyBuckets.percentile(h, lo) <= LatencyBuckets.percentile(h, hi));
    }

    @Provide
    Arbitrary<long[]> histograms() {
        // Mostly sparse: a few busy buckets, like a real interval.
        Arbitrary<Long> count = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 1000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, Integer.MAX_VALUE)));
        return count.array(long[].class).ofSize(65);
    }

    // --- merge -----------------------------------------------------------------------------------

    @Property
    void mergedHistogramsAreTheHistogramOfTheUnion(
            @ForAll @Size(max = 200) List<@DoubleRange(min = -1, max = 100) Double> a,
            @ForAll @Size(max = 200) List<@DoubleRange(min = -1, max = 100) Double> b) {
        int[] ha = histogram(a);
        int[] hb = histogram(b);
        long[] merged = new long[65];
        LatencyBuckets.add(merged, ha);
        LatencyBuckets.add(merged, hb);
        long[] union = new long[65];
        LatencyBuckets.add(union, histogram(concat(a, b)));
        assertArrayEquals(union, merged);
        for (double p : new double[] {0.5, 0.95, 0.99}) {
            assertEquals(LatencyBuckets.percentile(union, p), LatencyBuckets.percentile(merged, p));
        }
    }

    @Property
    void addIsElementWiseAndKeepsLongTotals(@ForAll @IntRange(min = 1, max = 5) int times) {
        long[] total = new long[65];
        int[] full = new int[65];
        java.util.Arrays.fill(full, Integer.MAX_VALUE);
        for (int t = 0; t < times; t++) {
            LatencyBuckets.add(total, full);
        }
        for (long c : total) {
            assertEquals((long) Integer.MAX_VALUE * times, c, "no int overflow in the total");
        }
    }

    private static int[] histogram(List<Double> seconds) {
        int[] h = new int[65];
        for (double s : seconds) {
            h[LatencyBuckets.index(s)]++;
        }
        return h;
    }

    private static List<Double> concat(List<Double> a, List<Double> b) {
        List<Double> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
