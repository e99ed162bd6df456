package telemetry.ingester.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import telemetry.ingester.model.GcClassView;
import telemetry.ingester.model.GcOverlap;
import telemetry.ingester.model.GcPause;
import telemetry.ingester.model.GcProcessView;
import telemetry.ingester.model.GcWindowView;
import telemetry.ingester.model.GroupHistoryView;
import telemetry.ingester.model.GroupView;
import telemetry.ingester.model.HeapPoolView;
import telemetry.ingester.model.HistoryView;
import telemetry.ingester.model.IngesterCounters;
import telemetry.ingester.model.LifecycleEvent;
import telemetry.ingester.model.PhaseView;
import telemetry.ingester.model.ProcessState;
import telemetry.ingester.model.ProcessView;
import telemetry.ingester.model.SlowView;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.StatusCounts;
import telemetry.ingester.model.StepFigures;
import telemetry.ingester.model.WindowView;
import telemetry.wire.Datagram;
import telemetry.wire.Field;

/**
 * Renders the read model as the JSON of {@code GET /api/state}, of the WebSocket's
 * {@code snapshot} and {@code update} messages and of {@code GET /api/history}. Names are the
 * canonical names of wire-format.md; inside a slow request the {@code slow_} prefix is dropped
 * ({@code log_id}, {@code path_info}, ...). Reads only immutable views: no lock. Stateless.
 */
public final class StateJson {

    private StateJson() {}

    /** Everything: what {@code /api/state} answers ({@code messageSeq} negative: none) and a {@code snapshot} carries. */
    public static String snapshot(StateView view, String type, long messageSeq, Map<String, Object> info) {
        return snapshot(view, type, messageSeq, info, Subscription.EVERYTHING);
    }

    /** A {@code snapshot} of what {@code subscription} shows ({@link LiveScope}). */
    public static String snapshot(
            StateView view, String type, long messageSeq, Map<String, Object> info, Subscription subscription) {
        return snapshot(view, type, messageSeq, info, subscription, null);
    }

    /**
     * A {@code snapshot} of what {@code subscription} shows; {@code selectedWindows}: the selected
     * process's windows with histograms, or null.
     */
    public static String snapshot(
            StateView view,
            String type,
            long messageSeq,
            Map<String, Object> info,
            Subscription subscription,
            List<WindowView> selectedWindows) {
        LiveScope scope = LiveScope.of(subscription, view, selectedWindows);
        return document(w -> {
            header(w, view, type, messageSeq);
            w.name("ingester").beginObject();
            for (Map.Entry<String, Object> e : new TreeMap<>(info).entrySet()) {
                w.name(e.getKey());
                Object v = e.getValue();
                if (v instanceof Double d) {
                    w.value((double) d);
                } else if (v instanceof Number n) {
                    w.value(n.longValue());
                } else {
                    w.value(String.valueOf(v));
                }
            }
            w.name("windows").beginArray();
            for (String name : StateView.WINDOW_NAMES) {
                w.value(name);
            }
            w.endArray().endObject();
            w.name("processes").beginArray();
            for (ProcessView p : scope.processes.values()) {
                process(w, p, scope);
            }
            w.endArray();
            groups(w, view);
            w.name("slow_requests").beginArray();
            if (scope.slowRecords()) {
                for (SlowView s : view.slowRequests()) {
                    if (scope.includes(s)) {
                        slow(w, s);
                    }
                }
            }
            w.endArray();
            w.name("lifecycle_events").beginArray();
            for (LifecycleEvent e : view.lifecycleEvents()) {
                event(w, e);
            }
            w.endArray();
            w.endObject();
        });
    }

    /**
     * What changed from {@code before} (the view the stream last carried) to {@code after}: the
     * processes that received something, changed state or whose windows changed as time went by
     * (samples arriving or sliding out: their window signatures differ); all groups; slow records
     * that changed; the keys of processes and slow records that are gone; new lifecycle events.
     */
    public static String update(StateView before, StateView after, long messageSeq) {
        return update(before, after, messageSeq, Subscription.EVERYTHING);
    }

    /**
     * An {@code update} for {@code subscription}: the difference between its part of {@code before}
     * and its part of {@code after} ({@link LiveScope}). A process that left the part (it is no
     * longer among the busiest, say) is in {@code removed_processes}, one that entered it is sent
     * whole; lean processes (the timeline) are sent again only when their state changed.
     */
    public static String update(StateView before, StateView after, long messageSeq, Subscription subscription) {
        return update(before, after, messageSeq, subscription, null);
    }

    /** An {@code update} for {@code subscription}; {@code selectedWindows}: the selected process's windows with histograms, or null. */
    public static String update(
            StateView before,
            StateView after,
            long messageSeq,
            Subscription subscription,
            List<WindowView> selectedWindows) {
        LiveScope was = LiveScope.of(subscription, before);
        LiveScope now = LiveScope.of(subscription, after, selectedWindows);
        return document(w -> {
            header(w, after, "update", messageSeq);
            w.member("since_version", before.version());
            Map<String, ProcessView> old = new HashMap<>(was.processes);
            w.name("processes").beginArray();
            for (ProcessView p : now.processes.values()) {
                ProcessView previous = old.remove(p.key());
                if (previous == null || changed(previous, p, before.version(), now.lean)) {
                    process(w, p, now);
                }
            }
            w.endArray();
            w.name("removed_processes").beginArray();
            for (String key : old.keySet()) {
                w.value(key);
            }
            w.endArray();
            groups(w, after);
            w.name("slow_requests").beginArray();
            Map<String, SlowView> oldSlow = new HashMap<>();
            if (now.slowRecords()) {
                for (SlowView s : before.slowRequests()) {
                    if (was.includes(s)) {
                        oldSlow.put(s.key(), s);
                    }
                }
                for (SlowView s : after.slowRequests()) {
                    if (now.includes(s)) {
                        SlowView previous = oldSlow.remove(s.key());
                        if (previous == null
                                || s.changedVersion() > before.version()
                                || gcChanged(previous.gcPauses(), s.gcPauses())) {
                            slow(w, s);
                        }
                    }
                }
            }
            w.endArray();
            w.name("removed_slow_requests").beginArray();
            for (String key : oldSlow.keySet()) {
                w.value(key);
            }
            w.endArray();
            long lastEvent = before.lastEventId();
            w.name("lifecycle_events").beginArray();
            for (LifecycleEvent e : after.lifecycleEvents()) {
                if (e.id() > lastEvent) {
                    event(w, e);
                }
            }
            w.endArray();
            w.endObject();
        });
    }

    /** True when a slow record's overlapping pauses differ (pauses arrive after the record that they overlap). */
    private static boolean gcChanged(GcOverlap was, GcOverlap now) {
        if (was == null || now == null) {
            return was != now;
        }
        return was.count() != now.count() || was.seconds() != now.seconds();
    }

    /** An {@code error} message to one client (a subscribe message it sent was not understood). */
    public static String error(String message) {
        return document(w -> {
            w.beginObject();
            w.member("type", "error");
            w.member("message", message);
            w.endObject();
        });
    }

    /** One document written by {@code body}; an IOException is impossible in memory and would be a bug. */
    private static String document(Body body) {
        JsonOutput w = new JsonOutput();
        try {
            body.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.finish();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonOutput w) throws IOException;
    }

    private static boolean changed(ProcessView was, ProcessView p, long sinceVersion, boolean lean) {
        if (lean) {
            return was.state() != p.state()
                    || !Objects.equals(was.shutdownReason(), p.shutdownReason())
                    || Double.compare(was.startedStamp(), p.startedStamp()) != 0;
        }
        return p.changedVersion() > sinceVersion || was.windowSignature() != p.windowSignature();
    }

    /** The history of one process for charts: one point per resolution step, oldest first. */
    public static String history(HistoryView h) {
        return document(w -> {
            w.beginObject();
            w.member("key", h.key());
            w.member("pid", h.pid());
            w.member("hostname", h.hostname());
            w.member("process_group", h.processGroup());
            w.name("points").beginArray();
            for (HistoryView.Point p : h.points()) {
                w.beginObject();
                w.member("time", p.time());
                w.member("stamp", p.stamp());
                figures(w, p.figures());
                w.endObject();
            }
            w.endArray();
            w.name("gc_pauses").beginArray();
            for (GcPause p : h.gcPauses()) {
                w.beginObject();
                pause(w, p);
                w.endObject();
            }
            w.endArray();
            w.endObject();
        });
    }

    /** The history of one process group for charts: its processes' points summed per step, oldest first. */
    public static String groupHistory(GroupHistoryView h) {
        return document(w -> {
            w.beginObject();
            w.member("process_group", h.processGroup());
            w.member("processes", h.processes());
            w.name("points").beginArray();
            for (GroupHistoryView.Point p : h.points()) {
                w.beginObject();
                w.member("time", p.time());
                w.member("processes", p.processes());
                figures(w, p.figures());
                w.endObject();
            }
            w.endArray();
            w.endObject();
        });
    }

    /** The members of one history step that a process's history and a group's share. */
    private static void figures(JsonOutput w, StepFigures f) throws IOException {
        w.member("samples", f.samples());
        w.member("request_count", f.requestCount());
        w.member("request_throughput", f.throughput());
        w.member("capacity_utilization", f.capacityUtilization());
        w.member("cpu_utilization", f.cpuUtilization());
        w.member("memory_rss", f.memoryRss());
        w.member("request_time", f.requestTime());
        w.member("request_time_p95", f.requestTimeP95());
        w.member("status_4xx_total", f.status4xx());
        w.member("status_5xx_total", f.status5xx());
    }

    private static void header(JsonOutput w, StateView view, String type, long messageSeq) throws IOException {
        IngesterCounters c = view.counters();
        w.beginObject();
        w.member("type", type);
        if (messageSeq >= 0) {
            w.member("seq", messageSeq);
        }
        w.member("version", view.version());
        w.member("now", view.now());
        w.member("total_received", c.received());
        w.member("decode_errors", c.decodeErrors());
        w.member("drops", c.drops());
        w.member("ring_overflows", c.ringOverflows());
        w.member("queue_stalls", c.queueStalls());
        w.member("oversized_datagrams", c.oversized());
        w.member("unknown_kinds", c.unknownKinds());
        w.member("mistyped_fields", c.mistypedFields());
        w.member("processes_evicted", c.processesEvicted());
        w.member("processes_removed", c.processesRemoved());
        w.member("slow_requests_evicted", c.slowEvicted());
        w.member("slow_requests_expired", c.slowExpired());
        w.member("lifecycle_events_evicted", c.eventsEvicted());
        w.member("last_decode_error", c.lastDecodeError());
        w.member("gc_events_invalid", c.gcEventsInvalid());
        w.member("last_gc_event_error", c.lastGcEventError());
        Set<String> hosts = new HashSet<>();
        for (ProcessView p : view.processes()) {
            hosts.add(p.hostname());
        }
        w.member("hosts", hosts.size());
        w.member("processes_total", view.processes().size());
        int active = 0;
        for (SlowView s : view.slowRequests()) {
            active += s.completed() ? 0 : 1;
        }
        w.member("slow_requests_active", active);
    }

    static void process(JsonOutput w, ProcessView p) throws IOException {
        process(w, p, false, true, p.windows(), false);
    }

    private static void process(JsonOutput w, ProcessView p, LiveScope scope) throws IOException {
        process(w, p, scope.lean, scope.slots(p.key()), scope.windows(p), scope.buckets(p));
    }

    /**
     * A process; {@code lean}: identity and state only; without {@code slots} its sample lacks
     * fields 110-114; {@code windows} written with their histograms when {@code buckets}.
     */
    private static void process(
            JsonOutput w, ProcessView p, boolean lean, boolean slots, List<WindowView> windows, boolean buckets)
            throws IOException {
        w.beginObject();
        w.member("key", p.key());
        w.member("pid", p.pid());
        w.member("hostname", p.hostname());
        w.member("process_group", p.processGroup());
        w.member("state", p.state().label());
        w.member("requests_total", p.requestsTotal());
        status(w, p.statusTotal());
        w.member("drops", p.drops());
        w.member("mod_wsgi_version", p.modWsgiVersion());
        w.member("python_version", p.pythonVersion());
        w.member("apache_version", p.apacheVersion());
        w.member("mpm_name", p.mpmName());
        w.member("interpreter_name", p.interpreterName());
        w.name("process_parent_pid");
        if (p.parentPid() >= 0) {
            w.value(p.parentPid());
        } else {
            w.nullValue();
        }
        w.member("telemetry_interval", p.interval());
        w.member("slow_requests_threshold", p.slowThreshold());
        w.member("switch_interval", p.switchInterval());
        w.member("first_seen", p.firstSeen());
        w.member("last_seen", p.lastSeen());
        w.member("first_seq", p.firstSeq());
        w.member("last_seq", p.lastSeq());
        w.member("started_stamp", p.startedStamp());
        w.member("shutdown_reason", p.shutdownReason());
        if (lean) {
            w.endObject();
            return;
        }
        Datagram latest = p.latest();
        w.name("latest");
        if (latest == null) {
            w.nullValue();
        } else {
            // every field of the last sample except the histograms, which the windows merge; the
            // per-slot float arrays to the microsecond (exact values: dump)
            DatagramJson.fields(w, latest, slots ? StateJson::sampleField : StateJson::sampleFieldWithoutSlots, "", 6);
        }
        w.name("windows").beginObject();
        for (WindowView window : windows) {
            w.name(window.name());
            window(w, window, buckets);
        }
        w.endObject();
        gcProcess(w, p.gc());
        w.endObject();
    }

    private static void gcProcess(JsonOutput w, GcProcessView gc) throws IOException {
        if (!beginObjectOrNull(w, "gc", gc)) {
            return;
        }
        w.name("latest");
        if (gc.latest() == null) {
            w.nullValue();
        } else {
            DatagramJson.fields(w, gc.latest(), id -> true, "", -1);
        }
        w.member("latest_received", gc.latestReceived());
        w.member("pauses_total", gc.pausesTotal());
        w.member("pauses_evicted", gc.pausesEvicted());
        w.member("pauses_kept", gc.pausesKept());
        w.endObject();
    }

    private static void gcWindow(JsonOutput w, GcWindowView gc) throws IOException {
        if (!beginObjectOrNull(w, "gc", gc)) {
            return;
        }
        w.member("snapshots", gc.snapshots());
        w.member("wall_seconds", gc.wallSeconds(), 6);
        w.member("dropped_events", gc.droppedEvents());
        w.member("pauses", gc.pauses());
        w.member("pause_seconds", gc.pauseSeconds(), 9);
        w.member("pause_share", gc.pauseShare(), 9);
        w.member("pauses_per_second", gc.pausesPerSecond(), 6);
        w.member("mean", gc.mean(), 9);
        w.member("p50", gc.p50(), 9);
        w.member("p95", gc.p95(), 9);
        w.member("p99", gc.p99(), 9);
        w.member("max", gc.max()); // exact, from a datagram
        if (gc.buckets() != null) {
            w.array("buckets", gc.buckets());
        }
        w.name("generations").beginObject();
        for (GcClassView c : gc.classes()) {
            w.name(c.name()).beginObject();
            w.member("pauses", c.pauses());
            w.member("pauses_per_second", c.pausesPerSecond(), 6);
            w.member("pause_seconds", c.pauseSeconds(), 9);
            w.member("pause_share", c.pauseShare(), 9);
            w.member("collected", c.collected());
            w.member("collected_per_second", c.collectedPerSecond(), 3);
            w.member("max", c.max());
            w.endObject();
        }
        w.endObject();
        w.name("heap").beginObject();
        for (HeapPoolView pool : gc.pools()) {
            w.name(pool.name()).beginObject();
            w.member("used", pool.used());
            w.member("committed", pool.committed());
            w.member("fill", pool.fill(), 6);
            w.endObject();
        }
        w.endObject();
        w.endObject();
    }

    private static void pause(JsonOutput w, GcPause p) throws IOException {
        w.member("start_stamp", p.startStamp());
        w.member("duration", p.duration());
        w.member("generation", p.generation());
        w.member("generation_name", p.generationName());
        w.member("collected", p.collected());
    }

    /** Every field of a sample except the histograms (90-97), which the windows merge. */
    private static boolean sampleField(int id) {
        return id < 90 || id > 97;
    }

    /** Nor the per-slot arrays (110-114), which only the capacity view draws. */
    private static boolean sampleFieldWithoutSlots(int id) {
        return sampleField(id) && (id < 110 || id > 114);
    }

    private static void groups(JsonOutput w, StateView view) throws IOException {
        // per group: distinct hosts, and bytes per second from its processes' latest samples (so a
        // client needs no processes for them)
        Map<String, Set<String>> hosts = new HashMap<>();
        Map<String, double[]> bytes = new HashMap<>();
        for (ProcessView p : view.processes()) {
            hosts.computeIfAbsent(p.processGroup(), g -> new HashSet<>()).add(p.hostname());
            Datagram l = p.latest();
            double interval = Double.isNaN(p.interval()) || p.interval() <= 0 ? 1.0 : p.interval();
            if (l != null && p.state() != ProcessState.STOPPED && view.now() - p.lastSeen() <= 2 * interval + 1) {
                double period = l.doubleValue(Field.SAMPLE_PERIOD, interval);
                period = period > 0 ? period : interval;
                double[] b = bytes.computeIfAbsent(p.processGroup(), g -> new double[2]);
                b[0] += l.longValue(Field.INPUT_BYTES_TOTAL, 0) / period;
                b[1] += l.longValue(Field.OUTPUT_BYTES_TOTAL, 0) / period;
            }
        }
        w.name("process_groups").beginArray();
        for (GroupView g : view.groups()) {
            w.beginObject();
            w.member("process_group", g.name());
            Set<String> h = hosts.get(g.name());
            w.member("hosts", h == null ? 0 : h.size());
            double[] b = bytes.getOrDefault(g.name(), new double[2]);
            w.member("input_bytes_per_second", b[0], 3);
            w.member("output_bytes_per_second", b[1], 3);
            w.name("states").beginObject();
            for (ProcessState state : ProcessState.values()) {
                w.member(state.label(), g.count(state));
            }
            w.endObject();
            w.member("processes", g.processes());
            w.member("requests_total", g.requestsTotal());
            w.name("windows").beginObject();
            for (WindowView window : g.windows()) {
                w.name(window.name());
                window(w, window, true);
            }
            w.endObject();
            w.endObject();
        }
        w.endArray();
    }

    static void window(JsonOutput w, WindowView a, boolean withBuckets) throws IOException {
        w.beginObject();
        w.member("window_seconds", a.windowSeconds());
        w.member("samples", a.samples());
        w.member("sample_seconds", a.sampleSeconds(), 6);
        w.member("request_count", a.requestCount());
        w.member("request_throughput", a.throughput(), 6);
        w.member("capacity_utilization", a.capacityUtilization(), 6);
        w.member("cpu_utilization", a.cpuUtilization(), 6);
        w.member("cpu_user_utilization", a.cpuUserUtilization(), 6);
        w.member("cpu_system_utilization", a.cpuSystemUtilization(), 6);
        w.member("memory_rss", a.memoryRss());
        w.member("memory_max_rss", a.memoryMaxRss());
        status(w, a.status());
        w.name("phases").beginObject();
        for (PhaseView phase : a.phases()) {
            w.name(phase.phase().wireName()).beginObject();
            w.member("count", phase.count());
            w.member("mean", phase.mean(), 9);
            // min and max are exact values from the datagrams: written exactly
            w.member("min", phase.min());
            w.member("max", phase.max());
            w.member("p50", phase.p50(), 9);
            w.member("p95", phase.p95(), 9);
            w.member("p99", phase.p99(), 9);
            if (withBuckets && phase.buckets() != null) {
                w.array("buckets", phase.buckets());
            }
            w.endObject();
        }
        w.endObject();
        gcWindow(w, a.gc());
        w.endObject();
    }

    private static void status(JsonOutput w, StatusCounts s) throws IOException {
        for (int i = 0; i < 5; i++) {
            w.member(StatusCounts.NAMES[i], s.get(i));
        }
    }

    static void slow(JsonOutput w, SlowView s) throws IOException {
        Datagram d = s.latest();
        w.beginObject();
        w.member("key", s.key());
        w.member("pid", s.pid());
        w.member("process_group", s.processGroup());
        w.member("state", s.completed() ? "completed" : "active");
        String logId = d.text(Field.SLOW_LOG_ID);
        w.member("log_id", logId == null ? "" : logId);
        w.member("thread_id", d.longValue(Field.SLOW_THREAD_ID, 0));
        w.member("method", d.text(Field.SLOW_METHOD));
        w.member("path_info", d.text(Field.SLOW_PATH_INFO));
        w.member("status", d.longValue(Field.SLOW_STATUS, 0));
        w.member("duration", d.doubleValue(Field.SLOW_DURATION, Double.NaN));
        w.member("start_stamp", d.doubleValue(Field.SLOW_START_STAMP, Double.NaN));
        w.member("first_heard", s.firstHeard());
        w.member("last_heard", s.lastHeard());
        gcOverlap(w, s.gcPauses());
        w.name("fields");
        DatagramJson.fields(w, d, id -> true, "slow_", -1);
        w.endObject();
    }

    /** Writes member {@code name}: {@code null} when {@code value} is, else opens its object; answers whether it did. */
    private static boolean beginObjectOrNull(JsonOutput w, String name, Object value) throws IOException {
        w.name(name);
        if (value == null) {
            w.nullValue();
            return false;
        }
        w.beginObject();
        return true;
    }

    private static void gcOverlap(JsonOutput w, GcOverlap o) throws IOException {
        if (!beginObjectOrNull(w, "gc_pauses", o)) {
            return;
        }
        w.member("count", o.count());
        w.member("seconds", o.seconds(), 9);
        w.member("from", o.from());
        w.member("to", o.to());
        w.name("pauses").beginArray();
        for (GcPause p : o.pauses()) {
            w.beginObject();
            pause(w, p);
            w.member("overlap", p.overlap(o.from(), o.to()), 9);
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    static void event(JsonOutput w, LifecycleEvent e) throws IOException {
        Datagram d = e.datagram();
        w.beginObject();
        w.member("id", e.id());
        w.member("kind", d.kindName());
        w.member("pid", d.pid());
        w.member("seq", d.seq());
        w.member("stamp", d.stamp());
        w.member("received", e.received());
        w.member("hostname", e.hostname());
        w.member("process_group", e.processGroup());
        w.member("shutdown_reason", d.text(Field.SHUTDOWN_REASON));
        w.name("fields");
        DatagramJson.fields(w, d, id -> true, "", -1);
        w.endObject();
    }
}
