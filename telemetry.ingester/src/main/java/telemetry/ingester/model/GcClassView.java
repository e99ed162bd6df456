package telemetry.ingester.model;

/**
 * The pauses of one class (young, mixed/concurrent, full) over a window.
 *
 * @param generation 0 young, 1 mixed/concurrent, 2 full
 * @param pauses pauses
 * @param pausesPerSecond pauses per second of wall time (a group: the sum of its processes' rates)
 * @param pauseSeconds seconds stopped
 * @param pauseShare seconds stopped over wall seconds (a group: over its processes' wall seconds)
 * @param collected bytes reclaimed
 * @param collectedPerSecond bytes reclaimed per second (a group: the sum of its processes' rates)
 * @param max longest pause, NaN when none
 */
public record GcClassView(
        int generation,
        long pauses,
        double pausesPerSecond,
        double pauseSeconds,
        double pauseShare,
        long collected,
        double collectedPerSecond,
        double max) {

    public String name() {
        return GcPause.GENERATIONS.get(generation);
    }
}
