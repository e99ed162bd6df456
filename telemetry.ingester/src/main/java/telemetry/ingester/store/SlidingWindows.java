package telemetry.ingester.store;

/**
 * The 10 s, 1 min and 10 min windows of one process, kept as rings of time bins (2 s × 5,
 * 10 s × 6, 60 s × 10) so that a sample is added in constant time and a window is the merge of a
 * handful of bins. A window of length W at time t covers the bin containing t and the bins before
 * it up to W: between W minus one bin and W seconds of samples, by the ingester's clock at receipt.
 * Not thread-safe: owned by the store's thread.
 */
final class SlidingWindows {

    /** Window names in the order of {@link #WINDOW_SECONDS}, as clients see them. */
    static final String[] WINDOW_NAMES = {"10s", "1m", "10m"};

    static final int[] WINDOW_SECONDS = {10, 60, 600};
    static final int TIERS = WINDOW_SECONDS.length;
    private static final int[] BIN_SECONDS = {2, 10, 60};

    private final WindowAccumulator[][] tiers = new WindowAccumulator[WINDOW_SECONDS.length][];

    SlidingWindows() {
        for (int t = 0; t < tiers.length; t++) {
            tiers[t] = new WindowAccumulator[WINDOW_SECONDS[t] / BIN_SECONDS[t]];
        }
    }

    void add(WindowAccumulator.SampleFacts facts, double now) {
        for (int t = 0; t < tiers.length; t++) {
            bin(t, now).add(facts, now);
        }
    }

    /** The bin of tier {@code t} (0 = 10 s, 1 = 1 min, 2 = 10 min) that receives what arrives at {@code now}. */
    WindowAccumulator bin(int t, double now) {
        long bin = (long) Math.floor(now / BIN_SECONDS[t]);
        WindowAccumulator[] ring = tiers[t];
        int slot = (int) Math.floorMod(bin, (long) ring.length);
        WindowAccumulator acc = ring[slot];
        if (acc == null) {
            acc = ring[slot] = new WindowAccumulator();
            acc.reset(bin);
        } else if (acc.bin != bin) {
            acc.reset(bin);
        }
        return acc;
    }

    /** The merged window {@code index} (0 = 10 s, 1 = 1 min, 2 = 10 min) at time {@code now}. */
    WindowAccumulator window(int index, double now) {
        WindowAccumulator merged = new WindowAccumulator();
        mergeInto(merged, index, now);
        return merged;
    }

    /** Resets {@code merged} and merges window {@code index} at {@code now} into it (no allocation once warm). */
    void windowInto(WindowAccumulator merged, int index, double now) {
        merged.reset(Long.MIN_VALUE);
        mergeInto(merged, index, now);
    }

    private void mergeInto(WindowAccumulator merged, int index, double now) {
        long current = (long) Math.floor(now / BIN_SECONDS[index]);
        WindowAccumulator[] ring = tiers[index];
        for (WindowAccumulator acc : ring) {
            if (acc != null && acc.bin <= current && acc.bin > current - ring.length) {
                merged.mergeBin(acc);
            }
        }
    }
}
