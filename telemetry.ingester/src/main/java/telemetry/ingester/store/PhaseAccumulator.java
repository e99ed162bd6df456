package telemetry.ingester.store;

import telemetry.wire.LatencyBuckets;

/**
 * One phase's timing over a time bin or a merged window: request count, total seconds (mean ×
 * count per sample), exact min and max, and the 65-bucket histogram (allocated on first use).
 * A compact accumulator (a time bin of one process: at most a minute of one process's requests)
 * keeps its histogram in ints, which halves the largest part of the store's memory; merged
 * windows and lifetime totals use longs. Not thread-safe: owned by the store's thread.
 */
public final class PhaseAccumulator {

    private final boolean compact;
    /** False after a reset until something is added: a phase no sample of the bin reported is absent. */
    boolean used;

    long count;
    double totalSeconds;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long[] buckets;
    int[] compactBuckets;

    PhaseAccumulator() {
        this(false);
    }

    PhaseAccumulator(boolean compact) {
        this.compact = compact;
    }

    void reset() {
        used = false;
        count = 0;
        totalSeconds = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        Histograms.clear(buckets, compactBuckets);
    }

    /**
     * Adds one sample of a phase: its request count, mean, min, max and the non-zero buckets of its
     * histogram ({@code index}/{@code count} pairs; null when the sample had no histogram).
     */
    void add(long requests, double mean, double sampleMin, double sampleMax, int[] index, int[] count) {
        used = true;
        this.count += requests;
        if (Double.isFinite(mean) && mean >= 0) { // a duration below zero is a corrupt datagram's
            totalSeconds += mean * requests;
        }
        if (sampleMin < min) {
            min = sampleMin;
        }
        if (sampleMax > max) {
            max = sampleMax;
        }
        if (index == null) {
            return;
        }
        if (compact) {
            if (compactBuckets == null) {
                compactBuckets = new int[LatencyBuckets.COUNT];
            }
            for (int k = 0; k < index.length; k++) {
                compactBuckets[index[k]] += count[k];
            }
        } else {
            if (buckets == null) {
                buckets = new long[LatencyBuckets.COUNT];
            }
            for (int k = 0; k < index.length; k++) {
                buckets[index[k]] += count[k];
            }
        }
    }

    void merge(PhaseAccumulator other) {
        used = true;
        count += other.count;
        totalSeconds += other.totalSeconds;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (compact) {
            throw new IllegalStateException("merge into a wide accumulator");
        }
        buckets = Histograms.addInto(buckets, other.buckets, other.compactBuckets);
    }

    /** Requests counted (the sum of request_count over the samples). */
    public long count() {
        return count;
    }

    /** Mean seconds per request, 0 when no request completed. */
    public double mean() {
        return count == 0 ? 0.0 : totalSeconds / count;
    }

    /** Exact minimum, or NaN when no sample carried one. */
    public double min() {
        return min == Double.POSITIVE_INFINITY ? Double.NaN : min;
    }

    /** Exact maximum, or NaN when no sample carried one. */
    public double max() {
        return max == Double.NEGATIVE_INFINITY ? Double.NaN : max;
    }

    /** Total seconds over all requests. */
    public double totalSeconds() {
        return totalSeconds;
    }

    /** Requests in the histogram. */
    public long histogramTotal() {
        long n = 0;
        for (long b : buckets()) {
            n += b;
        }
        return n;
    }

    /** The p-quantile in seconds from the merged histogram (wire-format.md), 0 when empty. */
    public double percentile(double p) {
        if (buckets != null) {
            return LatencyBuckets.percentile(buckets, p);
        }
        return compactBuckets == null ? 0.0 : LatencyBuckets.percentile(buckets(), p);
    }

    /** The histogram (65 counts; all zero if none arrived). A copy. */
    public long[] buckets() {
        return Histograms.copy(buckets, compactBuckets);
    }
}
