package telemetry.ingester.model;

import java.util.List;

/**
 * Everything the ingester knows at one moment, immutable: what every view renders.
 *
 * @param version the store's version (it increases with every change)
 * @param now the store's clock when the view was made, epoch seconds
 * @param counters the ingester's counters
 * @param processes processes, least recently heard first
 * @param groups process groups by name, with merged windows
 * @param groupTotals lifetime totals per group by name (for Prometheus)
 * @param slowRequests slow records, least recently heard first
 * @param lifecycleEvents lifecycle events, oldest first
 */
public record StateView(
        long version,
        double now,
        IngesterCounters counters,
        List<ProcessView> processes,
        List<GroupView> groups,
        List<GroupTotalsView> groupTotals,
        List<SlowView> slowRequests,
        List<LifecycleEvent> lifecycleEvents) {

    /** Window names, in window index order. */
    public static final List<String> WINDOW_NAMES = List.of("10s", "1m", "10m");

    /** Id of the newest lifecycle event, 0 if none. */
    public long lastEventId() {
        return lifecycleEvents.isEmpty()
                ? 0
                : lifecycleEvents.get(lifecycleEvents.size() - 1).id();
    }

    /** The process with key {@code pid@hostname}, or null. */
    public ProcessView process(String key) {
        for (ProcessView p : processes) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }
}
