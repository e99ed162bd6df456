package telemetry.ingester.http;

import java.util.Map;
import java.util.TreeMap;

import telemetry.ingester.json.JsonWriter;
import telemetry.ingester.store.GroupTotals;
import telemetry.ingester.store.PhaseAccumulator;
import telemetry.ingester.store.ProcessRecord;
import telemetry.ingester.store.ProcessState;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.SlowRecord;
import telemetry.ingester.store.TelemetryStore;
import telemetry.ingester.store.WindowAccumulator;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;

/**
 * The Prometheus text exposition (format 0.0.4) of {@code GET /metrics}. Counters are lifetime
 * totals kept per process group (they never go backwards when processes are removed); gauges are
 * the 10-second window. Label values are escaped ({@code \\}, {@code "}, newline). Stateless.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private PrometheusText() {
    }

    public static String render(TelemetryStore store, ReceiveCounters counters) {
        StringBuilder out = new StringBuilder(8192);
        synchronized (store) {
            double now = store.now();
            counter(out, "telemetry_ingester_datagrams_total", "Datagrams received on the socket, valid or not.",
                    counters.received());
            counter(out, "telemetry_ingester_decode_errors_total", "Datagrams that were not valid version-1 records.",
                    store.decodeErrors());
            counter(out, "telemetry_ingester_dropped_datagrams_total",
                    "Datagrams lost between reporters and the ingester (sequence gaps across all kinds).", store.drops());
            counter(out, "telemetry_ingester_queue_overflows_total",
                    "Datagrams lost inside the ingester because its receive queue was full.", counters.ringOverflows());
            counter(out, "telemetry_ingester_queue_stalls_total",
                    "Times the receive queue was full and the receive thread waited for the store (overload).",
                    counters.queueStalls());
            counter(out, "telemetry_ingester_oversized_datagrams_total", "Datagrams longer than 65536 bytes, discarded.",
                    counters.oversized());
            counter(out, "telemetry_ingester_unknown_kinds_total", "Datagrams of a kind this ingester does not know.",
                    store.unknownKinds());

            help(out, "telemetry_ingester_evictions_total", "counter",
                    "Entries dropped because a store bound was reached (oldest first).");
            sample(out, "telemetry_ingester_evictions_total", "what", "process", store.processesEvicted());
            sample(out, "telemetry_ingester_evictions_total", "what", "slow_request", store.slowRecordsEvicted());
            sample(out, "telemetry_ingester_evictions_total", "what", "lifecycle_event", store.lifecycleEventsEvicted());
            sample(out, "telemetry_ingester_evictions_total", "what", "process_group", store.groupsEvicted());

            int active = 0;
            int completed = 0;
            for (SlowRecord s : store.slowRecords()) {
                if (s.completed()) {
                    completed++;
                } else {
                    active++;
                }
            }
            help(out, "telemetry_slow_requests", "gauge", "Slow-request records held, by state.");
            sample(out, "telemetry_slow_requests", "state", "active", active);
            sample(out, "telemetry_slow_requests", "state", "completed", completed);

            Map<String, int[]> states = new TreeMap<>();
            for (ProcessRecord p : store.processes()) {
                states.computeIfAbsent(p.processGroup(), k -> new int[ProcessState.values().length])[p.state().ordinal()]++;
            }
            help(out, "telemetry_processes", "gauge", "Processes known to the ingester, by group and state.");
            for (Map.Entry<String, int[]> e : states.entrySet()) {
                for (ProcessState s : ProcessState.values()) {
                    out.append("telemetry_processes{process_group=");
                    label(out, e.getKey());
                    out.append(",state=\"").append(s.label()).append("\"} ").append(e.getValue()[s.ordinal()]).append('\n');
                }
            }

            help(out, "telemetry_requests_total", "counter", "Completed requests by process group and status class.");
            for (GroupTotals g : store.groupTotals()) {
                for (int i = 0; i < CLASSES.length; i++) {
                    out.append("telemetry_requests_total{process_group=");
                    label(out, g.name());
                    out.append(",status_class=\"").append(CLASSES[i]).append("\"} ").append(g.status(i)).append('\n');
                }
            }

            help(out, "telemetry_request_duration_seconds", "histogram",
                    "Request phase durations (the 65 latency buckets of the wire format), by process group and phase.");
            for (GroupTotals g : store.groupTotals()) {
                for (Phase phase : Phase.values()) {
                    PhaseAccumulator acc = g.phase(phase);
                    if (acc == null) {
                        continue;
                    }
                    long[] buckets = acc.buckets();
                    long cumulative = 0;
                    for (int i = 0; i < LatencyBuckets.COUNT; i++) {
                        cumulative += buckets[i];
                        out.append("telemetry_request_duration_seconds_bucket{process_group=");
                        label(out, g.name());
                        out.append(",phase=\"").append(phase.wireName()).append("\",le=\"");
                        if (i == LatencyBuckets.OVERFLOW) {
                            out.append("+Inf");
                        } else {
                            JsonWriter.number(out, LatencyBuckets.upperBound(i));
                        }
                        out.append("\"} ").append(cumulative).append('\n');
                    }
                    out.append("telemetry_request_duration_seconds_sum{process_group=");
                    label(out, g.name());
                    out.append(",phase=\"").append(phase.wireName()).append("\"} ");
                    JsonWriter.number(out, acc.totalSeconds());
                    out.append('\n');
                    out.append("telemetry_request_duration_seconds_count{process_group=");
                    label(out, g.name());
                    out.append(",phase=\"").append(phase.wireName()).append("\"} ").append(cumulative).append('\n');
                }
            }

            Map<String, WindowAccumulator[]> windows = store.groupWindows(now);
            gauge(out, windows, "telemetry_request_throughput", "Requests per second over the last 10 s, by process group.",
                    WindowAccumulator::throughput);
            gauge(out, windows, "telemetry_capacity_utilization",
                    "Busy worker-slot time over available slot time in the last 10 s (0 to 1), by process group.",
                    WindowAccumulator::capacityUtilization);
            gauge(out, windows, "telemetry_cpu_utilization",
                    "CPU cores used over the last 10 s (1.0 = one core), summed over the group's processes.",
                    WindowAccumulator::cpuUtilization);
            gauge(out, windows, "telemetry_memory_rss_bytes",
                    "Resident set size, latest sample of each process in the last 10 s, summed per group.",
                    a -> a.memoryRss());
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, Map<String, WindowAccumulator[]> windows, String name, String help,
            java.util.function.ToDoubleFunction<WindowAccumulator> value) {
        help(out, name, "gauge", help);
        for (Map.Entry<String, WindowAccumulator[]> e : windows.entrySet()) {
            out.append(name).append("{process_group=");
            label(out, e.getKey());
            out.append("} ");
            JsonWriter.number(out, value.applyAsDouble(e.getValue()[0]));
            out.append('\n');
        }
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        help(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void help(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String label, String labelValue, long value) {
        out.append(name).append('{').append(label).append('=');
        label(out, labelValue);
        out.append("} ").append(value).append('\n');
    }

    /** A quoted label value with {@code \\}, {@code "} and newline escaped. */
    static void label(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
    }
}
