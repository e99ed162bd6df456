package telemetry.reporter.internal.runtime;

/**
 * What the runtime is doing, for the {@code telemetry:status} command and the status service
 * properties. A snapshot: values may be a moment old.
 *
 * @param state {@code reporting}, {@code off} or {@code rejected}
 * @param target the ingester socket path, or {@code null}
 * @param intervalSeconds the configured interval, or 0 when off
 * @param slowRequestsSeconds the slow threshold, or {@code NaN} when off
 * @param datagramsSent datagrams sent since the bundle started
 * @param datagramsDropped datagrams dropped (full queue, missing socket, error) since the bundle started
 * @param lastError the last transport or reporter error, or {@code null}
 * @param rejection why the configuration was rejected, or {@code null}
 */
public record ReporterStatus(
        String state,
        String target,
        double intervalSeconds,
        double slowRequestsSeconds,
        int requestThreadsMaximum,
        String processGroup,
        long datagramsSent,
        long datagramsDropped,
        String lastError,
        String rejection,
        long requestsInFlight,
        long slowRecordsLeftOut,
        boolean reporterThreadAlive) {

    public static final String REPORTING = "reporting";
    public static final String OFF = "off";
    public static final String REJECTED = "rejected";

    /** The text {@code telemetry:status} prints. */
    public String format() {
        StringBuilder b = new StringBuilder();
        line(
                b,
                "reporting",
                REPORTING.equals(state) ? "on" : "off" + (REJECTED.equals(state) ? " (configuration rejected)" : ""));
        line(b, "target", target == null ? "-" : "unix:" + target);
        line(b, "interval", intervalSeconds > 0 ? intervalSeconds + " s" : "-");
        line(b, "slow requests", Double.isNaN(slowRequestsSeconds) ? "off" : "at least " + slowRequestsSeconds + " s");
        line(b, "worker slots", String.valueOf(requestThreadsMaximum));
        line(b, "process group", processGroup);
        line(b, "datagrams sent", String.valueOf(datagramsSent));
        line(b, "datagrams dropped", String.valueOf(datagramsDropped));
        line(b, "last error", lastError == null ? "-" : lastError);
        line(b, "slow records left out", String.valueOf(slowRecordsLeftOut));
        line(b, "requests in flight", String.valueOf(requestsInFlight));
        line(b, "rejected configuration", rejection == null ? "-" : rejection);
        return b.toString();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(String.format("%-23s %s%n", name + ":", value));
    }
}
