package telemetry.ingester.model;

import java.util.List;

/**
 * One process's history for charts: one point per resolution step, oldest first.
 *
 * @param key {@code pid@hostname}
 * @param pid process id
 * @param hostname host name
 * @param processGroup its group
 * @param points the points
 * @param gcPauses the process's GC pauses within the retention (at most a cap), oldest first
 */
public record HistoryView(
        String key, long pid, String hostname, String processGroup, List<Point> points, List<GcPause> gcPauses) {

    /**
     * One step of history.
     *
     * @param time start of the step, ingester time
     * @param stamp sender's stamp of the last sample merged
     * @param samples samples merged
     * @param requestCount requests
     * @param throughput requests per second
     * @param capacityUtilization 0..1
     * @param cpuUtilization cores
     * @param memoryRss RSS of the last sample
     * @param requestTime mean request time
     * @param requestTimeP95 largest per-sample p95 of request_time
     * @param status4xx 4xx responses
     * @param status5xx 5xx responses
     */
    public record Point(
            double time,
            double stamp,
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
}
