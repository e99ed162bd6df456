package telemetry.reporter.internal.gc;

import java.util.Map;

/**
 * The pause classes of wire-format.md (field 322 and the {@code N} of fields 306–311) for one GC
 * notification: the exact table of the reporter's README, keyed by the collector bean's name and
 * the notification's action. The cause never changes the class (a {@code System.gc()} is full only
 * when a full collector ran it).
 */
public final class PauseClass {

    /** Pauses that collect only the young generation. */
    public static final int YOUNG = 0;
    /** Pauses that belong to old-generation work done mostly concurrently. */
    public static final int MIXED_CONCURRENT = 1;
    /** Stop-the-world collections of the whole heap. */
    public static final int FULL = 2;
    /** A notification that is not a pause (a concurrent cycle): not reported. */
    public static final int NOT_A_PAUSE = -1;

    /** The collector whose pauses are young or mixed, told apart by the old generation. */
    static final String G1_YOUNG = "G1 Young Generation";

    private static final Map<String, Integer> BY_COLLECTOR = Map.ofEntries(
            Map.entry(G1_YOUNG, YOUNG),
            Map.entry("G1 Old Generation", FULL),
            Map.entry("G1 Concurrent GC", MIXED_CONCURRENT),
            Map.entry("PS Scavenge", YOUNG),
            Map.entry("PS MarkSweep", FULL),
            Map.entry("Copy", YOUNG),
            Map.entry("MarkSweepCompact", FULL),
            Map.entry("ParNew", YOUNG),
            Map.entry("ConcurrentMarkSweep", MIXED_CONCURRENT),
            Map.entry("ZGC Minor Pauses", YOUNG),
            Map.entry("ZGC Major Pauses", MIXED_CONCURRENT),
            Map.entry("ZGC Pauses", MIXED_CONCURRENT),
            Map.entry("Shenandoah Pauses", MIXED_CONCURRENT),
            Map.entry("ZGC Cycles", NOT_A_PAUSE),
            Map.entry("ZGC Minor Cycles", NOT_A_PAUSE),
            Map.entry("ZGC Major Cycles", NOT_A_PAUSE),
            Map.entry("Shenandoah Cycles", NOT_A_PAUSE));

    private PauseClass() {}

    /**
     * The class of one notification.
     *
     * @param collector the {@code GarbageCollectorMXBean}'s name ({@code gcName})
     * @param action the notification's {@code gcAction}
     * @param oldGenerationShrank whether the old generation's used bytes fell during the pause: a G1
     *        young-collector pause that evacuated old regions is a mixed collection
     */
    public static int of(String collector, String action, boolean oldGenerationShrank) {
        if ("end of GC cycle".equals(action)) {
            return NOT_A_PAUSE;
        }
        Integer known = BY_COLLECTOR.get(collector);
        if (known != null) {
            return G1_YOUNG.equals(collector) && oldGenerationShrank ? MIXED_CONCURRENT : known;
        }
        // A collector not in the table: its action says what it was.
        return switch (action) {
            case "end of minor GC" -> YOUNG;
            case "end of major GC" -> FULL;
            default -> MIXED_CONCURRENT;
        };
    }
}
