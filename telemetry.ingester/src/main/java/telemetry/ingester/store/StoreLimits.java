package telemetry.ingester.store;

import java.time.Duration;

/**
 * Bounds and timeouts of the store (ingester.md). Past a bound the oldest entry goes and a counter
 * says how many went.
 *
 * @param retention history kept per process; a silent process is removed after it
 * @param maxProcesses processes kept (least recently heard evicted first)
 * @param maxSlowRecords slow-request records kept (least recently heard evicted first)
 * @param maxLifecycleEvents lifecycle events kept (oldest evicted first)
 * @param maxGroups process groups with lifetime totals kept
 * @param staleAfter silence after which a running or stopping process is {@code stale}
 * @param completedSlowKept how long a completed slow record is kept
 * @param runningSlowMinExpiry a running slow record unheard for max(this, 3 × interval) expires
 * @param maxGcPausesPerProcess GC pauses kept per process within the retention (oldest dropped first, counted)
 */
public record StoreLimits(
        Duration retention,
        int maxProcesses,
        int maxSlowRecords,
        int maxLifecycleEvents,
        int maxGroups,
        Duration staleAfter,
        Duration completedSlowKept,
        Duration runningSlowMinExpiry,
        int maxGcPausesPerProcess) {

    /** The limits of ingester.md with the given retention. */
    public static StoreLimits defaults(Duration retention) {
        return new StoreLimits(
                retention,
                4096,
                10_000,
                1_000,
                4096,
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                1024);
    }
}
