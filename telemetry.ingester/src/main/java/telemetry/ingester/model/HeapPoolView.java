package telemetry.ingester.model;

import java.util.List;

/**
 * A heap pool role of the JVM mapping (gc_countN / gc_thresholdN): bytes used and committed.
 *
 * @param pool 0 eden, 1 survivor, 2 old
 * @param used bytes used (a group: summed over its processes' latest snapshots)
 * @param committed bytes committed (likewise)
 */
public record HeapPoolView(int pool, long used, long committed) {

    /** Pool names, by role. */
    public static final List<String> POOLS = List.of("eden", "survivor", "old");

    public String name() {
        return POOLS.get(pool);
    }

    /** used / committed, 0 when nothing is committed. */
    public double fill() {
        return committed > 0 ? (double) used / committed : 0.0;
    }
}
