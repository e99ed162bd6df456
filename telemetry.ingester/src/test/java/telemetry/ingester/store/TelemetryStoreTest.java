package telemetry.ingester.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import telemetry.ingester.MutableClock;
import telemetry.ingester.model.ProcessState;
import telemetry.ingester.model.StateView;
import telemetry.testing.Datagrams;
import telemetry.wire.Field;
import telemetry.wire.FieldType;
import telemetry.wire.FieldValue;
import telemetry.wire.Kind;
import telemetry.wire.Phase;

class TelemetryStoreTest {

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final TelemetryStore store = new TelemetryStore(clock, StoreLimits.defaults(Duration.ofMinutes(10)));
    private final Datagrams make = new Datagrams();

    private void feed(byte[] datagram) {
        assertNotNull(store.accept(datagram, 0, datagram.length));
    }

    private ProcessRecord only() {
        assertEquals(1, store.processCount());
        return store.processes().iterator().next();
    }

    @Test
    void sequenceGapsAreCountedAcrossAllKinds() {
        feed(make.started(100, 1, "h", "g"));
        feed(make.sample(100, 2, "h", "g", new double[] {0.01}, new int[] {200}));
        feed(make.slow(100, 3, "r1", 1, 1.7e9, 0, 2.5, "/a"));
        feed(make.sample(100, 4, "h", "g", new double[0], new int[0]));
        assertEquals(0, store.drops(), "a slow record between two samples is not a gap");
        feed(make.sample(100, 6, "h", "g", new double[0], new int[0])); // 5 lost
        feed(make.stopping(100, 7, "h", "reload"));
        feed(make.stopped(100, 11, "h", "reload")); // 8, 9, 10 lost
        assertEquals(4, store.drops());
        assertEquals(4, only().drops());
        // another pid has its own counter
        feed(make.sample(200, 50, "h", "g", new double[0], new int[0]));
        feed(make.sample(200, 51, "h", "g", new double[0], new int[0]));
        assertEquals(4, store.drops());
        // a restart of pid 100 (seq back to 1) is not a loss
        feed(make.started(100, 1, "h", "g"));
        feed(make.sample(100, 2, "h", "g", new double[0], new int[0]));
        assertEquals(4, store.drops());
    }

    @Test
    void sequenceWrapsAtTwoToTheThirtyTwo() {
        feed(make.sample(7, 0xFFFF_FFFEL, "h", "g", new double[0], new int[0]));
        feed(make.sample(7, 0xFFFF_FFFFL, "h", "g", new double[0], new int[0]));
        feed(make.sample(7, 0, "h", "g", new double[0], new int[0]));
        assertEquals(0, store.drops());
        feed(make.slow(7, 3, "x", 1, 1.0, 0, 2.0, "/")); // 1 and 2 lost
        assertEquals(2, store.drops());
        SeqTracker t = new SeqTracker();
        assertEquals(0, t.accept(0xFFFF_FFF0L));
        assertEquals(0x12, t.accept(3), "0xFFFFFFF1 .. 0xFFFFFFFF, 0, 1 and 2 are missing");
        assertEquals(9, t.accept(13));
        assertEquals(0, t.accept(1), "back to 1: a restart");
        assertEquals(4, t.accept(6));
        assertEquals(2, t.accept(3), "behind but not 1: restarted and lost 1 and 2");
    }

    @Test
    void lifecycleStatesFollowTheRecordsAndSilence() {
        feed(make.started(300, 1, "h", "g"));
        assertEquals(ProcessState.RUNNING, only().state());
        feed(make.stopping(300, 2, "h", "config_changed"));
        assertEquals(ProcessState.STOPPING, only().state());
        assertEquals("config_changed", only().shutdownReason());
        feed(make.stopped(300, 3, "h", "config_changed"));
        assertEquals(ProcessState.STOPPED, only().state());
        assertEquals(3, store.lifecycleEventCount());

        feed(make.started(301, 1, "h", "g"));
        clock.advance(Duration.ofMinutes(4));
        store.sweep();
        assertEquals(ProcessState.RUNNING, state(301));
        clock.advance(Duration.ofSeconds(61));
        store.sweep();
        assertEquals(ProcessState.STALE, state(301), "silent for 5 minutes");
        assertEquals(ProcessState.STOPPED, state(300), "a stopped process stays stopped");
        feed(make.slow(301, 2, "long-one", 1, 1.0, 0, 400.0, "/"));
        assertEquals(ProcessState.RUNNING, state(301), "heard again (any kind)");
        feed(make.stopped(301, 3, "h", "done"));
        feed(make.sample(301, 4, "h", "g", new double[0], new int[0]));
        assertEquals(ProcessState.RUNNING, state(301), "a stopped pid that reports again runs");
    }

    private ProcessState state(long pid) {
        return store.processes().stream()
                .filter(p -> p.pid() == pid)
                .findFirst()
                .orElseThrow()
                .state();
    }

    @Test
    void retentionRemovesSilentProcessesAndTrimsHistoryByTime() {
        feed(make.sample(400, 1, "h", "g", new double[] {0.01}, new int[] {200}));
        for (int i = 2; i <= 600; i++) {
            clock.advance(Duration.ofSeconds(1));
            feed(make.sample(400, i, "h", "g", new double[] {0.01}, new int[] {200}));
        }
        assertEquals(600, only().historySize(), "10 minutes of 1-second samples");
        clock.advance(Duration.ofSeconds(300));
        store.sweep();
        assertEquals(301, only().historySize(), "samples older than the retention are dropped (boundary kept)");
        assertEquals(ProcessState.STALE, only().state());
        clock.advance(Duration.ofSeconds(299));
        store.sweep();
        assertEquals(1, store.processCount(), "not yet silent for the whole retention");
        clock.advance(Duration.ofSeconds(2));
        store.sweep();
        assertEquals(0, store.processCount());
        assertEquals(1, store.processesRemoved());
        assertEquals(0, store.pidIndexSize());
        assertEquals(600, totalRequests(), "lifetime Prometheus totals survive removal");
    }

    private long totalRequests() {
        return store.groupTotals().stream().mapToLong(GroupTotals::requests).sum();
    }

    @Test
    void runningSlowRecordsExpireWhenUnheardAndCompletedOnesAfterTenMinutes() {
        feed(make.sample(500, 1, "h", "g", new double[0], new int[0])); // interval 1 s -> expiry 5 s
        feed(make.slow(500, 2, "r-run", 1, 1.0, 0, 2.0, "/run"));
        feed(make.slow(500, 3, "r-done", 2, 1.0, 1, 3.0, "/done"));
        assertEquals(2, store.slowRecordCount());
        clock.advance(Duration.ofSeconds(4));
        feed(make.slow(500, 4, "r-run", 1, 1.0, 0, 6.0, "/run")); // heartbeat
        clock.advance(Duration.ofSeconds(4));
        store.sweep();
        assertEquals(2, store.slowRecordCount(), "heard 4 s ago");
        clock.advance(Duration.ofMillis(1100));
        store.sweep();
        assertEquals(1, store.slowRecordCount(), "unheard for more than 5 s");
        assertEquals(1, store.slowRecordsExpired());
        clock.advance(Duration.ofMinutes(10).minusSeconds(10));
        store.sweep();
        assertEquals(1, store.slowRecordCount(), "completed record kept 10 minutes");
        clock.advance(Duration.ofSeconds(2));
        store.sweep();
        assertEquals(0, store.slowRecordCount());
    }

    @Test
    void runningSlowExpiryScalesWithTheInterval() {
        // an interval of 4 s gives max(5, 12) = 12 s
        byte[] sample = make.sample(501, 1, "h", "g", new double[0], new int[0]);
        telemetry.wire.Datagram d = Datagrams.decode(sample);
        List<telemetry.wire.FieldValue> fields = new ArrayList<>(d.fields());
        fields.add(new telemetry.wire.FieldValue(Field.TELEMETRY_INTERVAL.id(), telemetry.wire.FieldType.F64, 4.0));
        store.apply(telemetry.wire.Datagram.of(2, 501, 1, 1.7e9, fields));
        feed(make.slow(501, 2, "", 3, 1234.5, 0, 2.0, "/keyed-by-thread"));
        clock.advance(Duration.ofSeconds(11));
        store.sweep();
        assertEquals(1, store.slowRecordCount());
        clock.advance(Duration.ofSeconds(2));
        store.sweep();
        assertEquals(0, store.slowRecordCount());
    }

    @Test
    void slowRecordsAreKeyedByLogIdOrByThreadAndStart() {
        feed(make.slow(600, 1, "a", 1, 5.0, 0, 2.0, "/"));
        feed(make.slow(600, 2, "a", 2, 6.0, 0, 3.0, "/")); // same log id: same record
        feed(make.slow(600, 3, "", 1, 5.0, 0, 2.0, "/"));
        feed(make.slow(600, 4, "", 1, 5.0, 0, 3.0, "/")); // same thread and start: same record
        feed(make.slow(600, 5, "", 1, 7.0, 0, 2.0, "/")); // other start
        feed(make.slow(601, 1, "a", 1, 5.0, 0, 2.0, "/")); // other pid
        assertEquals(4, store.slowRecordCount());
        feed(make.slow(600, 6, "a", 2, 6.0, 1, 3.5, "/"));
        assertEquals(1, store.clearCompletedSlow());
        assertEquals(3, store.slowRecordCount());
    }

    @Test
    void tenThousandDistinctPidsStayWithinTheBounds() {
        for (int pid = 1; pid <= 10_000; pid++) {
            feed(make.sample(pid, 1, "h", "g", new double[] {0.01}, new int[] {200}));
            feed(make.slow(pid, 2, "r" + pid, 1, 1.0, 1, 2.5, "/"));
            feed(make.started(pid, 3, "h", "g"));
        }
        assertEquals(4096, store.processCount());
        assertEquals(10_000 - 4096, store.processesEvicted());
        assertTrue(store.pidIndexSize() <= 4096);
        assertEquals(10_000, store.slowRecordCount());
        long oldestKept = store.processes().iterator().next().pid();
        assertEquals(10_000 - 4096 + 1, oldestKept, "the least recently heard went first");
        feed(make.slow(10_000, 9, "one-more", 1, 1.0, 1, 2.5, "/"));
        assertEquals(10_000, store.slowRecordCount());
        assertEquals(1, store.slowRecordsEvicted());
        assertEquals(1_000, store.lifecycleEventCount());
        assertEquals(9_000, store.lifecycleEventsEvicted());
        assertEquals(4096, store.processCount());
    }

    @Test
    void windowsMergeHistogramsExactlyAndSlideWithTime() {
        double[] a = {0.002, 0.004, 0.010, 0.020, 0.150};
        double[] b = {0.001, 0.300, 2.5};
        feed(make.sample(700, 1, "h", "shop", a, new int[] {200, 200, 404, 500, 302}));
        clock.advance(Duration.ofSeconds(1));
        feed(make.sample(700, 2, "h", "shop", b, new int[] {200, 201, 200}));
        feed(make.sample(701, 1, "h", "shop", a, new int[] {200, 200, 200, 200, 200}));
        WindowAccumulator group = store.groupWindows(store.now()).get("shop")[0];
        PhaseAccumulator rt = group.phase(Phase.REQUEST_TIME);
        assertEquals(13, group.requests());
        assertEquals(13, rt.histogramTotal());
        assertEquals(0.001, rt.min());
        assertEquals(2.5, rt.max());
        // By hand: 1, 2, 2, 4, 4, 10, 10, 20, 20, 150, 150, 300 and 2500 ms. The 6.5th of 13 lies 1.5 of 2
        // into [10, 12) ms; the 12.35th and 12.87th into [2048, 2560) ms, which holds only the 13th.
        assertEquals(0.0115, rt.percentile(0.5), 1e-12);
        assertEquals(2.2272, rt.percentile(0.95), 1e-12);
        assertEquals(2.49344, rt.percentile(0.99), 1e-12);
        assertEquals(10, group.status(1));
        assertEquals(1, group.status(2));
        assertEquals(1, group.status(3));
        assertEquals(1, group.status(4));
        double expectedMean = (2 * sum(a) + sum(b)) / 13;
        assertEquals(expectedMean, rt.mean(), 1e-12);
        // throughput: process 700 8 requests in 2 s of samples, 701 5 in 1 s
        assertEquals(8 / 2.0 + 5 / 1.0, group.throughput(), 1e-12);
        assertEquals(0.25, group.capacityUtilization(), 1e-12);
        assertEquals(1.5, group.cpuUtilization(), 1e-12, "two processes at 0.75 cores");
        assertEquals(2L * (100 << 20), group.memoryRss());
        clock.advance(Duration.ofSeconds(12));
        WindowAccumulator[] w = store.groupWindows(store.now()).get("shop");
        assertEquals(0, w[0].requests(), "10 s window has slid past");
        assertEquals(13, w[1].requests(), "1 min window still has them");
        assertEquals(13, w[2].requests());
        clock.advance(Duration.ofSeconds(60));
        w = store.groupWindows(store.now()).get("shop");
        assertEquals(0, w[1].requests());
        assertEquals(13, w[2].requests());
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double d : a) {
            s += d;
        }
        return s;
    }

    @Test
    void readsApacheDaemonSamplesAndUnknownKinds() throws Exception {
        Path vectors = Path.of(System.getProperty("telemetry.shared"), "vectors");
        feed(Files.readAllBytes(vectors.resolve("request_apache_daemon.bin")));
        feed(Files.readAllBytes(vectors.resolve("unknown_kind_and_fields.bin")));
        assertEquals(1, store.unknownKinds());
        ProcessRecord p = store.processes().stream()
                .filter(r -> r.pid() == 31337)
                .findFirst()
                .orElseThrow();
        assertEquals("wsgi-app", p.processGroup());
        assertEquals("6.0.5", p.modWsgiVersion());
        assertEquals("event", p.mpmName());
        assertEquals(0.005, p.switchInterval());
        WindowAccumulator w = p.window(0, store.now());
        for (Phase phase : new Phase[] {Phase.QUEUE_TIME, Phase.DAEMON_TIME, Phase.GIL_WAIT_TIME}) {
            assertNotNull(w.phase(phase), phase + " is aggregated");
        }
        assertEquals(0.002, w.phase(Phase.QUEUE_TIME).mean(), 1e-12);
        assertEquals(2, w.requests());
    }

    @Test
    void invalidDatagramsAreCountedNotStored() {
        byte[] bad = {'W', 'S', 'G', 'X', 1, 2};
        assertNull(store.accept(bad, 0, bad.length));
        assertEquals(1, store.decodeErrors());
        assertEquals(0, store.processCount());
        assertTrue(store.lastDecodeError().contains("shorter"));
    }

    @Test
    void referenceStyleTypesAreTheirFieldsAndOnlyLossyOnesAreCounted() {
        // as mod_wsgi's Python encoder writes: whole numbers as U64, an empty list as I32_ARRAY
        feed(make.of(
                Kind.REQUEST_METRICS,
                950,
                1,
                new FieldValue(Field.HOSTNAME.id(), FieldType.BYTES, "h"),
                new FieldValue(Field.SAMPLE_PERIOD.id(), FieldType.U64, 2L),
                new FieldValue(Field.REQUEST_COUNT.id(), FieldType.U64, 6L),
                new FieldValue(Field.CPU_UTILIZATION.id(), FieldType.U64, 1L),
                new FieldValue(Field.REQUEST_THREADS_BUSY_TIME.id(), FieldType.I32_ARRAY, new int[0]),
                new FieldValue(Field.MEMORY_RSS.id(), FieldType.F64, 1.5)));
        StateView view = store.publish(ReceiveCounters.of(store));
        assertEquals(1, view.counters().mistypedFields(), "memory_rss as 1.5 cannot be a byte count");
        assertEquals(1, store.mistypedFields());
        var p = view.process("950@h");
        assertEquals(6, p.requestsTotal());
        assertEquals(2.0, p.window(0).sampleSeconds(), "sample_period 2 arrived as U64");
        assertEquals(3.0, p.window(0).throughput(), 1e-12);
        assertEquals(1.0, p.window(0).cpuUtilization(), 1e-12);
        assertEquals(0, p.window(0).memoryRss(), "the lossy value is not read as memory_rss");
        assertEquals(0, p.latest().doubleArray(Field.REQUEST_THREADS_BUSY_TIME).length);
        assertNotNull(p.latest().get(Field.MEMORY_RSS.id()));
        assertEquals("id40", p.latest().get(Field.MEMORY_RSS.id()).name());
    }

    @Test
    void aPublishedViewIsAMomentThatLaterChangesDoNotReach() {
        feed(make.sample(900, 1, "h", "g", new double[] {0.01, 0.02}, new int[] {200, 503}));
        feed(make.slow(900, 2, "x", 1, 1.0, 1, 3.0, "/"));
        StateView before = store.publish(ReceiveCounters.of(store));
        assertEquals(before, store.published());
        feed(make.sample(900, 3, "h", "g", new double[] {0.5}, new int[] {200}));
        feed(make.started(901, 1, "h", "g"));
        store.clearCompletedSlow();
        assertEquals(1, before.processes().size());
        assertEquals(2, before.processes().get(0).requestsTotal());
        assertEquals(1, before.processes().get(0).statusTotal().s5xx());
        assertEquals(2, before.processes().get(0).window(0).requestCount());
        assertEquals(
                2, before.groups().get(0).window(0).phase(Phase.REQUEST_TIME).histogramTotal());
        assertEquals(1, before.slowRequests().size());
        assertEquals(0, before.lifecycleEvents().size());
        assertEquals(2, before.counters().stored(), "datagrams stored when the view was made");
        StateView after = store.publish(ReceiveCounters.of(store));
        assertTrue(after.version() > before.version());
        assertEquals(3, after.process("900@h").requestsTotal());
        assertEquals(
                3, after.groups().get(0).window(0).phase(Phase.REQUEST_TIME).histogramTotal());
        assertEquals(0, after.slowRequests().size());
        assertEquals(1, after.lifecycleEvents().size());
    }

    @Test
    void mutatedDatagramsNeverBreakTheStore() throws Exception {
        Path vectors = Path.of(System.getProperty("telemetry.shared"), "vectors");
        List<byte[]> seeds = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(vectors)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".bin")).sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] d = seeds.get(random.nextInt(seeds.size())).clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                d[random.nextInt(d.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                d = java.util.Arrays.copyOf(d, random.nextInt(d.length + 1));
            }
            if (store.accept(d, 0, d.length) == null) {
                invalid++;
            } else {
                valid++;
            }
            if (i % 1000 == 0) {
                store.sweep();
                telemetry.ingester.json.StateJson.snapshot(
                        store.publish(ReceiveCounters.of(store)), "state", -1, java.util.Map.of());
            }
        }
        assertEquals(20_000, store.datagrams());
        assertEquals(invalid, store.decodeErrors());
        assertTrue(valid > 1000 && invalid > 1000, valid + " valid, " + invalid + " invalid");
        telemetry.ingester.JsonTrees.parse(telemetry.ingester.json.StateJson.snapshot(
                store.publish(ReceiveCounters.of(store)), "state", -1, java.util.Map.of()));
    }
}
