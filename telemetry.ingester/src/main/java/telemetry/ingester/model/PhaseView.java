package telemetry.ingester.model;

import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;

/**
 * One phase's timing over a window (or a group's lifetime).
 *
 * @param phase the phase
 * @param count requests counted
 * @param mean mean seconds per request (0 when none)
 * @param min exact minimum, NaN when no sample carried one
 * @param max exact maximum, NaN when no sample carried one
 * @param totalSeconds seconds over all requests
 * @param p50 median from the merged histogram (wire-format.md), 0 when empty
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param buckets the 65 merged bucket counts, or null where the view does not carry them (process windows)
 */
public record PhaseView(
        Phase phase,
        long count,
        double mean,
        double min,
        double max,
        double totalSeconds,
        double p50,
        double p95,
        double p99,
        long[] buckets) {

    /** Requests in the histogram (0 without buckets). */
    public long histogramTotal() {
        long n = 0;
        if (buckets != null) {
            for (long b : buckets) {
                n += b;
            }
        }
        return n;
    }

    /** Upper bound in seconds of bucket {@code i}, +Inf for the overflow bucket. */
    public static double upperBound(int i) {
        return i == LatencyBuckets.OVERFLOW ? Double.POSITIVE_INFINITY : LatencyBuckets.upperBound(i);
    }
}
