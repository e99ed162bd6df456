package telemetry.ingester.store;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import telemetry.ingester.model.GroupHistoryView;
import telemetry.ingester.model.HistoryView;
import telemetry.ingester.model.LifecycleEvent;
import telemetry.ingester.model.ProcessState;
import telemetry.ingester.model.StateView;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.FieldValue;
import telemetry.wire.Kind;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.WireDecoder;

/**
 * The ingester's memory: processes, their samples and windows, slow requests, lifecycle events and
 * counters, all bounded (see {@link StoreLimits}).
 *
 * <p>Concurrency contract: the store has one owner thread (in a running ingester the
 * {@link StoreThread}), the only one that calls its methods; it is not thread-safe and takes no
 * lock. Other threads see it only through the immutable {@link telemetry.ingester.model.StateView}
 * the owner publishes ({@link StateViews#build}), and ask the owner for anything else
 * ({@link StoreThread#call}). The exceptions, readable from any thread, are {@link #datagrams()}
 * and {@link #published()}.
 *
 * <p>Time comes from the injected {@link InstantSource} (tests move it by hand). Every change
 * increments {@link #version()}; records remember the version of their last change, so an
 * incremental client can be sent what changed between two views.
 */
public final class TelemetryStore {

    private final InstantSource clock;
    private final StoreLimits limits;
    private final double retentionSeconds;

    private final LinkedHashMap<ProcessKey, ProcessRecord> processes = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Long, PidState> pids = new HashMap<>();
    private final LinkedHashMap<SlowKey, SlowRecord> slow = new LinkedHashMap<>(64, 0.75f, true);
    private final ArrayDeque<LifecycleEvent> events = new ArrayDeque<>();
    private final LinkedHashMap<String, GroupTotals> groups = new LinkedHashMap<>(16, 0.75f, true);

    private long version;
    private long nextEventId = 1;
    /** Written by the owner only; volatile so that waiting threads (tests, benchmarks) can read it. */
    private volatile long datagrams;

    private volatile StateView published;
    private long mistypedFields;
    private long decodeErrors;
    private String lastDecodeError;
    private long drops;
    private long unknownKinds;
    private long processesEvicted;
    private long processesRemoved;
    private long slowEvicted;
    private long slowExpired;
    private long eventsEvicted;
    private long groupsEvicted;
    private long gcEventsInvalid;
    private String lastGcEventError;

    /** Per-pid state shared by every kind: the seq counter and the process that pid last was. */
    private static final class PidState {
        final SeqTracker seq = new SeqTracker();
        ProcessRecord current;
    }

    public TelemetryStore(InstantSource clock, StoreLimits limits) {
        this.clock = clock;
        this.limits = limits;
        this.retentionSeconds = limits.retention().toMillis() / 1000.0;
    }

    /** Current time of the store's clock, epoch seconds. */
    public double now() {
        return clock.millis() / 1000.0;
    }

    /** How long histories and silent processes are kept, seconds. */
    public double retentionSeconds() {
        return retentionSeconds;
    }

    public StoreLimits limits() {
        return limits;
    }

    /**
     * Decodes and stores one datagram. An invalid datagram is counted in {@link #decodeErrors()}
     * and otherwise ignored.
     *
     * @return the decoded datagram, or null when it was invalid
     */
    public Datagram accept(byte[] data, int offset, int length) {
        Datagram d;
        try {
            d = WireDecoder.decode(data, offset, length);
        } catch (MalformedDatagramException e) {
            decodeError(e.getMessage());
            return null;
        }
        apply(d);
        return d;
    }

    /** Counts the known fields of {@code d} that came with a type that cannot stand for theirs (kept as id<N>). */
    private void countMistyped(Datagram d) {
        for (FieldValue v : d.fields()) {
            if (v.field() == null && Field.ofId(v.id()) != null) {
                mistypedFields++;
            }
        }
    }

    /** Counts a datagram that could not be decoded. */
    public void decodeError(String message) {
        datagrams++;
        decodeErrors++;
        lastDecodeError = message;
        version++;
    }

    /** Stores one decoded datagram. */
    public void apply(Datagram d) {
        double now = now();
        datagrams++;
        version++;
        countMistyped(d);
        String hostname = d.text(Field.HOSTNAME);
        ProcessRecord p = resolve(d.pid(), hostname, now);
        PidState ps = pids.get(d.pid());
        long lost = ps.seq.accept(d.seq());
        p.drops += lost;
        drops += lost;
        p.lastSeen = now;
        if (p.firstSeq < 0) {
            p.firstSeq = d.seq();
        }
        p.lastSeq = d.seq();
        p.changed = version;
        p.updateIdentity(d);
        if (p.state == ProcessState.STALE) {
            p.state = ProcessState.RUNNING; // heard again, whatever the kind
        }
        Kind kind = d.kind();
        if (kind == null) {
            unknownKinds++;
            return;
        }
        switch (kind) {
            case REQUEST_METRICS -> {
                if (p.state == ProcessState.STOPPED) {
                    p.state = ProcessState.RUNNING; // the pid reports again without a process_started
                }
                addGroupTotals(p.processGroup(), p.addSample(d, now, retentionSeconds));
            }
            case SLOW_REQUEST -> slowRecord(d, p, now);
            case PROCESS_STARTED -> {
                p.state = ProcessState.RUNNING;
                p.startedStamp = d.stamp();
                p.shutdownReason = null;
                lifecycle(d, p, now);
            }
            case PROCESS_STOPPING -> {
                p.state = ProcessState.STOPPING;
                p.shutdownReason = d.text(Field.SHUTDOWN_REASON);
                lifecycle(d, p, now);
            }
            case PROCESS_STOPPED -> {
                p.state = ProcessState.STOPPED;
                String reason = d.text(Field.SHUTDOWN_REASON);
                if (reason != null) {
                    p.shutdownReason = reason;
                }
                lifecycle(d, p, now);
            }
            case GC_SNAPSHOT -> {
                p.addGcSnapshot(d, now, limits.maxGcPausesPerProcess());
                groupTotals(p.processGroup()).gcSeen();
            }
            case GC_EVENT -> gcEvent(d, p, now);
            default -> {
                // process_metrics, server_metrics: identity and seq only
            }
        }
    }

    /**
     * Applies the timeouts: expires slow records, marks silent processes stale, removes processes
     * silent for longer than the retention and trims histories. Called by a timer.
     */
    public void sweep() {
        double now = now();
        double staleAfter = limits.staleAfter().toMillis() / 1000.0;
        for (Iterator<ProcessRecord> it = processes.values().iterator(); it.hasNext(); ) {
            ProcessRecord p = it.next();
            double silent = now - p.lastSeen;
            if (silent > retentionSeconds) {
                it.remove();
                processesRemoved++;
                forget(p);
                continue;
            }
            if (silent >= staleAfter && (p.state == ProcessState.RUNNING || p.state == ProcessState.STOPPING)) {
                p.state = ProcessState.STALE;
                p.changed = ++version;
            }
            p.trimSamples(now, retentionSeconds);
        }
        double keepCompleted = limits.completedSlowKept().toMillis() / 1000.0;
        double minRunning = limits.runningSlowMinExpiry().toMillis() / 1000.0;
        for (Iterator<SlowRecord> it = slow.values().iterator(); it.hasNext(); ) {
            SlowRecord s = it.next();
            boolean expired;
            if (s.completed()) {
                expired = now - s.completedAt > keepCompleted;
            } else {
                PidState ps = pids.get(s.pid());
                double interval = ps != null && ps.current != null ? ps.current.intervalOrDefault() : 1.0;
                expired = now - s.lastHeard > Math.max(minRunning, 3 * interval);
            }
            if (expired) {
                it.remove();
                slowExpired++;
                version++;
            }
        }
    }

    /** Removes every completed slow record; running ones stay. Returns how many went. */
    public int clearCompletedSlow() {
        int cleared = 0;
        for (Iterator<SlowRecord> it = slow.values().iterator(); it.hasNext(); ) {
            SlowRecord s = it.next();
            if (s.completed()) {
                it.remove();
                cleared++;
                version++;
            }
        }
        return cleared;
    }

    private ProcessRecord resolve(long pid, String hostname, double now) {
        PidState ps = pids.get(pid);
        if (ps == null) {
            ps = new PidState();
            pids.put(pid, ps);
        }
        if (hostname == null || hostname.isEmpty()) {
            if (ps.current != null) {
                processes.get(ps.current.key); // most recently heard
                return ps.current;
            }
            hostname = "";
        }
        ProcessKey key = new ProcessKey(pid, hostname);
        ProcessRecord p = processes.get(key);
        if (p == null && ps.current != null && ps.current.key.hostname().isEmpty()) {
            // the pid was first heard without a host name (e.g. a slow record): adopt it
            p = ps.current;
            processes.remove(p.key);
            p.key = key;
            processes.put(key, p);
        }
        if (p == null) {
            p = new ProcessRecord(key, now);
            processes.put(key, p);
            if (processes.size() > limits.maxProcesses()) {
                Iterator<ProcessRecord> eldest = processes.values().iterator();
                ProcessRecord victim = eldest.next();
                eldest.remove();
                processesEvicted++;
                forget(victim);
            }
        }
        ps.current = p;
        pids.put(pid, ps); // again: evicting an older process of the same pid may have removed it
        return p;
    }

    /** The process that {@code pid} currently is, or null. */
    ProcessRecord processOfPid(long pid) {
        PidState ps = pids.get(pid);
        return ps == null ? null : ps.current;
    }

    /** Drops the pid index of a removed process. */
    private void forget(ProcessRecord p) {
        version++;
        PidState ps = pids.get(p.pid());
        if (ps != null && ps.current == p) {
            pids.remove(p.pid());
        }
    }

    private void slowRecord(Datagram d, ProcessRecord p, double now) {
        SlowKey key = SlowKey.of(
                d.pid(),
                d.text(Field.SLOW_LOG_ID),
                d.longValue(Field.SLOW_THREAD_ID, 0),
                d.doubleValue(Field.SLOW_START_STAMP, 0.0));
        SlowRecord s = slow.get(key);
        if (s == null) {
            s = new SlowRecord(key, now);
            slow.put(key, s);
            if (slow.size() > limits.maxSlowRecords()) {
                Iterator<SlowRecord> eldest = slow.values().iterator();
                SlowRecord victim = eldest.next();
                eldest.remove();
                slowEvicted++;
                version++;
            }
        }
        boolean wasCompleted = s.latest != null && s.completed();
        s.latest = d;
        s.lastHeard = now;
        s.processGroup = p.processGroup();
        s.changed = version;
        if (s.completed() && !wasCompleted) {
            s.completedAt = now;
        }
    }

    /**
     * Stores a pause: it needs a finite start, a finite non-negative duration and class 0, 1 or 2;
     * anything else is counted ({@link #gcEventsInvalid()}) and not stored.
     */
    private void gcEvent(Datagram d, ProcessRecord p, double now) {
        double start = d.doubleValue(Field.GC_EVENT_START_STAMP, Double.NaN);
        double seconds = d.doubleValue(Field.GC_EVENT_DURATION, Double.NaN);
        long generation = d.longValue(Field.GC_EVENT_GENERATION, -1);
        long collected = d.longValue(Field.GC_EVENT_COLLECTED, 0);
        if (!Double.isFinite(start)
                || !Double.isFinite(seconds)
                || seconds < 0
                || generation < 0
                || generation >= GcAccumulator.CLASSES
                || collected < 0) {
            gcEventsInvalid++;
            lastGcEventError = "gc_event from pid " + d.pid() + " not stored: it needs gc_event_start_stamp and "
                    + "gc_event_duration (finite, duration >= 0) and gc_event_generation 0, 1 or 2; got start "
                    + start + ", duration " + seconds + ", generation " + generation;
            return;
        }
        GroupTotals g = groupTotals(p.processGroup());
        if (p.addGcPause(start, seconds, (int) generation, collected, now, limits.maxGcPausesPerProcess())) {
            g.addGcPause((int) generation, seconds, collected);
        }
    }

    private void lifecycle(Datagram d, ProcessRecord p, double now) {
        events.addLast(new LifecycleEvent(nextEventId++, now, p.hostname(), p.processGroup(), d));
        while (events.size() > limits.maxLifecycleEvents()) {
            events.removeFirst();
            eventsEvicted++;
        }
    }

    private void addGroupTotals(String group, WindowAccumulator.SampleFacts f) {
        GroupTotals g = groupTotals(group);
        g.requests += f.requests;
        for (int i = 0; i < 5; i++) {
            g.status[i] += f.status[i];
        }
        f.addPhases(g.phases, false);
    }

    /** The lifetime totals of {@code group}, created (and the least recently used evicted past the bound) when missing. */
    private GroupTotals groupTotals(String group) {
        GroupTotals g = groups.get(group);
        if (g == null) {
            g = new GroupTotals(group);
            groups.put(group, g);
            if (groups.size() > limits.maxGroups()) {
                Iterator<GroupTotals> eldest = groups.values().iterator();
                eldest.next();
                eldest.remove();
                groupsEvicted++;
            }
        }
        return g;
    }

    /**
     * Builds the read model of this moment and publishes it (owner thread).
     *
     * @param counters the receive side's counters, copied into the view
     */
    public StateView publish(ReceiveCounters counters) {
        StateView view = StateViews.build(this, counters);
        published = view;
        return view;
    }

    /** The view last published, or null before the first; readable from any thread. */
    public StateView published() {
        return published;
    }

    /** The history of the process with key {@code pid@hostname}, or null when unknown (owner thread). */
    public HistoryView history(String key) {
        for (ProcessRecord p : processes.values()) {
            if (p.key.text().equals(key)) {
                return p.history.view(
                        p.key.text(),
                        p.pid(),
                        p.hostname(),
                        p.processGroup(),
                        p.gcPauses == null ? List.of() : p.gcPauses.all());
            }
        }
        return null;
    }

    /** The history of process group {@code group} (its processes' summed), or null when none is in it (owner thread). */
    public GroupHistoryView groupHistory(String group) {
        return GroupHistory.of(this, group);
    }

    // ---- the owner's accessors (tests read the store through them; other threads use the view) ----

    /** Processes, least recently heard first. */
    public Collection<ProcessRecord> processes() {
        return Collections.unmodifiableCollection(processes.values());
    }

    /** Slow records, least recently heard first. */
    public Collection<SlowRecord> slowRecords() {
        return Collections.unmodifiableCollection(slow.values());
    }

    /** Lifecycle events, oldest first. */
    public Collection<LifecycleEvent> lifecycleEvents() {
        return Collections.unmodifiableCollection(events);
    }

    /** Known fields that arrived with a type that cannot stand for theirs (kept as id<N>). */
    public long mistypedFields() {
        return mistypedFields;
    }

    /** Lifetime totals per group (monotonic; for Prometheus), by group name. */
    public Collection<GroupTotals> groupTotals() {
        List<GroupTotals> sorted = new ArrayList<>(groups.values());
        sorted.sort((a, b) -> a.name.compareTo(b.name));
        return sorted;
    }

    /**
     * The windows of every process group at {@code now}: index 0 = 10 s, 1 = 1 min, 2 = 10 min;
     * each the merge of its processes' windows. Sorted by group name.
     */
    public Map<String, WindowAccumulator[]> groupWindows(double now) {
        Map<String, WindowAccumulator[]> result = new TreeMap<>();
        for (ProcessRecord p : processes.values()) {
            addToGroup(result, p.processGroup(), p.windows(now));
        }
        return result;
    }

    /** Merges one process's windows into its group's entry of {@code groups} (created when missing). */
    public static void addToGroup(Map<String, WindowAccumulator[]> groups, String group, WindowAccumulator[] process) {
        WindowAccumulator[] w = groups.computeIfAbsent(group, k -> {
            WindowAccumulator[] fresh = new WindowAccumulator[SlidingWindows.WINDOW_SECONDS.length];
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = new WindowAccumulator();
            }
            return fresh;
        });
        for (int i = 0; i < w.length; i++) {
            w[i].mergeProcess(process[i]);
        }
    }

    /** Window names, in the order of the window indexes. */
    public static List<String> windowNames() {
        return List.of(SlidingWindows.WINDOW_NAMES);
    }

    /** Window lengths in seconds, in the order of the window indexes. */
    public static int windowSeconds(int index) {
        return SlidingWindows.WINDOW_SECONDS[index];
    }

    public long version() {
        return version;
    }

    /** Datagrams handed to the store, valid or not. */
    public long datagrams() {
        return datagrams;
    }

    public long decodeErrors() {
        return decodeErrors;
    }

    /** The message of the last invalid datagram, or null. */
    public String lastDecodeError() {
        return lastDecodeError;
    }

    /** Datagrams lost between sender and ingester: sequence gaps, all pids, lifetime. */
    public long drops() {
        return drops;
    }

    /** Datagrams of a kind this ingester does not know (kept as counted, otherwise ignored). */
    public long unknownKinds() {
        return unknownKinds;
    }

    public long processesEvicted() {
        return processesEvicted;
    }

    /** Processes removed after being silent for the retention period. */
    public long processesRemoved() {
        return processesRemoved;
    }

    public long slowRecordsEvicted() {
        return slowEvicted;
    }

    /** Slow records removed by their timeouts (running unheard, completed kept long enough). */
    public long slowRecordsExpired() {
        return slowExpired;
    }

    public long lifecycleEventsEvicted() {
        return eventsEvicted;
    }

    /** gc_event records that were not stored because a value was missing or out of range. */
    public long gcEventsInvalid() {
        return gcEventsInvalid;
    }

    /** Why the last invalid gc_event was not stored, or null. */
    public String lastGcEventError() {
        return lastGcEventError;
    }

    public long groupsEvicted() {
        return groupsEvicted;
    }

    public int processCount() {
        return processes.size();
    }

    public int slowRecordCount() {
        return slow.size();
    }

    public int lifecycleEventCount() {
        return events.size();
    }

    /** Distinct pids indexed (never more than the processes kept). */
    public int pidIndexSize() {
        return pids.size();
    }
}
