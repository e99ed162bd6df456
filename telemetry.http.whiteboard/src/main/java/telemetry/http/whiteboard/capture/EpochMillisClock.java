package telemetry.http.whiteboard.capture;

import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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

    private final LongSupplier nanoTime;
    private final Supplier<Instant> wallClock;
    private volatile Calibration calibration;

    public EpochMillisClock() {
        this(System::nanoTime, Instant::now);
    }

    /** Reads the given clocks instead of the system's (tests drive them by hand). */
    EpochMillisClock(LongSupplier nanoTime, Supplier<Instant> wallClock) {
        this.nanoTime = nanoTime;
        this.wallClock = wallClock;
        this.calibration = calibrate();
    }

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
            current = calibrate();
            calibration = current;
        }
        long nanos = epochMillis * NANOS_PER_MILLI + HALF_MILLI + current.offset;
        return nanos - nowNanos > 0 ? nowNanos : nanos;
    }

    /** Reads the wall clock between two nanoTime reads and takes it at their middle. */
    private Calibration calibrate() {
        long before = nanoTime.getAsLong();
        Instant wall = wallClock.get();
        long after = nanoTime.getAsLong();
        long nanos = before + (after - before) / 2;
        return new Calibration(nanos - (wall.getEpochSecond() * 1_000_000_000L + wall.getNano()), nanos);
    }

    /** nanoTime minus epoch nanoseconds, measured at {@code measuredAt}. */
    private record Calibration(long offset, long measuredAt) {}
}
