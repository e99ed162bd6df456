package telemetry.api;

import java.util.Arrays;
import telemetry.wire.LatencyBuckets;

/**
 * The durations of one request phase over an interval, in seconds.
 *
 * @param mean total over the completed requests divided by their count; 0 when none completed
 * @param min exact minimum; {@code NaN} when none completed
 * @param max exact maximum; {@code NaN} when none completed
 * @param buckets the {@value telemetry.wire.LatencyBuckets#COUNT} latency buckets of {@link LatencyBuckets}
 *        (a copy owned by the caller)
 */
public record PhaseMetrics(double mean, double min, double max, long[] buckets) {

    public PhaseMetrics {
        if (buckets.length != LatencyBuckets.COUNT) {
            throw new IllegalArgumentException(
                    "a phase histogram has " + LatencyBuckets.COUNT + " buckets, got " + buckets.length);
        }
        buckets = buckets.clone();
    }

    /** Number of durations recorded (the histogram total). */
    public long count() {
        long n = 0;
        for (long b : buckets) {
            n += b;
        }
        return n;
    }

    @Override
    public long[] buckets() {
        return buckets.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhaseMetrics p
                && Double.compare(p.mean, mean) == 0
                && Double.compare(p.min, min) == 0
                && Double.compare(p.max, max) == 0
                && Arrays.equals(p.buckets, buckets);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(mean) + Arrays.hashCode(buckets);
    }

    @Override
    public String toString() {
        return "PhaseMetrics[mean=" + mean + ", min=" + min + ", max=" + max + ", count=" + count() + "]";
    }
}
