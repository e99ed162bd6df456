package telemetry.http.whiteboard.config;

import java.util.Locale;

/**
 * How a request's thread CPU time is measured ({@code request.cpu}). The per-slot CPU figures
 * (array 112) do not depend on it: the reporter reads the worker threads' CPU clocks once per
 * interval.
 */
public enum CpuCapture {

    /**
     * The default: only slow requests get a CPU figure. Before a request starts, the capture core
     * uses a per-thread reading of the CPU clock that is at most a few milliseconds old (the maximum
     * age is {@code MAX_AGE_MILLIS} of {@code capture.ThreadCpuBaseline}), and reads the clock again
     * at the end of a request that turned out slow (or went async): the figure may include up to
     * that age of CPU the thread used just before the request.
     */
    SLOW,

    /** Two CPU clock reads around every request: every request's exact CPU time. */
    EXACT,

    /** No CPU clock read for requests; slow records carry no CPU time. */
    OFF;

    /** The value as written in the configuration. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
