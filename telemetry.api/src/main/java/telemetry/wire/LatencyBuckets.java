package telemetry.wire;

/**
 * The 65-bucket latency histogram of the wire format: four buckets per power of two of
 * milliseconds from 1 ms to 65,536 ms (at most 25 % relative error), bucket 0 also holding
 * everything below 1.25 ms and bucket 64 everything from 65,536 ms up. Histograms add element-wise
 * across intervals and processes.
 */
public final class LatencyBuckets {

    /** Number of buckets in every histogram field. */
    public static final int COUNT = 65;
    /** Index of the overflow bucket, {@code [65536 ms, +inf)}. */
    public static final int OVERFLOW = 64;

    private static final double OVERFLOW_MS = 65_536.0;
    private static final double[] UPPER_SECONDS = new double[COUNT];

    static {
        for (int i = 0; i < COUNT; i++) {
            UPPER_SECONDS[i] = upperMillis(i) / 1000.0;
        }
    }

    private LatencyBuckets() {}

    /** The bucket of a duration in seconds. Negative values and NaN go to bucket 0. */
    public static int index(double seconds) {
        double ms = seconds * 1000.0;
        if (!(ms >= 1.0)) {
            return 0;
        }
        if (ms >= OVERFLOW_MS) {
            return OVERFLOW;
        }
        int octave = Math.getExponent(ms);
        int step = (int) (4.0 * (Math.scalb(ms, -octave) - 1.0));
        return 4 * octave + Math.min(3, step);
    }

    /** Inclusive lower edge of bucket {@code i} in seconds (0 for bucket 0). */
    public static double lowerBound(int i) {
        return i == 0 ? 0.0 : upperMillis(i - 1) / 1000.0;
    }

    /** Exclusive upper edge of bucket {@code i} in seconds ({@code +inf} for the overflow bucket). */
    public static double upperBound(int i) {
        return UPPER_SECONDS[i];
    }

    /**
     * The p-quantile (0..1) in seconds, interpolated linearly inside its bucket; the overflow bucket
     * answers its lower edge (65.536 s). Empty buckets are skipped, so {@code p = 0} answers the lower
     * edge of the first non-empty bucket. An empty histogram answers 0.
     *
     * @throws IllegalArgumentException when {@code p} is not in 0..1 or {@code counts} does not
     *         have {@link #COUNT} buckets
     */
    public static double percentile(long[] counts, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("percentile " + p + " is outside 0..1");
        }
        if (counts.length != COUNT) {
            throw new IllegalArgumentException("histograms have " + COUNT + " buckets, got " + counts.length);
        }
        long total = 0;
        for (int i = 0; i < COUNT; i++) {
            total += counts[i];
        }
        double target = total * p;
        long cumulative = 0;
        for (int i = 0; i < COUNT; i++) {
            long c = counts[i];
            if (c > 0 && cumulative + c >= target) {
                if (i == OVERFLOW) {
                    return OVERFLOW_MS / 1000.0;
                }
                double lo = lowerBound(i);
                double hi = upperBound(i);
                return lo + (target - cumulative) / c * (hi - lo);
            }
            cumulative += c;
        }
        return 0.0;
    }

    /** {@link #percentile(long[], double)} of a histogram as it comes off the wire. */
    public static double percentile(int[] counts, double p) {
        if (counts.length != COUNT) {
            throw new IllegalArgumentException("histograms have " + COUNT + " buckets, got " + counts.length);
        }
        long[] wide = new long[COUNT];
        add(wide, counts);
        return percentile(wide, p);
    }

    /** Adds {@code counts} element-wise into {@code total} (both of {@link #COUNT} buckets). */
    public static void add(long[] total, int[] counts) {
        if (counts.length != COUNT || total.length != COUNT) {
            throw new IllegalArgumentException(
                    "histograms have " + COUNT + " buckets, got " + counts.length + " and " + total.length);
        }
        for (int i = 0; i < COUNT; i++) {
            total[i] += counts[i];
        }
    }

    private static double upperMillis(int i) {
        if (i == OVERFLOW) {
            return Double.POSITIVE_INFINITY;
        }
        int octave = i / 4;
        int step = i % 4;
        return Math.scalb(1.0 + (step + 1) / 4.0, octave);
    }
}
