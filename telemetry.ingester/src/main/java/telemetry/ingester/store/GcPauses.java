package telemetry.ingester.store;

import java.util.ArrayList;
import java.util.List;
import telemetry.ingester.model.GcPause;

/**
 * The GC pauses of one process, kept sorted by start so that the pauses overlapping a request are
 * found by binary search: primitive columns that grow on demand up to a cap, oldest dropped first
 * (by the retention, and at the cap with a count). Not thread-safe: owned by the store's thread.
 */
final class GcPauses {

    private final int cap;
    private int head;
    private int size;
    private double[] start = new double[8];
    private double[] duration = new double[8];
    private byte[] generation = new byte[8];
    private long[] collected = new long[8];
    /** At least the longest pause kept: it bounds how far back an overlapping pause can start. */
    private double longest;

    long evicted;
    long total;

    GcPauses(int cap) {
        this.cap = cap;
    }

    /** Adds a pause; a pause equal in start, duration and class to one kept is a duplicate and ignored. */
    boolean add(double startStamp, double seconds, int gen, long reclaimed) {
        int at = upperBound(startStamp); // after every pause that starts at or before it
        for (int i = at - 1; i >= 0 && start(i) == startStamp; i--) {
            if (duration(i) == seconds && generation(i) == gen) {
                return false;
            }
        }
        if (size == cap) {
            if (at == 0) {
                evicted++; // older than everything kept at the cap: it would go first
                total++;
                return true;
            }
            head++;
            size--;
            at--;
            evicted++;
        }
        if (head + size == start.length) {
            compactOrGrow();
        }
        int from = head + at;
        int n = size - at;
        System.arraycopy(start, from, start, from + 1, n);
        System.arraycopy(duration, from, duration, from + 1, n);
        System.arraycopy(generation, from, generation, from + 1, n);
        System.arraycopy(collected, from, collected, from + 1, n);
        start[from] = startStamp;
        duration[from] = seconds;
        generation[from] = (byte) gen;
        collected[from] = reclaimed;
        size++;
        total++;
        longest = Math.max(longest, seconds);
        return true;
    }

    /** Drops pauses that ended before {@code cutoff} (epoch seconds). */
    void trim(double cutoff) {
        while (size > 0 && start(0) + duration(0) < cutoff) {
            head++;
            size--;
        }
        if (size == 0) {
            head = 0;
            longest = 0;
        }
    }

    /**
     * The pauses overlapping the interval {@code [from, to]}: those with {@code start < to} and
     * {@code start + duration > from} (a pause that only touches an end of the interval does not
     * overlap it), oldest first.
     */
    List<Integer> overlapping(double from, double to) {
        List<Integer> found = new ArrayList<>();
        int end = lowerBound(to); // pauses [0, end) start before `to`
        for (int i = end - 1; i >= 0 && start(i) > from - longest; i--) {
            if (start(i) + duration(i) > from) {
                found.add(0, i);
            }
        }
        return found;
    }

    int size() {
        return size;
    }

    double start(int i) {
        return start[head + i];
    }

    double duration(int i) {
        return duration[head + i];
    }

    int generation(int i) {
        return generation[head + i];
    }

    long collected(int i) {
        return collected[head + i];
    }

    GcPause pause(int i) {
        return new GcPause(start(i), duration(i), generation(i), collected(i));
    }

    /** All pauses kept, oldest first, for the read model. */
    List<GcPause> all() {
        List<GcPause> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(pause(i));
        }
        return List.copyOf(all);
    }

    /** First index whose start is greater than {@code s}. */
    private int upperBound(double s) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start(mid) <= s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose start is at least {@code s}. */
    private int lowerBound(double s) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start(mid) < s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Moves the kept pauses to the front, doubling the columns (up to the cap) when they are full. */
    private void compactOrGrow() {
        int n = size * 2 > start.length || head == 0 ? Math.min(cap, Math.max(8, start.length * 2)) : start.length;
        n = Math.max(n, size + 1);
        start = copy(start, n);
        duration = copy(duration, n);
        byte[] g = new byte[n];
        System.arraycopy(generation, head, g, 0, size);
        generation = g;
        long[] c = new long[n];
        System.arraycopy(collected, head, c, 0, size);
        collected = c;
        head = 0;
    }

    private double[] copy(double[] a, int n) {
        double[] b = new double[n];
        System.arraycopy(a, head, b, 0, size);
        return b;
    }
}
