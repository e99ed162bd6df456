package telemetry.ingester.store;

/**
 * Counts datagrams lost between two received from the same pid. The sequence number is a u32
 * shared by every kind and wraps from 2^32-1 to 0.
 *
 * <ul>
 * <li>The next expected number arrives: no loss.</li>
 * <li>A number ahead of it (by less than 2^31, modulo 2^32): the numbers skipped are lost.</li>
 * <li>1 when something else was expected: the sender restarted (the same pid reporting anew); no
 * loss.</li>
 * <li>A number behind (by up to 2^31): the sender restarted and its first {@code seq - 1}
 * datagrams were lost.</li>
 * </ul>
 * The first datagram seen from a pid sets the baseline (what came before it is not known).
 * Not thread-safe: owned by the store.
 */
final class SeqTracker {

    private static final long MASK = 0xFFFF_FFFFL;

    private boolean started;
    private long last;

    /** Records {@code seq} and returns how many datagrams were lost just before it. */
    long accept(long seq) {
        if (!started) {
            started = true;
            last = seq;
            return 0;
        }
        long expected = last + 1 & MASK;
        long ahead = seq - expected & MASK;
        last = seq;
        if (ahead == 0 || seq == 1) {
            return 0;
        }
        if (ahead < 1L << 31) {
            return ahead;
        }
        return Math.max(0, seq - 1);
    }

    long last() {
        return last;
    }
}
