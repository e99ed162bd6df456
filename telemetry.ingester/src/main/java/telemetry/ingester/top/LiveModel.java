package telemetry.ingester.top;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import telemetry.ingester.top.Stats.Event;
import telemetry.ingester.top.Stats.Gc;
import telemetry.ingester.top.Stats.Group;
import telemetry.ingester.top.Stats.Health;
import telemetry.ingester.top.Stats.Phase;
import telemetry.ingester.top.Stats.Process;
import telemetry.ingester.top.Stats.Slow;
import telemetry.ingester.top.Stats.Window;

/**
 * The client side of the ingester's WebSocket: a {@code snapshot} replaces everything, each
 * {@code update} merges what changed (processes, all groups, slow records, removals, new events).
 * Every string is cleaned for the terminal here, once, before anything can show it.
 * Not thread-safe: one thread applies messages; {@link #state} hands out immutable copies.
 */
public final class LiveModel {

    /** Points of sparkline history kept per group (one per message, so about two minutes). */
    static final int HISTORY = 120;

    private static final int MAX_EVENTS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final LongSupplier clock;
    private final Map<String, Process> processes = new HashMap<>();
    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<String, Slow> slow = new LinkedHashMap<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final Map<String, double[][]> history = new TreeMap<>();
    private Health health = Health.NONE;
    private double now;
    private long lastSeq = -1;
    private boolean synced;
    private long lastMessageMillis;

    public LiveModel(String source, LongSupplier clock) {
        this.source = TerminalText.clean(source);
        this.clock = clock;
    }

    /**
     * Applies one message. Returns false when it cannot be applied (an update before any snapshot
     * or after a gap in {@code seq}): the caller asks the ingester for a new snapshot.
     */
    public boolean apply(String message) throws IOException {
        // Two passes over the text, never one tree of the whole message (4,096 processes make tens of
        // megabytes): the header first, wherever its fields are, then each array element as a small tree.
        Map<String, JsonNode> header = new HashMap<>();
        try (JsonParser p = JSON.createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return true;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken().isScalarValue()) {
                    header.put(name, p.readValueAsTree());
                } else {
                    p.skipChildren();
                }
            }
        }
        JsonNode m = JSON.valueToTree(header);
        String type = m.path("type").asText();
        long seq = m.path("seq").asLong(-1);
        if ("snapshot".equals(type) || "state".equals(type)) {
            processes.clear();
            groups.clear();
            slow.clear();
            events.clear();
        } else if ("update".equals(type)) {
            if (!synced || seq >= 0 && lastSeq >= 0 && seq != lastSeq + 1) {
                synced = false;
                return false;
            }
        } else {
            return true;
        }
        synced = true;
        lastSeq = seq;
        now = m.path("now").asDouble();
        lastMessageMillis = clock.getAsLong();
        health = new Health(
                m.path("total_received").asLong(),
                m.path("decode_errors").asLong(),
                m.path("drops").asLong(),
                m.path("queue_stalls").asLong(),
                m.path("ring_overflows").asLong());
        groups.clear();
        try (JsonParser p = JSON.createParser(message)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    element(name, p.readValueAsTree());
                }
            }
        }
        lastGcNow.keySet().retainAll(processes.keySet());
        record();
        return true;
    }

    private void element(String array, JsonNode n) {
        switch (array) {
            case "removed_processes" -> processes.remove(n.asText());
            case "processes" -> {
                Process parsed = process(n, processes.get(n.path("key").asText()));
                processes.put(parsed.key(), parsed);
            }
            case "process_groups" -> {
                Group group =
                        new Group(text(n, "process_group"), n.path("processes").asInt(), windows(n.path("windows")));
                groups.put(group.name(), group);
            }
            case "removed_slow_requests" -> slow.remove(n.asText());
            case "slow_requests" -> {
                Slow parsed = slow(n);
                slow.put(parsed.key(), parsed);
            }
            case "lifecycle_events" -> {
                events.addFirst(new Event(
                        n.path("id").asLong(),
                        text(n, "kind"),
                        n.path("pid").asLong(),
                        n.path("stamp").asDouble(),
                        text(n, "hostname"),
                        text(n, "process_group"),
                        text(n, "shutdown_reason")));
                while (events.size() > MAX_EVENTS) {
                    events.removeLast();
                }
            }
            default -> {
                // a list this client does not show
            }
        }
    }

    /** Forgets the stream position (after a reconnect the first message must be a snapshot). */
    public void resync() {
        synced = false;
        lastSeq = -1;
    }

    public TopState state(boolean connected) {
        List<Process> ps = new ArrayList<>(processes.values());
        ps.sort((a, b) -> a.key().compareTo(b.key()));
        Map<String, double[][]> h = new TreeMap<>();
        history.forEach((k, v) -> h.put(k, copy(v)));
        return new TopState(
                source,
                connected,
                lastMessageMillis,
                now,
                health,
                List.copyOf(ps),
                List.copyOf(groups.values()),
                List.copyOf(slow.values()),
                List.copyOf(events),
                h);
    }

    private void record() {
        history.keySet().retainAll(groups.keySet());
        for (Group g : groups.values()) {
            double[][] series = history.computeIfAbsent(g.name(), k -> new double[4][0]);
            Window w = g.windows()[0];
            double[] point = {w.throughput(), w.capacity(), w.cpu(), w.rss()};
            for (int i = 0; i < 4; i++) {
                double[] s = series[i];
                int keep = Math.min(s.length, HISTORY - 1);
                double[] next = new double[keep + 1];
                System.arraycopy(s, s.length - keep, next, 0, keep);
                next[keep] = point[i];
                series[i] = next;
            }
        }
    }

    private static double[][] copy(double[][] v) {
        double[][] c = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            c[i] = v[i].clone();
        }
        return c;
    }

    private Process process(JsonNode p, Process old) {
        JsonNode latest = p.path("latest");
        JsonNode windows = p.path("windows");
        return new Process(
                text(p, "key"),
                p.path("pid").asLong(),
                text(p, "hostname"),
                text(p, "process_group"),
                text(p, "state"),
                p.path("requests_total").asLong(),
                p.path("drops").asLong(),
                latest.path("sample_period")
                        .asDouble(p.path("telemetry_interval").asDouble(1)),
                p.path("slow_requests_threshold")
                        .asDouble(latest.path("slow_requests_threshold").asDouble(0)),
                doubles(latest.path("request_threads_busy_time")),
                doubles(latest.path("request_threads_current_elapsed")),
                windows(windows),
                gc(p, old));
    }

    /**
     * GC fields by their wire-format names (300–317): the ingester's {@code gc.latest} (the process's
     * last gc_snapshot), else a {@code gc} object, the latest sample or the process itself (older or
     * other ingesters). Null when none is there.
     */
    private Gc gc(JsonNode p, Process old) {
        JsonNode src = null;
        for (JsonNode candidate : new JsonNode[] {p.path("gc").path("latest"), p.path("gc"), p.path("latest"), p}) {
            if (candidate.has("gc_count0") || candidate.has("gc_collections0")) {
                src = candidate;
                break;
            }
        }
        if (src == null) {
            return null;
        }
        long[] used = new long[3];
        long[] committed = new long[3];
        long[] collections = new long[3];
        long[] collected = new long[3];
        double[] perSecond = new double[3];
        for (int i = 0; i < 3; i++) {
            used[i] = src.path("gc_count" + i).asLong();
            committed[i] = src.path("gc_threshold" + i).asLong();
            collections[i] = src.path("gc_collections" + i).asLong();
            collected[i] = src.path("gc_collected" + i).asLong();
        }
        if (old != null && old.gc() != null) {
            double elapsed = now - lastGcNow.getOrDefault(old.key(), now);
            for (int i = 0; i < 3; i++) {
                long delta = collections[i] - old.gc().collections()[i];
                perSecond[i] =
                        elapsed > 0 && delta >= 0 ? delta / elapsed : old.gc().perSecond()[i];
            }
        }
        lastGcNow.put(text(p, "key"), now);
        return new Gc(
                used,
                committed,
                collections,
                collected,
                perSecond,
                src.path("gc_dropped_events").asLong());
    }

    private final Map<String, Double> lastGcNow = new HashMap<>();

    private Slow slow(JsonNode s) {
        double start = s.path("start_stamp").asDouble();
        double duration = s.has("duration") && !s.path("duration").isNull()
                ? s.path("duration").asDouble()
                : Math.max(0, now - start);
        String group = text(s, "process_group");
        return new Slow(
                text(s, "key"),
                s.path("pid").asLong(),
                group,
                text(s, "state"),
                text(s, "method"),
                text(s, "path_info"),
                s.path("status").asLong(),
                duration,
                start,
                text(s, "log_id"),
                s.path("thread_id").asLong());
    }

    private static Window[] windows(JsonNode windows) {
        Window[] w = new Window[Stats.WINDOWS.length];
        for (int i = 0; i < w.length; i++) {
            JsonNode n = windows.path(Stats.WINDOWS[i]);
            if (n.isMissingNode()) {
                w[i] = Window.NONE;
                continue;
            }
            long[] statuses = new long[5];
            for (int s = 0; s < 5; s++) {
                statuses[s] = n.path("status_" + (s + 1) + "xx_total").asLong();
            }
            Map<String, Phase> phases = new HashMap<>();
            n.path("phases").fields().forEachRemaining(e -> {
                JsonNode ph = e.getValue();
                long[] buckets = null;
                if (ph.has("buckets")) {
                    buckets = new long[ph.path("buckets").size()];
                    for (int b = 0; b < buckets.length; b++) {
                        buckets[b] = ph.path("buckets").path(b).asLong();
                    }
                }
                phases.put(
                        e.getKey(),
                        new Phase(
                                ph.path("count").asLong(),
                                ph.path("mean").asDouble(),
                                ph.path("min").asDouble(),
                                ph.path("max").asDouble(),
                                ph.path("p50").asDouble(),
                                ph.path("p95").asDouble(),
                                ph.path("p99").asDouble(),
                                buckets));
            });
            w[i] = new Window(
                    n.path("request_throughput").asDouble(),
                    n.path("capacity_utilization").asDouble(),
                    n.path("cpu_utilization").asDouble(),
                    n.path("memory_rss").asDouble(),
                    n.path("request_count").asLong(),
                    statuses,
                    Map.copyOf(phases));
        }
        return w;
    }

    private static double[] doubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.path(i).asDouble();
        }
        return d;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.path(name);
        return v.isMissingNode() || v.isNull() ? "" : TerminalText.clean(v.asText());
    }
}
