package telemetry.ingester.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import telemetry.ingester.model.GcClassView;
import telemetry.ingester.model.GcOverlap;
import telemetry.ingester.model.GcPause;
import telemetry.ingester.model.GcProcessView;
import telemetry.ingester.model.GcTotalsView;
import telemetry.ingester.model.GcWindowView;
import telemetry.ingester.model.GroupTotalsView;
import telemetry.ingester.model.GroupView;
import telemetry.ingester.model.HeapPoolView;
import telemetry.ingester.model.IngesterCounters;
import telemetry.ingester.model.PhaseView;
import telemetry.ingester.model.ProcessState;
import telemetry.ingester.model.ProcessView;
import telemetry.ingester.model.SlowView;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.StatusCounts;
import telemetry.ingester.model.WindowView;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;

/**
 * Makes the read model from the store's mutable records, on the store's thread: the windows of
 * each process are merged once into scratch accumulators, turned into values, and merged on into
 * their group's windows. Nothing of the store is shared with the view.
 */
final class StateViews {

    private static final Phase[] PHASES = Phase.values();
    private static final int WINDOWS = SlidingWindows.WINDOW_SECONDS.length;

    private StateViews() {}

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
            groups.add(new GroupView(
                    e.getKey(), s[0], s[1], s[2], s[3], groupRequests.get(e.getKey()), List.copyOf(windows)));
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
            totals.add(new GroupTotalsView(
                    g.name(), g.requests(), StatusCounts.of(g.status), List.copyOf(phases), gcTotals(g)));
        }
        List<SlowView> slow = new ArrayList<>(store.slowRecordCount());
        double settle = store.limits().runningSlowMinExpiry().toMillis() / 1000.0;
        for (SlowRecord s : store.slowRecords()) {
            slow.add(new SlowView(
                    s.key.text(),
                    s.pid(),
                    s.processGroup,
                    s.completed(),
                    s.latest,
                    s.firstHeard,
                    s.lastHeard,
                    s.changed,
                    gcOverlap(s, store.processOfPid(s.pid()), now, settle)));
        }
        IngesterCounters counters = new IngesterCounters(
                receive.received(),
                store.datagrams(),
                store.decodeErrors(),
                store.lastDecodeError(),
                store.mistypedFields(),
                store.drops(),
                receive.ringOverflows(),
                receive.queueStalls(),
                receive.oversized(),
                store.unknownKinds(),
                store.processesEvicted(),
                store.processesRemoved(),
                store.slowRecordsEvicted(),
                store.slowRecordsExpired(),
                store.lifecycleEventsEvicted(),
                store.groupsEvicted(),
                store.gcEventsInvalid(),
                store.lastGcEventError());
        return new StateView(
                store.version(),
                now,
                counters,
                List.copyOf(processes),
                List.copyOf(groups),
                List.copyOf(totals),
                List.copyOf(slow),
                List.copyOf(store.lifecycleEvents()));
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
        return new ProcessView(
                p.key.text(),
                p.pid(),
                p.hostname(),
                p.processGroup(),
                p.state,
                p.requestsTotal,
                StatusCounts.of(p.statusTotal),
                p.drops,
                p.modWsgiVersion(),
                p.pythonVersion(),
                p.apacheVersion(),
                p.mpmName(),
                p.interpreterName(),
                p.parentPid,
                p.interval,
                p.slowThreshold,
                p.switchInterval,
                p.firstSeen,
                p.lastSeen,
                p.firstSeq,
                p.lastSeq,
                p.startedStamp,
                p.shutdownReason,
                p.latest,
                windows,
                p.hasGc()
                        ? new GcProcessView(
                                p.gcLatest, p.gcLatestReceived, p.gcPauses.total, p.gcPauses.evicted, p.gcPauses.size())
                        : null,
                p.changed);
    }

    /**
     * The pauses of {@code p} overlapping slow record {@code s} (see {@link GcOverlap}); null when
     * the process sent no GC record. Once the record completed and {@code settle} seconds (times
     * its process's interval, at least 3) went by, every pause that overlapped it has arrived: the
     * answer is kept with the record, so that pauses leaving the retention do not change it.
     */
    static GcOverlap gcOverlap(SlowRecord s, ProcessRecord p, double now, double settle) {
        if (s.settledGc != null) {
            return s.settledGc;
        }
        if (p == null || !p.hasGc()) {
            return null;
        }
        GcOverlap overlap = gcOverlap(s.latest, s.completed(), p.gcPauses, now);
        if (s.completed() && now - s.completedAt > Math.max(settle, 3 * p.intervalOrDefault())) {
            s.settledGc = overlap;
        }
        return overlap;
    }

    /** The overlap of the request in {@code slow} (completed or running at {@code now}) with {@code pauses}. */
    static GcOverlap gcOverlap(Datagram slow, boolean completed, GcPauses pauses, double now) {
        double from = slow.doubleValue(Field.SLOW_START_STAMP, Double.NaN);
        double duration = Math.max(0.0, slow.doubleValue(Field.SLOW_DURATION, 0.0));
        double to = completed ? from + duration : Math.max(now, from + duration);
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            return new GcOverlap(from, to, 0, 0.0, List.of());
        }
        List<Integer> found = pauses.overlapping(from, to);
        double seconds = 0;
        List<GcPause> listed = new ArrayList<>(Math.min(found.size(), GcOverlap.LISTED));
        for (int i : found) {
            GcPause pause = pauses.pause(i);
            seconds += pause.overlap(from, to);
            if (listed.size() < GcOverlap.LISTED) {
                listed.add(pause);
            }
        }
        return new GcOverlap(from, to, found.size(), seconds, List.copyOf(listed));
    }

    private static List<GcTotalsView> gcTotals(GroupTotals g) {
        if (!g.hasGc()) {
            return List.of();
        }
        List<GcTotalsView> classes = new ArrayList<>(GcAccumulator.CLASSES);
        for (int c = 0; c < GcAccumulator.CLASSES; c++) {
            classes.add(
                    new GcTotalsView(c, g.gcPauses[c], g.gcPauseSeconds[c], g.gcCollected[c], g.gcBuckets[c].clone()));
        }
        return List.copyOf(classes);
    }

    private static GcWindowView gcWindow(GcAccumulator gc, boolean withBuckets) {
        if (gc == null) {
            return null;
        }
        List<GcClassView> classes = new ArrayList<>(GcAccumulator.CLASSES);
        long pauses = 0;
        double seconds = 0;
        double perSecond = 0;
        double max = Double.NaN;
        for (int c = 0; c < GcAccumulator.CLASSES; c++) {
            classes.add(new GcClassView(
                    c,
                    gc.pauses(c),
                    gc.pausesPerSecond(c),
                    gc.pauseSeconds(c),
                    gc.pauseShare(c),
                    gc.collected(c),
                    gc.collectedPerSecond(c),
                    gc.maxPause(c)));
            pauses += gc.pauses(c);
            seconds += gc.pauseSeconds(c);
            perSecond += gc.pausesPerSecond(c);
            if (!(gc.maxPause(c) <= max)) {
                max = Double.isNaN(gc.maxPause(c)) ? max : gc.maxPause(c);
            }
        }
        long[] buckets = gc.buckets();
        List<HeapPoolView> pools = new ArrayList<>(GcAccumulator.POOLS);
        for (int pool = 0; pool < GcAccumulator.POOLS; pool++) {
            pools.add(new HeapPoolView(pool, gc.heapUsed(pool), gc.heapCommitted(pool)));
        }
        double share = gc.wallSeconds() > 0 ? seconds / gc.wallSeconds() : 0.0;
        return new GcWindowView(
                gc.snapshots(),
                gc.wallSeconds(),
                gc.droppedEvents(),
                List.copyOf(classes),
                pauses,
                seconds,
                share,
                perSecond,
                LatencyBuckets.percentile(buckets, 0.50),
                LatencyBuckets.percentile(buckets, 0.95),
                LatencyBuckets.percentile(buckets, 0.99),
                max,
                withBuckets ? buckets : null,
                List.copyOf(pools),
                gc.processes());
    }

    private static WindowView window(WindowAccumulator a, int index, boolean withBuckets) {
        List<PhaseView> phases = new ArrayList<>(PHASES.length);
        for (Phase phase : PHASES) {
            PhaseAccumulator acc = a.phase(phase);
            if (acc != null) {
                phases.add(phase(phase, acc, withBuckets));
            }
        }
        return new WindowView(
                StateView.WINDOW_NAMES.get(index),
                SlidingWindows.WINDOW_SECONDS[index],
                a.samples(),
                a.periodSeconds(),
                a.requests(),
                a.throughput(),
                a.capacityUtilization(),
                a.cpuUtilization(),
                a.cpuUserUtilization(),
                a.cpuSystemUtilization(),
                a.memoryRss(),
                a.memoryMaxRss(),
                StatusCounts.of(a.status),
                a.processes(),
                List.copyOf(phases),
                gcWindow(a.gc(), withBuckets));
    }

    private static PhaseView phase(Phase phase, PhaseAccumulator acc, boolean withBuckets) {
        return new PhaseView(
                phase,
                acc.count(),
                acc.mean(),
                acc.min(),
                acc.max(),
                acc.totalSeconds(),
                acc.percentile(0.50),
                acc.percentile(0.95),
                acc.percentile(0.99),
                withBuckets ? acc.buckets() : null);
    }
}
