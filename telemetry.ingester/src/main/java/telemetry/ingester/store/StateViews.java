package telemetry.ingester.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import telemetry.ingester.model.GroupTotalsView;
import telemetry.ingester.model.GroupView;
import telemetry.ingester.model.IngesterCounters;
import telemetry.ingester.model.PhaseView;
import telemetry.ingester.model.ProcessState;
import telemetry.ingester.model.ProcessView;
import telemetry.ingester.model.SlowView;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.StatusCounts;
import telemetry.ingester.model.WindowView;
import telemetry.wire.Phase;

/**
 * Makes the read model from the store's mutable records, on the store's thread: the windows of
 * each process are merged once into scratch accumulators, turned into values, and merged on into
 * their group's windows. Nothing of the store is shared with the view.
 */
final class StateViews {

    private static final Phase[] PHASES = Phase.values();
    private static final int WINDOWS = SlidingWindows.WINDOW_SECONDS.length;

    private StateViews() {
    }

    static StateView build(TelemetryStore store, ReceiveCounters receive) {
        double now = store.now();
        WindowAccumulator[] scratch = new WindowAccumulator[WINDOWS];
        for (int i = 0; i < WINDOWS; i++) {
            scratch[i] = new WindowAccumulator();
        }
        Map<String, WindowAccumulator[]> groupWindows = new TreeMap<>();
        Map<String, int[]> groupStates = new TreeMap<>();
        Map<String, Long> groupRequests = new TreeMap<>();
        List<ProcessView> processes = new ArrayList<>(store.processCount());
        for (ProcessRecord p : store.processes()) {
            List<WindowView> windows = new ArrayList<>(WINDOWS);
            for (int i = 0; i < WINDOWS; i++) {
                p.windows.windowInto(scratch[i], i, now);
                windows.add(window(scratch[i], i, false));
            }
            String group = p.processGroup();
            TelemetryStore.addToGroup(groupWindows, group, scratch);
            groupStates.computeIfAbsent(group, g -> new int[ProcessState.values().length])[p.state.ordinal()]++;
            groupRequests.merge(group, p.requestsTotal, Long::sum);
            processes.add(process(p, List.copyOf(windows)));
        }
        List<GroupView> groups = new ArrayList<>(groupWindows.size());
        for (Map.Entry<String, WindowAccumulator[]> e : groupWindows.entrySet()) {
            List<WindowView> windows = new ArrayList<>(WINDOWS);
            for (int i = 0; i < WINDOWS; i++) {
                windows.add(window(e.getValue()[i], i, true));
            }
            int[] s = groupStates.get(e.getKey());
            groups.add(new GroupView(e.getKey(), s[0], s[1], s[2], s[3], groupRequests.get(e.getKey()),
                    List.copyOf(windows)));
        }
        List<GroupTotalsView> totals = new ArrayList<>();
        for (GroupTotals g : store.groupTotals()) {
            List<PhaseView> phases = new ArrayList<>();
            for (Phase phase : PHASES) {
                PhaseAccumulator acc = g.phase(phase);
                if (acc != null) {
                    phases.add(phase(phase, acc, true));
                }
            }
            totals.add(new GroupTotalsView(g.name(), g.requests(), StatusCounts.of(g.status), List.copyOf(phases)));
        }
        List<SlowView> slow = new ArrayList<>(store.slowRecordCount());
        for (SlowRecord s : store.slowRecords()) {
            slow.add(new SlowView(s.key.text(), s.pid(), s.processGroup, s.completed(), s.latest, s.firstHeard,
                    s.lastHeard, s.changed));
        }
        IngesterCounters counters = new IngesterCounters(receive.received(), store.datagrams(), store.decodeErrors(),
                store.lastDecodeError(), store.mistypedFields(), store.drops(), receive.ringOverflows(),
                receive.queueStalls(), receive.oversized(), store.unknownKinds(), store.processesEvicted(),
                store.processesRemoved(), store.slowRecordsEvicted(), store.slowRecordsExpired(),
                store.lifecycleEventsEvicted(), store.groupsEvicted());
        return new StateView(store.version(), now, counters, List.copyOf(processes), List.copyOf(groups),
                List.copyOf(totals), List.copyOf(slow), List.copyOf(store.lifecycleEvents()));
    }

    /**
     * The windows of the process {@code pid@hostname} with their histograms (the published view
     * leaves them out of process windows), or null when it is unknown (owner thread).
     */
    static List<WindowView> windowsWithBuckets(TelemetryStore store, String key) {
        double now = store.now();
        for (ProcessRecord p : store.processes()) {
            if (p.key.text().equals(key)) {
                List<WindowView> windows = new ArrayList<>(WINDOWS);
                for (int i = 0; i < WINDOWS; i++) {
                    WindowAccumulator a = new WindowAccumulator();
                    p.windows.windowInto(a, i, now);
                    windows.add(window(a, i, true));
                }
                return List.copyOf(windows);
            }
        }
        return null;
    }

    private static ProcessView process(ProcessRecord p, List<WindowView> windows) {
        return new ProcessView(p.key.text(), p.pid(), p.hostname(), p.processGroup(), p.state, p.requestsTotal,
                StatusCounts.of(p.statusTotal), p.drops, p.modWsgiVersion(), p.pythonVersion(), p.apacheVersion(),
                p.mpmName(), p.interpreterName(), p.parentPid, p.interval, p.slowThreshold, p.switchInterval,
                p.firstSeen, p.lastSeen, p.lastSeq, p.startedStamp, p.shutdownReason, p.latest, windows, p.changed);
    }

    private static WindowView window(WindowAccumulator a, int index, boolean withBuckets) {
        List<PhaseView> phases = new ArrayList<>(PHASES.length);
        for (Phase phase : PHASES) {
            PhaseAccumulator acc = a.phase(phase);
            if (acc != null) {
                phases.add(phase(phase, acc, withBuckets));
            }
        }
        return new WindowView(StateView.WINDOW_NAMES.get(index), SlidingWindows.WINDOW_SECONDS[index], a.samples(),
                a.periodSeconds(), a.requests(), a.throughput(), a.capacityUtilization(), a.cpuUtilization(),
                a.cpuUserUtilization(), a.cpuSystemUtilization(), a.memoryRss(), a.memoryMaxRss(),
                StatusCounts.of(a.status), a.processes(), List.copyOf(phases));
    }

    private static PhaseView phase(Phase phase, PhaseAccumulator acc, boolean withBuckets) {
        return new PhaseView(phase, acc.count(), acc.mean(), acc.min(), acc.max(), acc.totalSeconds(),
                acc.percentile(0.50), acc.percentile(0.95), acc.percentile(0.99),
                withBuckets ? acc.buckets() : null);
    }
}
