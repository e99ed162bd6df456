package telemetry.ingester.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
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
import telemetry.wire.LatencyBuckets;

/**
 * {@code GET /metrics}: the read model as Prometheus client snapshots, written in the Prometheus
 * text format, or in OpenMetrics when the scraper's {@code Accept} asks for it. Counters are
 * lifetime totals kept per process group (they never go backwards when processes are removed);
 * gauges are the 10-second window. Stateless.
 */
public final class PrometheusMetrics {

    /** What a scrape answers. */
    public record Exposition(String contentType, byte[] body) {}

    private static final double[] UPPER_BOUNDS = new double[LatencyBuckets.COUNT];

    static {
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            UPPER_BOUNDS[i] = PhaseView.upperBound(i);
        }
    }

    private static final ExpositionFormatWriter TEXT = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private PrometheusMetrics() {}

    /** Renders {@code view} in the format {@code accept} (the request's Accept header, may be null) prefers. */
    public static Exposition render(StateView view, String accept) {
        ExpositionFormatWriter writer = OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            writer.write(out, snapshots(view));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exposition(writer.getContentType(), out.toByteArray());
    }

    /** The metrics of {@code view}. */
    public static MetricSnapshots snapshots(StateView view) {
        IngesterCounters c = view.counters();
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        all.metricSnapshot(counter(
                "telemetry_ingester_datagrams", "Datagrams received on the socket, valid or not.", c.received()));
        all.metricSnapshot(counter(
                "telemetry_ingester_decode_errors",
                "Datagrams that were not valid version-1 records.",
                c.decodeErrors()));
        all.metricSnapshot(counter(
                "telemetry_ingester_dropped_datagrams",
                "Datagrams lost between reporters and the ingester (sequence gaps across all kinds).",
                c.drops()));
        all.metricSnapshot(counter(
                "telemetry_ingester_queue_overflows",
                "Datagrams lost inside the ingester because its receive queue was full.",
                c.ringOverflows()));
        all.metricSnapshot(counter(
                "telemetry_ingester_queue_stalls",
                "Times the receive queue was full and the receive thread waited for the store (overload).",
                c.queueStalls()));
        all.metricSnapshot(counter(
                "telemetry_ingester_oversized_datagrams",
                "Datagrams longer than 65536 bytes, discarded.",
                c.oversized()));
        all.metricSnapshot(counter(
                "telemetry_ingester_unknown_kinds",
                "Datagrams of a kind this ingester does not know.",
                c.unknownKinds()));
        all.metricSnapshot(counter(
                "telemetry_ingester_mistyped_fields",
                "Known fields that arrived with a type that cannot stand for theirs (kept as id<N>).",
                c.mistypedFields()));
        all.metricSnapshot(CounterSnapshot.builder()
                .name("telemetry_ingester_evictions")
                .help("Entries dropped because a store bound was reached (oldest first).")
                .dataPoint(count(Labels.of("what", "process"), c.processesEvicted()))
                .dataPoint(count(Labels.of("what", "slow_request"), c.slowEvicted()))
                .dataPoint(count(Labels.of("what", "lifecycle_event"), c.eventsEvicted()))
                .dataPoint(count(Labels.of("what", "process_group"), c.groupsEvicted()))
                .build());

        int active = 0;
        int completed = 0;
        for (SlowView s : view.slowRequests()) {
            if (s.completed()) {
                completed++;
            } else {
                active++;
            }
        }
        all.metricSnapshot(GaugeSnapshot.builder()
                .name("telemetry_slow_requests")
                .help("Slow-request records held, by state.")
                .dataPoint(gauge(Labels.of("state", "active"), active))
                .dataPoint(gauge(Labels.of("state", "completed"), completed))
                .build());

        Map<String, int[]> states = new TreeMap<>();
        for (ProcessView p : view.processes()) {
            states.computeIfAbsent(p.processGroup(), k -> new int[ProcessState.values().length])[
                    p.state().ordinal()]++;
        }
        GaugeSnapshot.Builder processes = GaugeSnapshot.builder()
                .name("telemetry_processes")
                .help("Processes known to the ingester, by group and state.");
        states.forEach((group, counts) -> {
            for (ProcessState s : ProcessState.values()) {
                processes.dataPoint(gauge(Labels.of("process_group", group, "state", s.label()), counts[s.ordinal()]));
            }
        });
        all.metricSnapshot(processes.build());

        CounterSnapshot.Builder requests = CounterSnapshot.builder()
                .name("telemetry_requests")
                .help("Completed requests by process group and status class.");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder()
                .name("telemetry_request_duration_seconds")
                .help(
                        "Request phase durations (the 65 latency buckets of the wire format), by process group and phase.");
        for (GroupTotalsView g : view.groupTotals()) {
            for (int i = 0; i < 5; i++) {
                requests.dataPoint(count(
                        Labels.of("process_group", g.name(), "status_class", StatusCounts.CLASSES[i]),
                        g.status().get(i)));
            }
            for (PhaseView phase : g.phases()) {
                durations.dataPoint(HistogramDataPointSnapshot.builder()
                        .labels(Labels.of(
                                "process_group",
                                g.name(),
                                "phase",
                                phase.phase().wireName()))
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, phase.buckets()))
                        .sum(phase.totalSeconds())
                        .build());
            }
        }
        all.metricSnapshot(requests.build());
        all.metricSnapshot(durations.build());
        gc(view, all);

        all.metricSnapshot(groupGauge(
                view,
                "telemetry_request_throughput",
                "Requests per second over the last 10 s, by process group.",
                WindowView::throughput));
        all.metricSnapshot(groupGauge(
                view,
                "telemetry_capacity_utilization",
                "Busy worker-slot time over available slot time in the last 10 s (0 to 1), by process group.",
                WindowView::capacityUtilization));
        all.metricSnapshot(groupGauge(
                view,
                "telemetry_cpu_utilization",
                "CPU cores used over the last 10 s (1.0 = one core), summed over the group's processes.",
                WindowView::cpuUtilization));
        all.metricSnapshot(groupGauge(
                view,
                "telemetry_memory_rss_bytes",
                "Resident set size, latest sample of each process in the last 10 s, summed per group.",
                w -> w.memoryRss()));
        return all.build();
    }

    /**
     * GC: lifetime pauses per group and class ({@code generation} = young, mixed, full) as a
     * histogram with the 65 latency buckets, collections and bytes reclaimed as counters; heap pools
     * ({@code pool} = eden, survivor, old) of the 10-second window as gauges.
     */
    private static void gc(StateView view, MetricSnapshots.Builder all) {
        HistogramSnapshot.Builder pauses = HistogramSnapshot.builder()
                .name("telemetry_gc_pause_seconds")
                .help("GC pause durations (the 65 latency buckets of the wire format), by process group and "
                        + "generation (young, mixed, full).");
        CounterSnapshot.Builder collections = CounterSnapshot.builder()
                .name("telemetry_gc_collections")
                .help("GC pauses, by process group and generation (young, mixed, full).");
        CounterSnapshot.Builder reclaimed = CounterSnapshot.builder()
                .name("telemetry_gc_reclaimed_bytes")
                .help("Bytes reclaimed by GC pauses, by process group and generation (young, mixed, full).");
        for (GroupTotalsView g : view.groupTotals()) {
            for (GcTotalsView c : g.gc()) {
                Labels labels = Labels.of("generation", c.name(), "process_group", g.name());
                pauses.dataPoint(HistogramDataPointSnapshot.builder()
                        .labels(labels)
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, c.buckets()))
                        .sum(c.pauseSeconds())
                        .build());
                collections.dataPoint(count(labels, c.pauses()));
                reclaimed.dataPoint(count(labels, c.collected()));
            }
        }
        all.metricSnapshot(pauses.build());
        all.metricSnapshot(collections.build());
        all.metricSnapshot(reclaimed.build());
        GaugeSnapshot.Builder used = GaugeSnapshot.builder()
                .name("telemetry_gc_heap_used_bytes")
                .help("Heap bytes used by pool (eden, survivor, old), latest gc_snapshot of each process in the "
                        + "last 10 s, summed per group.");
        GaugeSnapshot.Builder committed = GaugeSnapshot.builder()
                .name("telemetry_gc_heap_committed_bytes")
                .help("Heap bytes committed by pool (eden, survivor, old), latest gc_snapshot of each process in "
                        + "the last 10 s, summed per group.");
        GaugeSnapshot.Builder fill = GaugeSnapshot.builder()
                .name("telemetry_gc_heap_fill_ratio")
                .help(
                        "Heap pool fill, used over committed (0 to 1), by pool (eden, survivor, old) and group, last 10 s.");
        for (GroupView g : view.groups()) {
            GcWindowView gc = g.window(0).gc();
            if (gc == null) {
                continue;
            }
            for (HeapPoolView pool : gc.pools()) {
                Labels labels = Labels.of("pool", pool.name(), "process_group", g.name());
                used.dataPoint(gauge(labels, pool.used()));
                committed.dataPoint(gauge(labels, pool.committed()));
                fill.dataPoint(gauge(labels, pool.fill()));
            }
        }
        all.metricSnapshot(used.build());
        all.metricSnapshot(committed.build());
        all.metricSnapshot(fill.build());
    }

    private static GaugeSnapshot groupGauge(
            StateView view, String name, String help, ToDoubleFunction<WindowView> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (GroupView g : view.groups()) {
            b.dataPoint(gauge(Labels.of("process_group", g.name()), value.applyAsDouble(g.window(0))));
        }
        return b.build();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(count(Labels.EMPTY, value))
                .build();
    }

    /**
     * A counter's data point. Counts are unsigned on the wire: a sum that passed 2^63 (only corrupt
     * datagrams get there) reads negative here, and Prometheus takes no negative counter, so it is
     * written saturated rather than failing the whole exposition.
     */
    private static CounterDataPointSnapshot count(Labels labels, long value) {
        return CounterDataPointSnapshot.builder()
                .labels(labels)
                .value(value < 0 ? Long.MAX_VALUE : value)
                .build();
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
