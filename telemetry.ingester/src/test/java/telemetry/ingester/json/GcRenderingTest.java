package telemetry.ingester.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import telemetry.ingester.JsonTrees;
import telemetry.ingester.MutableClock;
import telemetry.ingester.metrics.PrometheusMetrics;
import telemetry.ingester.model.StateView;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.StoreLimits;
import telemetry.ingester.store.TelemetryStore;
import telemetry.testing.Datagrams;
import telemetry.testing.Datagrams.Pause;
import telemetry.testing.Datagrams.Snapshot;

/** GC in the JSON of /api/state, /api/history and the WebSocket updates, and in /metrics: names and values. */
class GcRenderingTest {

    private static final double T = 1.8e9;

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final TelemetryStore store = new TelemetryStore(clock, StoreLimits.defaults(Duration.ofMinutes(10)));
    private final ReceiveCounters counters = ReceiveCounters.of(store);
    private final Datagrams make = new Datagrams();

    private void feed(byte[] datagram) {
        store.accept(datagram, 0, datagram.length);
    }

    /** One JVM in group "shop": a slow request [T - 10, T - 8] that a 640 ms full pause stopped, and a young pause. */
    private void jvm() {
        feed(make.sample(30, 1, "h", "shop", new double[0], new int[0]));
        feed(make.slow(30, 2, "r1", 1, T - 10, 1, 2.0, "/pay"));
        feed(make.gcSnapshot(
                30,
                3,
                T,
                new Snapshot(
                        new long[] {64L << 20, 8L << 20, 512L << 20},
                        new long[] {128L << 20, 16L << 20, 1024L << 20},
                        new long[] {1, 0, 1},
                        new long[] {1000, 0, 7000},
                        0)));
        feed(make.gcEvent(30, 4, T, new Pause(T - 9.5, 0.640, 2, 7000)));
        feed(make.gcEvent(30, 5, T, new Pause(T - 5, 0.004, 0, 1000)));
    }

    @Test
    void stateCarriesGcWindowsProcessGcAndTheOverlapOfEachSlowRequest() {
        jvm();
        JsonNode state = JsonTrees.parse(StateJson.snapshot(store.publish(counters), "state", -1, Map.of()));
        JsonNode process = state.get("processes").get(0);
        JsonNode gc = process.get("windows").get("10s").get("gc");
        assertEquals(1, gc.get("snapshots").asInt());
        assertEquals(1.0, gc.get("wall_seconds").asDouble(), "the first snapshot closes one interval");
        assertEquals(2, gc.get("pauses").asInt());
        assertEquals(0.644, gc.get("pause_seconds").asDouble());
        assertEquals(0.644, gc.get("pause_share").asDouble());
        assertEquals(0.64, gc.get("max").asDouble());
        assertTrue(gc.path("buckets").isMissingNode(), "process windows: no buckets");
        JsonNode full = gc.get("generations").get("full");
        assertEquals(1, full.get("pauses").asInt());
        assertEquals(0.64, full.get("pause_seconds").asDouble());
        assertEquals(7000, full.get("collected").asLong());
        assertEquals(0, gc.get("generations").get("mixed").get("pauses").asInt());
        assertTrue(gc.get("generations").get("mixed").get("max").isNull());
        JsonNode old = gc.get("heap").get("old");
        assertEquals(512L << 20, old.get("used").asLong());
        assertEquals(1024L << 20, old.get("committed").asLong());
        assertEquals(0.5, old.get("fill").asDouble());
        assertEquals(0.5, gc.get("heap").get("eden").get("fill").asDouble());
        JsonNode processGc = process.get("gc");
        assertEquals(2, processGc.get("pauses_total").asInt());
        assertEquals(7000, processGc.get("latest").get("gc_collected2").asLong());
        assertTrue(state.get("processes").get(0).get("windows").get("10s").has("phases"));

        JsonNode group =
                state.get("process_groups").get(0).get("windows").get("10s").get("gc");
        assertEquals(65, group.get("buckets").size());
        assertEquals(1, group.get("buckets").get(8).asInt(), "4 ms: bucket 8, [4, 5) ms");
        assertEquals(1, group.get("buckets").get(37).asInt(), "640 ms: bucket 37, [640, 768) ms");

        JsonNode overlap = state.get("slow_requests").get(0).get("gc_pauses");
        assertEquals(1, overlap.get("count").asInt());
        assertEquals(0.64, overlap.get("seconds").asDouble());
        JsonNode pause = overlap.get("pauses").get(0);
        assertEquals(T - 9.5, pause.get("start_stamp").asDouble());
        assertEquals(0.64, pause.get("duration").asDouble());
        assertEquals(2, pause.get("generation").asInt());
        assertEquals("full", pause.get("generation_name").asText());
        assertEquals(0.64, pause.get("overlap").asDouble());
        assertEquals(0, state.get("gc_events_invalid").asInt());
    }

    @Test
    void historyListsThePauses() {
        jvm();
        JsonNode h = JsonTrees.parse(StateJson.history(store.history("30@h")));
        assertEquals(2, h.get("gc_pauses").size());
        assertEquals("full", h.get("gc_pauses").get(0).get("generation_name").asText());
        assertEquals(0.004, h.get("gc_pauses").get(1).get("duration").asDouble());
    }

    @Test
    void anUpdateResendsASlowRecordWhenAPauseThatOverlapsItArrivesLater() {
        feed(make.sample(31, 1, "h", "shop", new double[0], new int[0]));
        feed(make.gcSnapshot(31, 2, T, new Snapshot(new long[3], new long[3], new long[3], new long[3], 0)));
        feed(make.slow(31, 3, "r9", 1, T - 10, 1, 2.0, "/pay"));
        StateView first = store.publish(counters);
        StateView second = store.publish(counters);
        assertEquals(
                0,
                JsonTrees.parse(StateJson.update(first, second, 1))
                        .get("slow_requests")
                        .size(),
                "unchanged");
        feed(make.gcEvent(31, 4, T, new Pause(T - 9.5, 0.25, 2, 1)));
        StateView third = store.publish(counters);
        JsonNode u = JsonTrees.parse(StateJson.update(second, third, 2));
        assertEquals(1, u.get("slow_requests").size(), "the record's overlap changed");
        assertEquals(
                1, u.get("slow_requests").get(0).get("gc_pauses").get("count").asInt());
    }

    @Test
    void metricsExportPausesAsAHistogramPerGenerationCountersAndHeapGauges() {
        jvm();
        String text = new String(
                PrometheusMetrics.render(store.publish(counters), null).body(), StandardCharsets.UTF_8);
        for (String line : new String[] {
            "telemetry_gc_pause_seconds_bucket{generation=\"full\",process_group=\"shop\",le=\"0.64\"} 0",
            "telemetry_gc_pause_seconds_bucket{generation=\"full\",process_group=\"shop\",le=\"0.768\"} 1",
            "telemetry_gc_pause_seconds_bucket{generation=\"full\",process_group=\"shop\",le=\"+Inf\"} 1",
            "telemetry_gc_pause_seconds_count{generation=\"full\",process_group=\"shop\"} 1",
            "telemetry_gc_pause_seconds_sum{generation=\"full\",process_group=\"shop\"} 0.64",
            "telemetry_gc_pause_seconds_count{generation=\"mixed\",process_group=\"shop\"} 0",
            "telemetry_gc_pause_seconds_bucket{generation=\"young\",process_group=\"shop\",le=\"0.004\"} 0",
            "telemetry_gc_pause_seconds_bucket{generation=\"young\",process_group=\"shop\",le=\"0.005\"} 1",
            "telemetry_gc_collections_total{generation=\"full\",process_group=\"shop\"} 1.0",
            "telemetry_gc_collections_total{generation=\"young\",process_group=\"shop\"} 1.0",
            "telemetry_gc_reclaimed_bytes_total{generation=\"full\",process_group=\"shop\"} 7000.0",
            "telemetry_gc_reclaimed_bytes_total{generation=\"young\",process_group=\"shop\"} 1000.0",
            "telemetry_gc_heap_used_bytes{pool=\"old\",process_group=\"shop\"} 5.36870912E8",
            "telemetry_gc_heap_committed_bytes{pool=\"eden\",process_group=\"shop\"} 1.34217728E8",
            "telemetry_gc_heap_fill_ratio{pool=\"survivor\",process_group=\"shop\"} 0.5",
        }) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        assertEquals(
                65,
                text.lines()
                        .filter(l -> l.startsWith("telemetry_gc_pause_seconds_bucket{generation=\"full\""))
                        .count(),
                "the 65 latency buckets");
    }
}
