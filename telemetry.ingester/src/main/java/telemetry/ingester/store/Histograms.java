package telemetry.ingester.store;

import java.util.Arrays;
import telemetry.wire.LatencyBuckets;

/**
 * The {@link LatencyBuckets} histograms of the store's accumulators, shared by
 * {@link PhaseAccumulator} and {@link GcAccumulator}. An accumulator holds its counts either wide
 * ({@code long[]}, merged windows and totals) or compact ({@code int[]}, a process's time bin), each
 * allocated on first use and {@code null} until then. Static methods over those arrays rather than
 * a histogram object: an extra object per accumulator would grow every time bin.
 */
final class Histograms {

    private Histograms() {}

    /** A copy of the counts as longs; all zero when neither array was allocated. */
    static long[] copy(long[] wide, int[] compact) {
        long[] copy = new long[LatencyBuckets.COUNT];
        if (wide != null) {
            System.arraycopy(wide, 0, copy, 0, copy.length);
        } else if (compact != null) {
            for (int i = 0; i < copy.length; i++) {
                copy[i] = compact[i];
            }
        }
        return copy;
    }

    /**
     * Adds the other accumulator's counts ({@code wide} or {@code compact}, either may be null) into
     * {@code into}, allocating it when counts arrive; returns {@code into}.
     */
    static long[] addInto(long[] into, long[] wide, int[] compact) {
        if (wide == null && compact == null) {
            return into;
        }
        long[] target = into == null ? new long[LatencyBuckets.COUNT] : into;
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            target[i] += wide != null ? wide[i] : compact[i];
        }
        return target;
    }

    /** Zeroes whichever arrays are allocated. */
    static void clear(long[] wide, int[] compact) {
        if (wide != null) {
            Arrays.fill(wide, 0);
        }
        if (compact != null) {
            Arrays.fill(compact, 0);
        }
    }
}
