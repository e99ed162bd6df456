package telemetry.api;

/**
 * Cumulative figures of this process, as {@code process_metrics()} of mod_wsgi reports them. Times
 * are seconds; instants are seconds since the epoch.
 *
 * @param pid process id of this JVM
 * @param startTime when recording started
 * @param currentTime when these figures were taken
 * @param requestCount requests completed since recording started
 * @param activeRequests requests in flight now
 * @param requestBusyTime total seconds spent in requests, completed ones
 * @param cpuUserTime process user CPU seconds since the JVM started
 * @param cpuSystemTime process system CPU seconds since the JVM started
 * @param memoryRss resident set size now, bytes (0 if unknown)
 * @param memoryMaxRss peak resident set size, bytes (0 if unknown)
 * @param requestThreadsMaximum configured worker slots
 * @param requestThreadsStarted slots used at least once since start
 */
public record ProcessMetrics(
        long pid,
        double startTime,
        double currentTime,
        long requestCount,
        long activeRequests,
        double requestBusyTime,
        double cpuUserTime,
        double cpuSystemTime,
        long memoryRss,
        long memoryMaxRss,
        int requestThreadsMaximum,
        int requestThreadsStarted) {

    /** Seconds since recording started. */
    public double runningTime() {
        return currentTime - startTime;
    }
}
