package telemetry.http.whiteboard.capture;

import java.time.Instant;

/**
 * Converts an epoch-millisecond instant (what Jetty 9.4 stamps on a request) into the
 * {@link System#nanoTime()} scale the recorder uses. The offset between the two clocks is measured
 * at most once a second against the sub-millisecond wall clock ({@link Instant#now()}), so a
 * conversion costs a volatile read and an addition. A stamp in whole milliseconds is taken at the
 * middle of its millisecond, so the converted instant is within ±0.5 ms of the true one, unbiased.
 *
 * <p>Thread-safe: the calibration is an immutable pair swapped through a volatile field; racing
 * recalibrations are harmless.
 */
public final class EpochMillisClock {

    private static final long RECALIBRATE_NANOS = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long HALF_MILLI = NANOS_PER_MILLI / 2;

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
        long nanos = epochMillis * NANOS_PER_MILLI + HALF_MILLI + current.offset;
        return nanos - nowNanos > 0 ? nowNanos : nanos;
    }

    /** nanoTime minus epoch nanoseconds, measured at {@code measuredAt}. */
    private record Calibration(long offset, long measuredAt) {
        static Calibration now() {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            long nanos = before + (after - before) / 2;
            return new Calibration(nanos - (wall.getEpochSecond() * 1_000_000_000L + wall.getNano()), nanos);
        }
    }
}
