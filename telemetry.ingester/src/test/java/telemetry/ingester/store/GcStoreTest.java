package telemetry.ingester.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import telemetry.ingester.MutableClock;
import telemetry.ingester.model.GcClassView;
import telemetry.ingester.model.GcOverlap;
import telemetry.ingester.model.GcPause;
import telemetry.ingester.model.GcTotalsView;
import telemetry.ingester.model.GcWindowView;
import telemetry.ingester.model.GroupView;
import telemetry.ingester.model.HeapPoolView;
import telemetry.ingester.model.StateView;
import telemetry.testing.Datagrams;
import telemetry.testing.Datagrams.Pause;
import telemetry.testing.Datagrams.Snapshot;
import telemetry.wire.LatencyBuckets;

/**
 * GC records in the store: windows per process and group, lifetime totals, bounds, and the pauses
 * that overlapped a slow request. Every expected value is worked out by hand in the comments.
 */
class GcStoreTest {

    /** The store's clock: 1.8e9 s, which is also the stamp the test's records say they were made at. */
    private static final double T = 1.8e9;

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private TelemetryStore store = new TelemetryStore(clock, StoreLimits.defaults(Duration.ofMinutes(10)));
    private final Datagrams make = new Datagrams();

    private void feed(byte[] datagram) {
        assertNotNull(store.accept(datagram, 0, datagram.length));
    }

    private StateView view() {
        return store.publish(ReceiveCounters.of(store));
    }

    private static Snapshot snapshot(long[] used, long[] committed, long dropped) {
        return new Snapshot(used, committed, new long[3], new long[3], dropped);
    }

    /**
     * pid 10: two snapshots (the first closes one interval, 1 s; the second 2 s of stamps later),
     * young pauses of 10 and 30 ms, a full one of 500 ms. pid 11, same group: one snapshot, one
     * young pause of 20 ms.
     */
    private void twoJvms() {
        feed(make.sample(10, 1, "h", "shop", new double[0], new int[0]));
        feed(make.gcSnapshot(10, 2, T - 2, snapshot(new long[] {1, 1, 1}, new long[] {2, 2, 2}, 5)));
        feed(make.gcSnapshot(10, 3, T, snapshot(new long[] {50, 3, 300}, new long[] {100, 12, 1200}, 7)));
        feed(make.gcEvent(10, 4, T, new Pause(T - 1.5, 0.010, 0, 1000)));
        feed(make.gcEvent(10, 5, T, new Pause(T - 1.0, 0.030, 0, 3000)));
        feed(make.gcEvent(10, 6, T, new Pause(T - 0.5, 0.500, 2, 100_000)));
        feed(make.sample(11, 1, "h", "shop", new double[0], new int[0]));
        feed(make.gcSnapshot(11, 2, T, snapshot(new long[] {10, 1, 100}, new long[] {100, 4, 800}, 0)));
        feed(make.gcEvent(11, 3, T, new Pause(T - 0.25, 0.020, 0, 500)));
    }

    @Test
    void processWindowsAggregatePausesPerClassOverTheWallTimeTheSnapshotsClose() {
        twoJvms();
        GcWindowView w = view().process("10@h").window(0).gc();
        assertEquals(2, w.snapshots());
        assertEquals(3.0, w.wallSeconds(), 1e-12, "1 s (first snapshot: the interval) + 2 s between stamps");
        assertEquals(7, w.droppedEvents(), "5 reported by the first snapshot, 2 more by the second");
        assertEquals(3, w.pauses());
        assertEquals(0.54, w.pauseSeconds(), 1e-12);
        assertEquals(0.18, w.pauseShare(), 1e-12, "0.54 s stopped in 3 s");
        assertEquals(1.0, w.pausesPerSecond(), 1e-12);
        GcClassView young = w.classes().get(0);
        assertEquals("young", young.name());
        assertEquals(2, young.pauses());
        assertEquals(2.0 / 3, young.pausesPerSecond(), 1e-12);
        assertEquals(0.04, young.pauseSeconds(), 1e-12);
        assertEquals(4000, young.collected());
        assertEquals(4000 / 3.0, young.collectedPerSecond(), 1e-9);
        assertEquals(0.030, young.max());
        GcClassView mixed = w.classes().get(1);
        assertEquals(0, mixed.pauses());
        assertTrue(Double.isNaN(mixed.max()), "no mixed pause: no max");
        GcClassView full = w.classes().get(2);
        assertEquals(1, full.pauses());
        assertEquals(0.5 / 3, full.pauseShare(), 1e-12);
        assertEquals(100_000, full.collected());
        assertEquals(0.5, w.max());
        // buckets: 10 ms → 13, 30 ms → 19 ([28, 32) ms), 500 ms → 35 ([448, 512) ms)
        // p50: target 1.5 → bucket 19, 28 + 0.5 × 4 = 30 ms; p95: target 2.85 → 448 + 0.85 × 64 = 502.4 ms;
        // p99: 448 + 0.97 × 64 = 510.08 ms
        assertEquals(0.030, w.p50(), 1e-12);
        assertEquals(0.5024, w.p95(), 1e-12);
        assertEquals(0.51008, w.p99(), 1e-12);
        assertNull(w.buckets(), "process windows carry no buckets");
        assertEquals(
                List.of(new HeapPoolView(0, 50, 100), new HeapPoolView(1, 3, 12), new HeapPoolView(2, 300, 1200)),
                w.pools(),
                "the latest snapshot's pools");
        assertEquals(0.25, w.pools().get(2).fill());
    }

    @Test
    void groupWindowsAddUpTheirJvms() {
        twoJvms();
        GroupView g = view().groups().get(0);
        assertEquals("shop", g.name());
        GcWindowView w = g.window(0).gc();
        assertEquals(2, w.processes());
        assertEquals(3, w.snapshots());
        assertEquals(4.0, w.wallSeconds(), 1e-12);
        assertEquals(4, w.pauses());
        assertEquals(0.14, w.pauseShare(), 1e-12, "0.56 s stopped in 4 JVM-seconds");
        assertEquals(2.0, w.pausesPerSecond(), 1e-12, "1/s + 1/s");
        assertEquals(2.0 / 3 + 1.0, w.classes().get(0).pausesPerSecond(), 1e-12);
        assertEquals(4500, w.classes().get(0).collected());
        long[] expected = new long[LatencyBuckets.COUNT];
        expected[13] = 1; // 10 ms
        expected[17] = 1; // 20 ms: [20, 24) ms
        expected[19] = 1; // 30 ms
        expected[35] = 1; // 500 ms
        assertArrayEquals(expected, w.buckets());
        assertEquals(
                List.of(new HeapPoolView(0, 60, 200), new HeapPoolView(1, 4, 16), new HeapPoolView(2, 400, 2000)),
                w.pools(),
                "pools summed over the JVMs");
        List<GcTotalsView> totals = view().groupTotals().get(0).gc();
        assertEquals(3, totals.size());
        assertEquals(3, totals.get(0).pauses());
        assertEquals(0.06, totals.get(0).pauseSeconds(), 1e-12);
        assertEquals(4500, totals.get(0).collected());
        assertEquals(0, totals.get(1).pauses());
        assertEquals(1, totals.get(2).pauses());
        assertEquals(1, totals.get(2).buckets()[35]);
    }

    @Test
    void windowsSlideAndLifetimeTotalsStay() {
        twoJvms();
        clock.advance(Duration.ofSeconds(11));
        StateView v = view();
        assertNull(v.process("10@h").window(0).gc(), "nothing in the last 10 s");
        assertEquals(3, v.process("10@h").window(1).gc().pauses());
        clock.advance(Duration.ofSeconds(60));
        v = view();
        assertNull(v.process("10@h").window(1).gc());
        assertEquals(3, v.process("10@h").window(2).gc().pauses());
        assertEquals(3, v.groupTotals().get(0).gc().get(0).pauses(), "lifetime");
    }

    @Test
    void invalidEventsAreCountedDuplicatesIgnoredAndPauseListsCapped() {
        StoreLimits d = StoreLimits.defaults(Duration.ofMinutes(10));
        store = new TelemetryStore(
                clock,
                new StoreLimits(
                        d.retention(),
                        d.maxProcesses(),
                        d.maxSlowRecords(),
                        d.maxLifecycleEvents(),
                        d.maxGroups(),
                        d.staleAfter(),
                        d.completedSlowKept(),
                        d.runningSlowMinExpiry(),
                        2));
        feed(make.sample(10, 1, "h", "shop", new double[0], new int[0]));
        feed(make.gcEvent(10, 2, T, new Pause(T - 3, 0.010, 3, 0)));
        feed(make.gcEvent(10, 3, T, new Pause(T - 3, -0.010, 0, 0)));
        assertEquals(2, store.gcEventsInvalid());
        assertTrue(
                store.lastGcEventError().contains("gc_event_duration (finite, duration >= 0)"),
                store.lastGcEventError());
        feed(make.gcEvent(10, 4, T, new Pause(T - 3, 0.010, 0, 0)));
        feed(make.gcEvent(10, 5, T, new Pause(T - 3, 0.010, 0, 0))); // the same pause again
        feed(make.gcEvent(10, 6, T, new Pause(T - 2, 0.010, 0, 0)));
        feed(make.gcEvent(10, 7, T, new Pause(T - 1, 0.010, 0, 0)));
        StateView v = view();
        assertEquals(3, v.process("10@h").window(0).gc().pauses(), "three distinct pauses in the window");
        assertEquals(3, v.process("10@h").gc().pausesTotal());
        assertEquals(2, v.process("10@h").gc().pausesKept(), "at the cap");
        assertEquals(1, v.process("10@h").gc().pausesEvicted());
        assertEquals(
                List.of(new GcPause(T - 2, 0.010, 0, 0), new GcPause(T - 1, 0.010, 0, 0)),
                store.history("10@h").gcPauses(),
                "the oldest went");
        assertEquals(2, v.counters().gcEventsInvalid());
    }

    /*
     * Overlap. The request: start T - 10, 2 s long, so [T - 10, T - 8]. Pauses (values exact in binary):
     *   A [T - 10.5,  T - 9.875]  overlaps 0.125 s
     *   B [T - 9,     T - 8.375]  overlaps 0.625 s
     *   C [T - 8,     T - 7.75 ]  touches the end: no overlap
     *   D [T - 11,    T - 10   ]  touches the start: no overlap
     *   E [T - 7,     T - 6.875]  after it
     *   F [T - 10.25, T - 10   ]  touches the start too (and, shorter than D, is looked at)
     */
    private void pausesAroundARequest(long pid, long seq) {
        feed(make.gcSnapshot(pid, seq, T, snapshot(new long[3], new long[3], 0)));
        feed(make.gcEvent(pid, seq + 1, T, new Pause(T - 10.5, 0.625, 0, 1)));
        feed(make.gcEvent(pid, seq + 2, T, new Pause(T - 9, 0.625, 2, 2)));
        feed(make.gcEvent(pid, seq + 3, T, new Pause(T - 8, 0.25, 0, 3)));
        feed(make.gcEvent(pid, seq + 4, T, new Pause(T - 11, 1.0, 1, 4)));
        feed(make.gcEvent(pid, seq + 5, T, new Pause(T - 7, 0.125, 0, 5)));
        feed(make.gcEvent(pid, seq + 6, T, new Pause(T - 10.25, 0.25, 0, 6)));
    }

    @Test
    void aCompletedRequestIsOverlappedByThePausesThatIntersectIt() {
        feed(make.sample(20, 1, "h", "shop", new double[0], new int[0]));
        feed(make.slow(20, 2, "r1", 1, T - 10, 1, 2.0, "/pay"));
        pausesAroundARequest(20, 3); // after the record, as the reporter sends them
        GcOverlap o = view().slowRequests().get(0).gcPauses();
        assertEquals(T - 10, o.from());
        assertEquals(T - 8, o.to());
        assertEquals(2, o.count());
        assertEquals(0.75, o.seconds(), "0.125 + 0.625");
        assertEquals(List.of(new GcPause(T - 10.5, 0.625, 0, 1), new GcPause(T - 9, 0.625, 2, 2)), o.pauses());
    }

    @Test
    void aRunningRequestIsOverlappedUntilNow() {
        feed(make.sample(21, 1, "h", "shop", new double[0], new int[0]));
        feed(make.slow(21, 2, "r2", 1, T - 10, 0, 1.0, "/pay")); // heard 1 s in, still running at T
        pausesAroundARequest(21, 3);
        GcOverlap o = view().slowRequests().get(0).gcPauses();
        assertEquals(T, o.to(), "now");
        assertEquals(4, o.count(), "A, B, C, E");
        assertEquals(1.125, o.seconds(), "0.125 + 0.625 + 0.25 + 0.125");
    }

    @Test
    void aSlowRecordOfAProcessWithoutGcRecordsHasNoOverlap() {
        feed(make.sample(22, 1, "h", "shop", new double[0], new int[0]));
        feed(make.slow(22, 2, "r3", 1, T - 10, 1, 2.0, "/pay"));
        assertNull(view().slowRequests().get(0).gcPauses(), "unknown, not zero");
        feed(make.gcSnapshot(22, 3, T, snapshot(new long[3], new long[3], 0)));
        GcOverlap o = view().slowRequests().get(0).gcPauses();
        assertEquals(0, o.count());
        assertEquals(0.0, o.seconds());
    }

    @Test
    void theOverlapOfACompletedRequestOutlivesItsPausesAndItsProcess() {
        StoreLimits d = StoreLimits.defaults(Duration.ofMinutes(1));
        store = new TelemetryStore(clock, d);
        feed(make.sample(23, 1, "h", "shop", new double[0], new int[0]));
        feed(make.slow(23, 2, "r4", 1, T - 10, 1, 2.0, "/pay"));
        pausesAroundARequest(23, 3);
        clock.advance(Duration.ofSeconds(6)); // past max(5 s, 3 × 1 s interval) since completion: settled
        assertEquals(2, view().slowRequests().get(0).gcPauses().count());
        clock.advance(Duration.ofMinutes(2));
        store.sweep(); // silent past the 1 min retention: the process and its pauses go; the record stays 10 min
        assertEquals(0, store.processCount());
        StateView v = view();
        assertEquals(1, v.slowRequests().size());
        assertEquals(2, v.slowRequests().get(0).gcPauses().count());
        assertEquals(0.75, v.slowRequests().get(0).gcPauses().seconds());
    }

    @Test
    void pausesLeaveWithTheRetention() {
        StoreLimits d = StoreLimits.defaults(Duration.ofMinutes(1));
        store = new TelemetryStore(clock, d);
        feed(make.sample(24, 1, "h", "shop", new double[0], new int[0]));
        pausesAroundARequest(24, 2);
        assertEquals(6, store.history("24@h").gcPauses().size());
        clock.advance(Duration.ofSeconds(50));
        feed(make.sample(24, 9, "h", "shop", new double[0], new int[0])); // still heard
        clock.advance(Duration.ofSeconds(20));
        store.sweep(); // now T + 70: pauses that ended before T + 10 are out of the 1 min retention
        assertEquals(0, store.history("24@h").gcPauses().size());
        assertEquals(6, view().process("24@h").gc().pausesTotal());
    }
}
