package telemetry.ingester.model;

import java.util.List;

/**
 * Lifetime counters of a process group (Prometheus counters: they never go backwards, even when
 * the group's processes are removed).
 *
 * @param name the group
 * @param requests requests completed
 * @param status per status class
 * @param phases per phase, with buckets, in phase order
 * @param gc pauses per class (young, mixed, full), empty when the group never sent a GC record
 */
public record GroupTotalsView(
        String name, long requests, StatusCounts status, List<PhaseView> phases, List<GcTotalsView> gc) {}
