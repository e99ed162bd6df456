package telemetry.reporter.internal.config;

/**
 * Where and how often the reporter sends: the parsed {@code service} property.
 *
 * @param socketPath absolute path of the ingester's UNIX datagram socket
 * @param intervalSeconds seconds between samples, at least 0.5
 */
public record ServiceTarget(String socketPath, double intervalSeconds) {

    /** The interval in nanoseconds, saturated. */
    public long intervalNanos() {
        return ReporterSettings.toNanos(intervalSeconds);
    }

    /** The property as a user would write it, e.g. {@code unix:/run/t.sock interval=1.0}. */
    @Override
    public String toString() {
        return "unix:" + socketPath + " interval=" + intervalSeconds;
    }
}
