package telemetry.ingester.model;

import java.util.List;

/**
 * Garbage collection over one window of a process or a process group. Wall time is what the
 * gc_snapshot records of the window close: each covers the time since the process's previous
 * snapshot (its reporting interval for the first); a pause is counted in the window that received
 * its gc_event (the tick after the pause).
 *
 * @param snapshots gc_snapshot records merged
 * @param wallSeconds seconds of process time they cover (a group: summed over its processes)
 * @param droppedEvents pause events the reporters did not send (their per-tick cap, field 317)
 * @param classes young, mixed, full, in that order
 * @param pauses all pauses
 * @param pauseSeconds all seconds stopped
 * @param pauseShare seconds stopped over wall seconds, 0..1 (a group: the mean over its JVMs, by wall time)
 * @param pausesPerSecond all pauses per second (a group: the sum of its processes' rates)
 * @param p50 median pause from the histogram (wire-format.md), 0 when no pause
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max longest pause, exact, NaN when none
 * @param buckets the 65-bucket histogram of pause durations, or null where the view does not carry it (process windows)
 * @param pools eden, survivor, old: the latest snapshot of the window (a group: summed over its processes)
 * @param processes processes merged (0 for a process window)
 */
public record GcWindowView(
        int snapshots,
        double wallSeconds,
        long droppedEvents,
        List<GcClassView> classes,
        long pauses,
        double pauseSeconds,
        double pauseShare,
        double pausesPerSecond,
        double p50,
        double p95,
        double p99,
        double max,
        long[] buckets,
        List<HeapPoolView> pools,
        int processes) {

    /** Mean pause in seconds, 0 when none. */
    public double mean() {
        return pauses == 0 ? 0.0 : pauseSeconds / pauses;
    }

    /** Upper bounds of the buckets, as for request phases. */
    public static double upperBound(int i) {
        return PhaseView.upperBound(i);
    }
}
