package telemetry.ingester.model;

/**
 * Lifetime pauses of one class in a process group (Prometheus counters and histogram).
 *
 * @param generation 0 young, 1 mixed/concurrent, 2 full
 * @param pauses pauses
 * @param pauseSeconds seconds stopped
 * @param collected bytes reclaimed
 * @param buckets the 65-bucket histogram of their durations
 */
public record GcTotalsView(int generation, long pauses, double pauseSeconds, long collected, long[] buckets) {

    public String name() {
        return GcPause.GENERATIONS.get(generation);
    }
}
