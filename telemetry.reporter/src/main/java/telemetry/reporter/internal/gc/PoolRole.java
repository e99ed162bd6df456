package telemetry.reporter.internal.gc;

/**
 * Which of the three pool roles of fields 300–305 a heap pool plays: eden (0), survivor (1) or old
 * (2). A single-pool heap (ZGC before generations, Shenandoah) counts as old.
 */
final class PoolRole {

    private PoolRole() {}

    static int of(String pool) {
        if (pool.contains("Eden") || pool.contains("Young Generation")) {
            return 0;
        }
        if (pool.contains("Survivor")) {
            return 1;
        }
        return 2;
    }
}
