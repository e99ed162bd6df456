package telemetry.api;

import java.util.Map;

/**
 * The requests completed in one interval, as {@code request_metrics()} of mod_wsgi reports them.
 * Times are seconds; instants are seconds since the epoch.
 *
 * @param startTime start of the interval
 * @param stopTime end of the interval
 * @param requestCount requests completed in the interval
 * @param requestThroughput requests per second
 * @param capacityUtilization busy slot-seconds (in-flight time included) over
 *        interval × {@code requestThreadsMaximum}
 * @param requestThreadsMaximum configured worker slots
 * @param requestThreadsStarted slots used at least once since start
 * @param requestThreadsActive slots that completed a request in the interval or are busy at its end
 * @param phases durations per phase
 * @param statusClasses completed requests by status class: index 0 is 1xx … index 4 is 5xx; the
 *        five add up to {@code requestCount}
 * @param inputBytes request-body bytes read
 * @param outputBytes response bytes written
 */
public record RequestMetrics(
        double startTime,
        double stopTime,
        long requestCount,
        double requestThroughput,
        double capacityUtilization,
        int requestThreadsMaximum,
        int requestThreadsStarted,
        int requestThreadsActive,
        Map<RequestPhase, PhaseMetrics> phases,
        long[] statusClasses,
        long inputBytes,
        long outputBytes) {

    public RequestMetrics {
        phases = Map.copyOf(phases);
        if (statusClasses.length != 5) {
            throw new IllegalArgumentException("five status classes (1xx..5xx) expected, got " + statusClasses.length);
        }
        statusClasses = statusClasses.clone();
    }

    /** Length of the interval in seconds. */
    public double samplePeriod() {
        return stopTime - startTime;
    }

    /** Completed requests with a status of class {@code hundreds} (1 to 5). */
    public long statusClass(int hundreds) {
        return statusClasses[hundreds - 1];
    }

    @Override
    public long[] statusClasses() {
        return statusClasses.clone();
    }
}
