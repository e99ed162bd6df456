package telemetry.ingester.store;

import java.util.ArrayList;
import java.util.List;
import telemetry.ingester.model.GroupHistoryView;
import telemetry.ingester.model.StepFigures;

/**
 * Sums the histories of a group's processes step by step. Every process history starts its steps
 * at multiples of the same resolution, so a step is an index, not a lookup. Owner thread only.
 */
final class GroupHistory {

    private GroupHistory() {}

    /** The history of {@code group}, or null when no process of the store is in it. */
    static GroupHistoryView of(TelemetryStore store, String group) {
        double resolution = Math.max(1.0, store.retentionSeconds() / ProcessRecord.HISTORY_POINTS);
        double from = Math.floor((store.now() - store.retentionSeconds()) / resolution) * resolution;
        int steps = ProcessRecord.HISTORY_POINTS + 2;
        int[] processes = new int[steps];
        int[] samples = new int[steps];
        long[] requests = new long[steps];
        double[] throughput = new double[steps];
        double[] busy = new double[steps];
        double[] slots = new double[steps];
        double[] cpu = new double[steps];
        long[] rss = new long[steps];
        double[] requestTime = new double[steps];
        double[] p95 = new double[steps];
        long[] s4xx = new long[steps];
        long[] s5xx = new long[steps];
        int members = 0;
        for (ProcessRecord p : store.processes()) {
            if (!group.equals(p.processGroup())) {
                continue;
            }
            members++;
            History h = p.history;
            for (int i = 0; i < h.size(); i++) {
                long step = Math.round((h.start(i) - from) / resolution);
                if (step < 0 || step >= steps) {
                    continue;
                }
                int k = (int) step;
                processes[k]++;
                samples[k] += h.samples(i);
                requests[k] += h.requests(i);
                throughput[k] += h.throughput(i);
                busy[k] += h.busySlotSeconds(i);
                slots[k] += h.slotSeconds(i);
                cpu[k] += h.cpuUtilization(i);
                rss[k] += h.memoryRss(i);
                requestTime[k] += h.requestTimeTotal(i);
                p95[k] = Math.max(p95[k], h.requestTimeP95(i));
                s4xx[k] += h.status4xx(i);
                s5xx[k] += h.status5xx(i);
            }
        }
        if (members == 0) {
            return null;
        }
        List<GroupHistoryView.Point> points = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            if (processes[k] > 0) {
                points.add(new GroupHistoryView.Point(
                        from + k * resolution,
                        processes[k],
                        new StepFigures(
                                samples[k],
                                requests[k],
                                throughput[k],
                                slots[k] > 0 ? busy[k] / slots[k] : 0.0,
                                cpu[k],
                                rss[k],
                                requests[k] > 0 ? requestTime[k] / requests[k] : 0.0,
                                p95[k],
                                s4xx[k],
                                s5xx[k])));
            }
        }
        return new GroupHistoryView(group, members, List.copyOf(points));
    }
}
