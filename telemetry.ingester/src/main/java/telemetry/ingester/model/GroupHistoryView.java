package telemetry.ingester.model;

import java.util.List;

/**
 * One process group's history for charts: at each resolution step the points of its processes'
 * histories ({@link HistoryView}) summed, oldest first. Built on request from the processes the
 * store holds, so it reaches back as far as theirs (the retention) and costs nothing until asked.
 *
 * @param processGroup the group
 * @param processes processes of the group in the store (any state)
 * @param points the steps in which at least one of them reported
 */
public record GroupHistoryView(String processGroup, int processes, List<Point> points) {

    /**
     * One step of a group's history.
     *
     * @param time start of the step, ingester time
     * @param processes processes with a point in this step
     * @param samples samples merged
     * @param requestCount requests
     * @param throughput requests per second: the sum of the processes' rates
     * @param capacityUtilization busy slot time over slot time of those processes, 0..1
     * @param cpuUtilization cores: the sum of the processes'
     * @param memoryRss the sum of the processes' RSS in the step
     * @param requestTime mean request time over the step's requests
     * @param requestTimeP95 largest per-sample p95 of request_time
     * @param status4xx 4xx responses
     * @param status5xx 5xx responses
     */
    public record Point(
            double time,
            int processes,
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
