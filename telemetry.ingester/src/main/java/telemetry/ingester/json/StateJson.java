package telemetry.ingester.json;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import telemetry.ingester.store.History;
import telemetry.ingester.store.LifecycleEvent;
import telemetry.ingester.store.PhaseAccumulator;
import telemetry.ingester.store.ProcessRecord;
import telemetry.ingester.store.ProcessState;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.SlowRecord;
import telemetry.ingester.store.TelemetryStore;
import telemetry.ingester.store.WindowAccumulator;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Phase;

/**
 * Renders the store as the JSON of {@code GET /api/state} and of the WebSocket's {@code snapshot}
 * and {@code update} messages. Names are the canonical names of wire-format.md; inside a slow
 * request the {@code slow_} prefix is dropped ({@code log_id}, {@code path_info}, ...). Every
 * string from a datagram goes through {@link JsonWriter}'s escaping.
 *
 * <p>Holds the store's monitor while rendering, so a document is one consistent moment. Stateless.
 */
public final class StateJson {

    private static final String[] STATUS_NAMES = {"status_1xx_total", "status_2xx_total", "status_3xx_total",
        "status_4xx_total", "status_5xx_total"};

    private StateJson() {
    }

    /** Everything: what {@code /api/state} answers and a WebSocket {@code snapshot} carries. */
    public static String snapshot(TelemetryStore store, ReceiveCounters counters, String type, long messageSeq,
            Map<String, Object> info) {
        return snapshot(store, counters, type, messageSeq, info, null);
    }

    /**
     * A snapshot that also records, in {@code windowsSent} (when not null), the window signature
     * of every process it carries (see {@link #update}).
     */
    public static String snapshot(TelemetryStore store, ReceiveCounters counters, String type, long messageSeq,
            Map<String, Object> info, Map<String, Long> windowsSent) {
        JsonWriter w = new JsonWriter(new StringBuilder(16_384));
        synchronized (store) {
            double now = store.now();
            header(w, store, counters, type, messageSeq, now);
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
            for (String name : TelemetryStore.windowNames()) {
                w.value(name);
            }
            w.endArray().endObject();
            Map<String, WindowAccumulator[]> groupWindows = new TreeMap<>();
            if (windowsSent != null) {
                windowsSent.clear();
            }
            w.name("processes").beginArray();
            for (ProcessRecord p : store.processes()) {
                WindowAccumulator[] windows = p.windows(now);
                TelemetryStore.addToGroup(groupWindows, p.processGroup(), windows);
                process(w, p, windows);
                if (windowsSent != null) {
                    windowsSent.put(p.key().text(), signature(windows));
                }
            }
            w.endArray();
            groups(w, store, groupWindows);
            w.name("slow_requests").beginArray();
            for (SlowRecord s : store.slowRecords()) {
                slow(w, s);
            }
            w.endArray();
            w.name("lifecycle_events").beginArray();
            for (LifecycleEvent e : store.lifecycleEvents()) {
                event(w, e);
            }
            w.endArray();
            w.endObject();
        }
        return w.toString();
    }

    /**
     * What changed since {@code sinceVersion} (and lifecycle events after {@code sinceEventId}): the
     * processes that received something or changed state, and those whose windows changed as time
     * went by (samples sliding out: told by comparing each window's sample count with what
     * {@code windowsSent} says the stream last carried, which this call updates); all groups;
     * changed slow records; removals; new events. Returns null when removals were forgotten
     * meanwhile (send a snapshot instead).
     */
    public static String update(TelemetryStore store, ReceiveCounters counters, long messageSeq, long sinceVersion,
            long sinceEventId, Map<String, Long> windowsSent) {
        JsonWriter w = new JsonWriter(new StringBuilder(16_384));
        synchronized (store) {
            List<TelemetryStore.Removal> removals = store.removalsSince(sinceVersion);
            if (removals == null) {
                return null;
            }
            double now = store.now();
            header(w, store, counters, "update", messageSeq, now);
            w.member("since_version", sinceVersion);
            Map<String, WindowAccumulator[]> groupWindows = new TreeMap<>();
            Map<String, Long> sentNow = new java.util.HashMap<>();
            w.name("processes").beginArray();
            for (ProcessRecord p : store.processes()) {
                WindowAccumulator[] windows = p.windows(now);
                TelemetryStore.addToGroup(groupWindows, p.processGroup(), windows);
                String key = p.key().text();
                long signature = signature(windows);
                Long before = windowsSent.get(key);
                if (p.changedVersion() > sinceVersion || before == null || before != signature) {
                    process(w, p, windows);
                }
                sentNow.put(key, signature);
            }
            w.endArray();
            windowsSent.clear();
            windowsSent.putAll(sentNow);
            w.name("removed_processes").beginArray();
            for (TelemetryStore.Removal r : removals) {
                if (r.type().equals("process")) {
                    w.value(r.key());
                }
            }
            w.endArray();
            groups(w, store, groupWindows);
            w.name("slow_requests").beginArray();
            for (SlowRecord s : store.slowRecords()) {
                if (s.changedVersion() > sinceVersion) {
                    slow(w, s);
                }
            }
            w.endArray();
            w.name("removed_slow_requests").beginArray();
            for (TelemetryStore.Removal r : removals) {
                if (r.type().equals("slow_request")) {
                    w.value(r.key());
                }
            }
            w.endArray();
            w.name("lifecycle_events").beginArray();
            for (LifecycleEvent e : store.lifecycleEvents()) {
                if (e.id() > sinceEventId) {
                    event(w, e);
                }
            }
            w.endArray();
            w.endObject();
        }
        return w.toString();
    }

    /** The sample counts of the three windows in one number: it changes whenever a window's content does. */
    private static long signature(WindowAccumulator[] windows) {
        return windows[0].samples() | (long) windows[1].samples() << 21 | (long) windows[2].samples() << 42;
    }

    /** Id of the newest lifecycle event (0 if none); call under the store's monitor with the version. */
    public static long lastEventId(TelemetryStore store) {
        synchronized (store) {
            long last = 0;
            for (LifecycleEvent e : store.lifecycleEvents()) {
                last = e.id();
            }
            return last;
        }
    }

    /**
     * The history of one process (key {@code pid@hostname}) for charts: one point per resolution
     * step, oldest first; null when the process is unknown.
     */
    public static String history(TelemetryStore store, String key) {
        JsonWriter w = new JsonWriter(new StringBuilder(16_384));
        synchronized (store) {
            for (ProcessRecord p : store.processes()) {
                if (!p.key().text().equals(key)) {
                    continue;
                }
                w.beginObject();
                w.member("key", key);
                w.member("pid", p.pid());
                w.member("hostname", p.hostname());
                w.member("process_group", p.processGroup());
                w.name("points").beginArray();
                History h = p.history();
                for (int i = 0; i < h.size(); i++) {
                    w.beginObject();
                    w.member("time", h.start(i));
                    w.member("stamp", h.lastStamp(i));
                    w.member("samples", h.samples(i));
                    w.member("request_count", h.requests(i));
                    w.member("request_throughput", h.throughput(i));
                    w.member("capacity_utilization", h.capacityUtilization(i));
                    w.member("cpu_utilization", h.cpuUtilization(i));
                    w.member("memory_rss", h.memoryRss(i));
                    w.member("request_time", h.requestTimeMean(i));
                    w.member("request_time_p95", h.requestTimeP95(i));
                    w.member("status_4xx_total", h.status4xx(i));
                    w.member("status_5xx_total", h.status5xx(i));
                    w.endObject();
                }
                w.endArray();
                w.endObject();
                return w.toString();
            }
        }
        return null;
    }

    private static void header(JsonWriter w, TelemetryStore store, ReceiveCounters counters, String type,
            long messageSeq, double now) {
        w.beginObject();
        w.member("type", type);
        if (messageSeq >= 0) {
            w.member("seq", messageSeq);
        }
        w.member("version", store.version());
        w.member("now", now);
        w.member("total_received", counters.received());
        w.member("decode_errors", store.decodeErrors());
        w.member("drops", store.drops());
        w.member("ring_overflows", counters.ringOverflows());
        w.member("queue_stalls", counters.queueStalls());
        w.member("oversized_datagrams", counters.oversized());
        w.member("unknown_kinds", store.unknownKinds());
        w.member("processes_evicted", store.processesEvicted());
        w.member("processes_removed", store.processesRemoved());
        w.member("slow_requests_evicted", store.slowRecordsEvicted());
        w.member("slow_requests_expired", store.slowRecordsExpired());
        w.member("lifecycle_events_evicted", store.lifecycleEventsEvicted());
        w.member("last_decode_error", store.lastDecodeError());
    }

    static void process(JsonWriter w, ProcessRecord p, WindowAccumulator[] windows) {
        w.beginObject();
        w.member("key", p.key().text());
        w.member("pid", p.pid());
        w.member("hostname", p.hostname());
        w.member("process_group", p.processGroup());
        w.member("state", p.state().label());
        w.member("requests_total", p.requestsTotal());
        for (int i = 0; i < 5; i++) {
            w.member(STATUS_NAMES[i], p.statusTotal(i));
        }
        w.member("drops", p.drops());
        w.member("mod_wsgi_version", p.modWsgiVersion());
        w.member("python_version", p.pythonVersion());
        w.member("apache_version", p.apacheVersion());
        w.member("mpm_name", p.mpmName());
        w.member("interpreter_name", p.interpreterName());
        if (p.parentPid() >= 0) {
            w.member("process_parent_pid", p.parentPid());
        } else {
            w.name("process_parent_pid").nullValue();
        }
        w.member("telemetry_interval", p.interval());
        w.member("slow_requests_threshold", p.slowThreshold());
        w.member("switch_interval", p.switchInterval());
        w.member("first_seen", p.firstSeen());
        w.member("last_seen", p.lastSeen());
        w.member("last_seq", p.lastSeq());
        w.member("started_stamp", p.startedStamp());
        w.member("shutdown_reason", p.shutdownReason());
        Datagram latest = p.latest();
        w.name("latest");
        if (latest == null) {
            w.nullValue();
        } else {
            // every field of the last sample except the histograms, which the windows merge; the
            // per-slot float arrays to the microsecond (exact values: dump)
            DatagramJson.fields(w, latest, id -> id < 90 || id > 97, "", 6);
        }
        w.name("windows").beginObject();
        List<String> names = TelemetryStore.windowNames();
        for (int i = 0; i < names.size(); i++) {
            w.name(names.get(i));
            window(w, windows[i], TelemetryStore.windowSeconds(i), false);
        }
        w.endObject();
        w.endObject();
    }

    private static void groups(JsonWriter w, TelemetryStore store, Map<String, WindowAccumulator[]> groupWindows) {
        Map<String, int[]> states = new TreeMap<>();
        Map<String, Long> requestTotals = new TreeMap<>();
        for (ProcessRecord p : store.processes()) {
            int[] s = states.computeIfAbsent(p.processGroup(), k -> new int[ProcessState.values().length]);
            s[p.state().ordinal()]++;
            requestTotals.merge(p.processGroup(), p.requestsTotal(), Long::sum);
        }
        w.name("process_groups").beginArray();
        List<String> names = TelemetryStore.windowNames();
        for (Map.Entry<String, WindowAccumulator[]> e : groupWindows.entrySet()) {
            w.beginObject();
            w.member("process_group", e.getKey());
            int[] s = states.get(e.getKey());
            int total = 0;
            w.name("states").beginObject();
            for (ProcessState state : ProcessState.values()) {
                w.member(state.label(), s[state.ordinal()]);
                total += s[state.ordinal()];
            }
            w.endObject();
            w.member("processes", total);
            w.member("requests_total", requestTotals.get(e.getKey()));
            w.name("windows").beginObject();
            for (int i = 0; i < names.size(); i++) {
                w.name(names.get(i));
                window(w, e.getValue()[i], TelemetryStore.windowSeconds(i), true);
            }
            w.endObject();
            w.endObject();
        }
        w.endArray();
    }

    static void window(JsonWriter w, WindowAccumulator a, int seconds, boolean withBuckets) {
        w.beginObject();
        w.member("window_seconds", seconds);
        w.member("samples", a.samples());
        w.member("sample_seconds", a.periodSeconds(), 6);
        w.member("request_count", a.requests());
        w.member("request_throughput", a.throughput(), 6);
        w.member("capacity_utilization", a.capacityUtilization(), 6);
        w.member("cpu_utilization", a.cpuUtilization(), 6);
        w.member("cpu_user_utilization", a.cpuUserUtilization(), 6);
        w.member("cpu_system_utilization", a.cpuSystemUtilization(), 6);
        w.member("memory_rss", a.memoryRss());
        w.member("memory_max_rss", a.memoryMaxRss());
        for (int i = 0; i < 5; i++) {
            w.member(STATUS_NAMES[i], a.status(i));
        }
        w.name("phases").beginObject();
        for (Phase phase : Phase.values()) {
            PhaseAccumulator acc = a.phase(phase);
            if (acc == null) {
                continue;
            }
            w.name(phase.wireName()).beginObject();
            w.member("count", acc.count());
            w.member("mean", acc.mean(), 9);
            // min and max are exact values from the datagrams: written exactly
            w.member("min", acc.min());
            w.member("max", acc.max());
            w.member("p50", acc.percentile(0.50), 9);
            w.member("p95", acc.percentile(0.95), 9);
            w.member("p99", acc.percentile(0.99), 9);
            if (withBuckets) {
                w.array("buckets", acc.buckets());
            }
            w.endObject();
        }
        w.endObject();
        w.endObject();
    }

    static void slow(JsonWriter w, SlowRecord s) {
        Datagram d = s.latest();
        w.beginObject();
        w.member("key", s.key().text());
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
        w.name("fields");
        DatagramJson.fields(w, d, id -> true, "slow_");
        w.endObject();
    }

    static void event(JsonWriter w, LifecycleEvent e) {
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
        DatagramJson.fields(w, d, id -> true, "");
        w.endObject();
    }
}
