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

import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.Phase;
import telemetry.wire.WireDecoder;

/**
 * The ingester's memory: processes, their samples and windows, slow requests, lifecycle events and
 * counters, all bounded (see {@link StoreLimits}).
 *
 * <p>Concurrency contract:
 * <ol>
 * <li>Every public method is {@code synchronized} on the store. One writer (the ingest thread)
 * calls {@link #accept}; the sweep timer calls {@link #sweep}; readers (HTTP, WebSocket) call the
 * accessors.</li>
 * <li>Objects returned by accessors ({@link ProcessRecord}, {@link SlowRecord}, windows) are live:
 * read them only while holding the store's monitor, e.g. {@code synchronized (store) { ... }}.
 * Readers never mutate.</li>
 * <li>Readers holding the monitor delay the ingest thread, never the socket: the receive thread
 * queues into its ring meanwhile.</li>
 * </ol>
 *
 * <p>Time comes from the injected {@link InstantSource} (tests move it by hand). Every change
 * increments {@link #version()}; records remember the version of their last change and removals are
 * logged, so a client can be sent what changed since the version it has.
 */
public final class TelemetryStore {

    /** A removed process or slow record, for incremental clients. */
    public record Removal(long version, String type, String key) {
    }

    private static final int REMOVAL_LOG = 8192;

    private final InstantSource clock;
    private final StoreLimits limits;
    private final double retentionSeconds;

    private final LinkedHashMap<ProcessKey, ProcessRecord> processes = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Long, PidState> pids = new HashMap<>();
    private final LinkedHashMap<SlowKey, SlowRecord> slow = new LinkedHashMap<>(64, 0.75f, true);
    private final ArrayDeque<LifecycleEvent> events = new ArrayDeque<>();
    private final LinkedHashMap<String, GroupTotals> groups = new LinkedHashMap<>(16, 0.75f, true);
    private final ArrayDeque<Removal> removals = new ArrayDeque<>();

    private long version;
    private long removalsLostUpTo;
    private long nextEventId = 1;
    private long datagrams;
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

    /** Counts a datagram that could not be decoded. */
    public synchronized void decodeError(String message) {
        datagrams++;
        decodeErrors++;
        lastDecodeError = message;
        version++;
    }

    /** Stores one decoded datagram. */
    public synchronized void apply(Datagram d) {
        double now = now();
        datagrams++;
        version++;
        String hostname = d.text(Field.HOSTNAME);
        ProcessRecord p = resolve(d.pid(), hostname, now);
        PidState ps = pids.get(d.pid());
        long lost = ps.seq.accept(d.seq());
        p.drops += lost;
        drops += lost;
        p.lastSeen = now;
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
            default -> {
                // process_metrics, server_metrics and gc records: identity and seq only, for now
            }
        }
    }

    /**
     * Applies the timeouts: expires slow records, marks silent processes stale, removes processes
     * silent for longer than the retention and trims histories. Called by a timer.
     */
    public synchronized void sweep() {
        double now = now();
        double staleAfter = limits.staleAfter().toMillis() / 1000.0;
        for (Iterator<ProcessRecord> it = processes.values().iterator(); it.hasNext();) {
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
        for (Iterator<SlowRecord> it = slow.values().iterator(); it.hasNext();) {
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
                logRemoval("slow_request", s.key.text());
            }
        }
    }

    /** Removes every completed slow record; running ones stay. Returns how many went. */
    public synchronized int clearCompletedSlow() {
        int cleared = 0;
        for (Iterator<SlowRecord> it = slow.values().iterator(); it.hasNext();) {
            SlowRecord s = it.next();
            if (s.completed()) {
                it.remove();
                cleared++;
                logRemoval("slow_request", s.key.text());
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
            logRemoval("process", p.key.text());
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

    /** Drops the pid index of a removed process and logs the removal. */
    private void forget(ProcessRecord p) {
        PidState ps = pids.get(p.pid());
        if (ps != null && ps.current == p) {
            pids.remove(p.pid());
        }
        logRemoval("process", p.key.text());
    }

    private void slowRecord(Datagram d, ProcessRecord p, double now) {
        SlowKey key = SlowKey.of(d.pid(), d.text(Field.SLOW_LOG_ID), d.longValue(Field.SLOW_THREAD_ID, 0),
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
                logRemoval("slow_request", victim.key.text());
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

    private void lifecycle(Datagram d, ProcessRecord p, double now) {
        events.addLast(new LifecycleEvent(nextEventId++, now, p.hostname(), p.processGroup(), d));
        while (events.size() > limits.maxLifecycleEvents()) {
            events.removeFirst();
            eventsEvicted++;
        }
    }

    private void addGroupTotals(String group, WindowAccumulator.SampleFacts f) {
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
        g.requests += f.requests;
        for (int i = 0; i < 5; i++) {
            g.status[i] += f.status[i];
        }
        f.addPhases(g.phases, false);
    }

    private void logRemoval(String type, String key) {
        version++;
        removals.addLast(new Removal(version, type, key));
        while (removals.size() > REMOVAL_LOG) {
            removalsLostUpTo = removals.removeFirst().version();
        }
    }

    // ---- readers (hold the store's monitor while using what they return) ----

    /** Processes, least recently heard first. */
    public synchronized Collection<ProcessRecord> processes() {
        return Collections.unmodifiableCollection(processes.values());
    }

    /** Slow records, least recently heard first. */
    public synchronized Collection<SlowRecord> slowRecords() {
        return Collections.unmodifiableCollection(slow.values());
    }

    /** Lifecycle events, oldest first. */
    public synchronized Collection<LifecycleEvent> lifecycleEvents() {
        return Collections.unmodifiableCollection(events);
    }

    /** Lifetime totals per group (monotonic; for Prometheus), by group name. */
    public synchronized Collection<GroupTotals> groupTotals() {
        List<GroupTotals> sorted = new ArrayList<>(groups.values());
        sorted.sort((a, b) -> a.name.compareTo(b.name));
        return sorted;
    }

    /**
     * The windows of every process group at {@code now}: index 0 = 10 s, 1 = 1 min, 2 = 10 min;
     * each the merge of its processes' windows. Sorted by group name.
     */
    public synchronized Map<String, WindowAccumulator[]> groupWindows(double now) {
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

    /** Removals logged after {@code sinceVersion}, or null when some of them were already forgotten. */
    public synchronized List<Removal> removalsSince(long sinceVersion) {
        if (sinceVersion < removalsLostUpTo) {
            return null;
        }
        List<Removal> out = new ArrayList<>();
        for (Iterator<Removal> it = removals.descendingIterator(); it.hasNext();) {
            Removal r = it.next();
            if (r.version() <= sinceVersion) {
                break;
            }
            out.add(r);
        }
        Collections.reverse(out);
        return out;
    }

    /** Window names, in the order of the window indexes. */
    public static List<String> windowNames() {
        return List.of(SlidingWindows.WINDOW_NAMES);
    }

    /** Window lengths in seconds, in the order of the window indexes. */
    public static int windowSeconds(int index) {
        return SlidingWindows.WINDOW_SECONDS[index];
    }

    public synchronized long version() {
        return version;
    }

    /** Datagrams handed to the store, valid or not. */
    public synchronized long datagrams() {
        return datagrams;
    }

    public synchronized long decodeErrors() {
        return decodeErrors;
    }

    /** The message of the last invalid datagram, or null. */
    public synchronized String lastDecodeError() {
        return lastDecodeError;
    }

    /** Datagrams lost between sender and ingester: sequence gaps, all pids, lifetime. */
    public synchronized long drops() {
        return drops;
    }

    /** Datagrams of a kind this ingester does not know (kept as counted, otherwise ignored). */
    public synchronized long unknownKinds() {
        return unknownKinds;
    }

    public synchronized long processesEvicted() {
        return processesEvicted;
    }

    /** Processes removed after being silent for the retention period. */
    public synchronized long processesRemoved() {
        return processesRemoved;
    }

    public synchronized long slowRecordsEvicted() {
        return slowEvicted;
    }

    /** Slow records removed by their timeouts (running unheard, completed kept long enough). */
    public synchronized long slowRecordsExpired() {
        return slowExpired;
    }

    public synchronized long lifecycleEventsEvicted() {
        return eventsEvicted;
    }

    public synchronized long groupsEvicted() {
        return groupsEvicted;
    }

    public synchronized int processCount() {
        return processes.size();
    }

    public synchronized int slowRecordCount() {
        return slow.size();
    }

    public synchronized int lifecycleEventCount() {
        return events.size();
    }

    /** Distinct pids indexed (never more than the processes kept). */
    public synchronized int pidIndexSize() {
        return pids.size();
    }
}
