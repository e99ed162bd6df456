package telemetry.http.whiteboard.capture;

import java.util.concurrent.TimeUnit;
import telemetry.http.whiteboard.config.CpuCapture;

/**
 * A recent reading of the current thread's CPU clock, at most {@value #MAX_AGE_MILLIS} ms old: the
 * start of a request's CPU time when the clock is read only for slow requests
 * ({@link CpuCapture#SLOW}). One clock read per thread every {@value #MAX_AGE_MILLIS} ms instead of
 * one per request, at the price of counting up to that much CPU the thread used just before the
 * request began.
 *
 * <p>The per-thread holder is a {@code long[]}, a JDK type, so that the HTTP server's long-lived
 * threads do not pin this bundle's class loader after a refresh.
 */
final class ThreadCpuBaseline {

    static final long MAX_AGE_MILLIS = 10;
    private static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS);
    private static final int CPU = 0;
    private static final int READ_AT = 1;
    private static final int VALID = 2;
    private static final ThreadLocal<long[]> LAST = ThreadLocal.withInitial(() -> new long[3]);

    private ThreadCpuBaseline() {}

    /** The thread's CPU clock as read at most {@value #MAX_AGE_MILLIS} ms before {@code nowNanos}. */
    static long at(long nowNanos) {
        long[] last = LAST.get();
        long age = nowNanos - last[READ_AT];
        if (last[VALID] == 0 || age >= MAX_AGE_NANOS || age < 0) {
            last[CPU] = ThreadCpuClock.now();
            last[READ_AT] = nowNanos;
            last[VALID] = 1;
        }
        return last[CPU];
    }
}
