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
     * @param figures what the step measured
     */
    public record Point(double time, double stamp, StepFigures figures) {}
}
