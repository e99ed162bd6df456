package telemetry.reporter.internal.config;

import java.util.Set;

/**
 * A valid {@code telemetry.reporter} configuration.
 *
 * @param service the target, or {@code null}: the reporter is off
 * @param slowRequestsSeconds slow-request threshold in seconds, or {@code NaN}: slow-request
 *        reporting off
 * @param options the flags set
 * @param processGroup the group name, 1–63 bytes
 * @param requestThreadsMaximum worker slots reported, 1–1024
 * @param drainTimeoutSeconds how long stopping waits for in-flight requests, at least 0
 */
public record ReporterSettings(
        ServiceTarget service,
        double slowRequestsSeconds,
        Set<TelemetryOption> options,
        String processGroup,
        int requestThreadsMaximum,
        double drainTimeoutSeconds) {

    // Compile-time constants: the metatype's defaults (ReporterConfigurationComponent.Config) are these.
    public static final int DEFAULT_REQUEST_THREADS_MAXIMUM = 200;
    public static final double DEFAULT_DRAIN_TIMEOUT_SECONDS = 5.0;
    public static final double DEFAULT_INTERVAL_SECONDS = 1.0;

    public ReporterSettings {
        options = Set.copyOf(options);
    }

    /** Settings with every default: reporter off, slow requests off, no flags. */
    public static ReporterSettings defaults(String processGroup) {
        return new ReporterSettings(
                null,
                Double.NaN,
                Set.of(),
                processGroup,
                DEFAULT_REQUEST_THREADS_MAXIMUM,
                DEFAULT_DRAIN_TIMEOUT_SECONDS);
    }

    /** True when a {@code service} is configured. */
    public boolean reporting() {
        return service != null;
    }

    /** True when slow-request reporting is on. */
    public boolean slowRequests() {
        return !Double.isNaN(slowRequestsSeconds);
    }

    /** The slow threshold in nanoseconds, or -1 when off. */
    public long slowRequestsNanos() {
        return slowRequests() ? toNanos(slowRequestsSeconds) : -1L;
    }

    public long drainTimeoutNanos() {
        return toNanos(drainTimeoutSeconds);
    }

    public boolean has(TelemetryOption option) {
        return options.contains(option);
    }

    static long toNanos(double seconds) {
        double nanos = seconds * 1e9;
        return nanos >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) nanos;
    }
}
