package telemetry.http.whiteboard.capture;

/**
 * Converts an epoch-millisecond instant (what Jetty 9.4 stamps on a request) into the
 * {@link System#nanoTime()} scale the recorder uses. The offset between the two clocks is measured
 * at most once a second (one {@code currentTimeMillis} read), so a conversion costs a volatile read
 * and an addition. Resolution is one millisecond. Thread-safe: the calibration is an immutable
 * pair swapped through a volatile field; racing recalibrations are harmless.
 */
public final class EpochMillisClock {

    private static final long RECALIBRATE_NANOS = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private volatile Calibration calibration = Calibration.now();

    /**
     * The nanoTime of an epoch-millisecond instant, never later than {@code nowNanos}; {@code nowNanos}
     * itself when the instant is not set (zero or negative).
     *
     * @param epochMillis the instant, milliseconds since the epoch
     * @param nowNanos the current {@code System.nanoTime()}
     */
    public long toNanoTime(long epochMillis, long nowNanos) {
        if (epochMillis <= 0) {
            return nowNanos;
        }
        Calibration current = calibration;
        if (nowNanos - current.measuredAt > RECALIBRATE_NANOS) {
            current = Calibration.now();
            calibration = current;
        }
        long nanos = epochMillis * NANOS_PER_MILLI + current.offset;
        return nanos - nowNanos > 0 ? nowNanos : nanos;
    }

    private record Calibration(long offset, long measuredAt) {
        static Calibration now() {
            long nanos = System.nanoTime();
            return new Calibration(nanos - System.currentTimeMillis() * NANOS_PER_MILLI, nanos);
        }
    }
}
