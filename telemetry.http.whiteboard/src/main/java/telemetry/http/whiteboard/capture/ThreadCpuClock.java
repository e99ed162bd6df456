package telemetry.http.whiteboard.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The current thread's total CPU time (user + system), one {@code clock_gettime} per read. The
 * user-time split is never read: the JVM gets it by parsing {@code /proc}, about 15 µs a call.
 */
public final class ThreadCpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = supported();

    private ThreadCpuClock() {}

    /** True when the JVM measures thread CPU time. */
    public static boolean isSupported() {
        return SUPPORTED;
    }

    /** Nanoseconds of CPU the current thread used so far; only call when {@link #isSupported()}. */
    public static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static boolean supported() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
