package telemetry.ingester.top;

import java.util.List;
import telemetry.ingester.top.Stats.Group;
import telemetry.ingester.top.Stats.Phase;
import telemetry.ingester.top.Stats.Window;
import telemetry.wire.LatencyBuckets;

/**
 * The totals of the groups in view for one window: sums of throughput, CPU, RSS and status
 * classes, capacity weighted by processes, and per phase the merged buckets with their percentiles
 * (wire-format.md's interpolation, so one group shows exactly what the ingester computed).
 */
record Scope(
        double throughput,
        double capacity,
        double cpu,
        double rss,
        long requests,
        long[] statuses,
        int processes,
        int groups) {

    static Scope of(List<Group> groups, ViewState v, int window) {
        double throughput = 0;
        double capacityWeighted = 0;
        double cpu = 0;
        double rss = 0;
        long requests = 0;
        long[] statuses = new long[5];
        int processes = 0;
        int n = 0;
        for (Group g : groups) {
            if (!v.inGroup(g.name())) {
                continue;
            }
            Window w = g.windows()[window];
            n++;
            processes += g.processes();
            throughput += w.throughput();
            capacityWeighted += w.capacity() * g.processes();
            cpu += w.cpu();
            rss += w.rss();
            requests += w.requests();
            for (int i = 0; i < 5; i++) {
                statuses[i] += w.statuses()[i];
            }
        }
        return new Scope(
                throughput,
                processes == 0 ? 0 : capacityWeighted / processes,
                cpu,
                rss,
                requests,
                statuses,
                processes,
                n);
    }

    /** One phase over the groups in view: one group's own figures, or several merged. */
    static Phase phase(List<Group> groups, ViewState v, int window, String name) {
        Phase single = null;
        int n = 0;
        long[] buckets = new long[LatencyBuckets.COUNT];
        long count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Group g : groups) {
            if (!v.inGroup(g.name())) {
                continue;
            }
            Phase p = g.windows()[window].phase(name);
            n++;
            single = p;
            if (p.count() == 0) {
                continue;
            }
            count += p.count();
            sum += p.mean() * p.count();
            min = Math.min(min, p.min());
            max = Math.max(max, p.max());
            if (p.buckets() != null) {
                for (int i = 0; i < Math.min(buckets.length, p.buckets().length); i++) {
                    buckets[i] += p.buckets()[i];
                }
            }
        }
        if (n == 1) {
            return single;
        }
        if (count == 0) {
            return Phase.NONE;
        }
        return new Phase(
                count,
                sum / count,
                min,
                max,
                LatencyBuckets.percentile(buckets, 0.50),
                LatencyBuckets.percentile(buckets, 0.95),
                LatencyBuckets.percentile(buckets, 0.99),
                buckets);
    }
}
