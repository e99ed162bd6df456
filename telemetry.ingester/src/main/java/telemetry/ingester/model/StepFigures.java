package telemetry.ingester.model;

/**
 * What one resolution step of a history measured: the figures a process's history
 * ({@link HistoryView}) and a group's ({@link GroupHistoryView}) have in common.
 *
 * @param samples samples merged
 * @param requestCount requests
 * @param throughput requests per second
 * @param capacityUtilization busy slot time over slot time, 0..1
 * @param cpuUtilization cores
 * @param memoryRss RSS of the last sample (of a group: the sum of its processes')
 * @param requestTime mean request time over the step's requests
 * @param requestTimeP95 largest per-sample p95 of request_time
 * @param status4xx 4xx responses
 * @param status5xx 5xx responses
 */
public record StepFigures(
        int samples,
        long requestCount,
        double throughput,
        double capacityUtilization,
        double cpuUtilization,
        long memoryRss,
        double requestTime,
        double requestTimeP95,
        long status4xx,
        long status5xx) {}
