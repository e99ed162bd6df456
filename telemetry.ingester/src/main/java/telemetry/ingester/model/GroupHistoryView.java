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
     * @param figures those processes' figures summed: rates, cores and RSS added, capacity as their busy
     *     slot time over their slot time, request time the mean over all their requests, p95 the largest
     */
    public record Point(double time, int processes, StepFigures figures) {}
}
