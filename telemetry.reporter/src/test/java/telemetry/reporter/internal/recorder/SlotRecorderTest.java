package telemetry.reporter.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.reporter.internal.testing.TestRequests;
import telemetry.wire.LatencyBuckets;

class SlotRecorderTest {

    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {200, 3})
    void countsAreExactWhileAReaderSwapsConcurrently(int slots) throws Exception {
        SlotRecorder recorder = new SlotRecorder(1, slots);
        int threads = 8;
        int perThread = 20_000;
        long[] expectedClasses = new long[5];
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expectedClasses[TestRequests.expectedClass(i) - 1]++;
            }
        }
        // Which requests got one of the reported slots (the rest an overflow slot): the per-slot arrays count those
        // exactly.
        LongAdder inReportedSlots = new LongAdder();
        RequestRecorder counting = new RequestRecorder() {
            @Override
            public boolean isRecording() {
                return true;
            }

            @Override
            public RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details) {
                RecordingSlot slot = (RecordingSlot) recorder.begin(serverStartNanos, applicationStartNanos, details);
                if (slot.index >= 0) {
                    inReportedSlots.increment();
                }
                return slot;
            }

            @Override
            public long slowThresholdNanos() {
                return recorder.slowThresholdNanos();
            }
        };
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                await(go);
                for (int i = 0; i < perThread; i++) {
                    TestRequests.request(counting, i, null);
                }
            });
            w.start();
            workers.add(w);
        }
        IntervalSample sample = recorder.newSample();
        long count = 0;
        long[] classes = new long[5];
        long[] phaseTotals = new long[5];
        long perSlot = 0;
        long inputBytes = 0;
        AtomicBoolean running = new AtomicBoolean(true);
        go.countDown();
        while (running.get()) {
            running.set(workers.stream().anyMatch(Thread::isAlive));
            recorder.swapInterval(sample, System.nanoTime());
            count += sample.requestCount();
            for (int c = 0; c < 5; c++) {
                classes[c] += sample.statusClass(c + 1);
            }
            for (int p = 0; p < 5; p++) {
                for (long b : sample.phaseBuckets(p)) {
                    phaseTotals[p] += b;
                }
            }
            for (int s = 0; s < sample.slotCount(); s++) {
                perSlot += sample.slotCompleted()[s];
            }
            inputBytes += sample.inputBytes();
        }
        long total = (long) threads * perThread;
        assertEquals(total, count);
        assertEquals(total, recorder.lifetimeCompleted());
        for (int c = 0; c < 5; c++) {
            assertEquals(expectedClasses[c], classes[c], "class " + (c + 1) + "xx");
        }
        for (int p = 0; p < 5; p++) {
            assertEquals(total, phaseTotals[p], "histogram total of phase " + p);
        }
        assertEquals(total * 100, inputBytes);
        // How many ran beyond 3 slots depends on scheduling: the per-slot arrays hold exactly those that had a slot.
        assertEquals(
                inReportedSlots.sum(), perSlot, "per-slot completions are the requests that ran in a reported slot");
        if (slots >= threads) {
            assertEquals(total, perSlot, "every request has a slot when there are enough");
        }
        assertEquals(0, recorder.inFlight());
    }

    @Test
    void aThreadKeepsItsSlot() {
        SlotRecorder recorder = new SlotRecorder(1, 4);
        RequestRecording first = recorder.begin(0, 0, null);
        first.end(200, false, 10, -1);
        RequestRecording second = recorder.begin(0, 0, null);
        assertSame(first, second, "the same thread gets its slot back");
        RequestRecording concurrent = recorder.begin(0, 0, null);
        assertNotSame(second, concurrent);
        second.end(200, false, 10, -1);
        concurrent.end(200, false, 10, -1);
        assertEquals(2, recorder.threadsStarted());
    }

    @Test
    void requestsBeyondTheSlotsAreCounted() {
        SlotRecorder recorder = new SlotRecorder(1, 2);
        List<RequestRecording> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(recorder.begin(0, 0, null));
        }
        assertEquals(5, recorder.inFlight());
        for (RequestRecording r : open) {
            r.end(200, false, 5 * MS, -1);
        }
        IntervalSample s = recorder.newSample();
        recorder.swapInterval(s, 10 * MS);
        assertEquals(5, s.requestCount());
        assertEquals(5, s.statusClass(2));
        assertEquals(2, s.slotCount());
        assertEquals(2, s.slotCompleted()[0] + s.slotCompleted()[1]);
        assertEquals(2, s.threadsStarted());
    }

    @Test
    void phasesMinMaxHistogramsAndSlotArrays() {
        SlotRecorder recorder = new SlotRecorder(1, 2);
        IntervalSample s = recorder.newSample();
        recorder.swapInterval(s, 0);
        RequestRecording r = recorder.begin(1 * MS, 2 * MS, null);
        r.inputRead(10, 3 * MS);
        r.outputWritten(20, 4 * MS);
        r.end(404, false, 12 * MS, 7 * MS); // server 1 ms, application 10 ms, request 11 ms
        r = recorder.begin(20 * MS, 20 * MS, null);
        r.end(200, false, 22 * MS, RequestRecording.NO_CPU); // server 0, application 2 ms
        RequestRecording running = recorder.begin(40 * MS, 40 * MS, null);
        recorder.swapInterval(s, 100 * MS);

        assertEquals(2, s.requestCount());
        assertEquals(0.1, s.periodSeconds(), 1e-12);
        assertEquals(20.0, s.throughput(), 1e-9);
        assertEquals(0.0005, s.phaseMean(0), 1e-12); // server
        assertEquals(0.0, s.phaseMin(0));
        assertEquals(0.001, s.phaseMax(0));
        assertEquals(0.002, s.phaseMin(1)); // application
        assertEquals(0.010, s.phaseMax(1));
        assertEquals(0.011, s.phaseMax(2)); // request
        assertEquals(0.0015, s.phaseMean(3), 1e-12); // input read: 3 ms and 0
        assertEquals(0.004, s.phaseMax(4)); // output write
        assertEquals(1, s.phaseBuckets(2)[LatencyBuckets.index(0.011)]);
        assertEquals(1, s.phaseBuckets(2)[LatencyBuckets.index(0.002)]);
        assertEquals(1, s.statusClass(4));
        assertEquals(1, s.statusClass(2));
        assertEquals(10, s.inputBytes());
        assertEquals(1, s.inputReads());
        assertEquals(20, s.outputBytes());
        assertEquals(1, s.outputWrites());
        // The first thread's slot did all three requests; the running one is in flight in it.
        assertEquals(2, s.slotCompleted()[0]);
        assertEquals(0.013 + 0.060, s.slotBusy()[0], 1e-12, "11 + 2 ms completed, 60 ms in flight");
        assertEquals(0.060, s.slotCurrentElapsed()[0], 1e-12);
        assertEquals(0.011, s.slotMaxDuration()[0], 1e-12);
        assertEquals(1, s.threadsActive());
        assertEquals(0.073 / (0.1 * 2), s.capacityUtilization(), 1e-9);

        running.end(200, false, 150 * MS, -1);
        recorder.swapInterval(s, 200 * MS);
        assertEquals(1, s.requestCount());
        assertEquals(0.050, s.slotBusy()[0], 1e-12, "only the part after the previous swap");
        assertEquals(0.0, s.slotCurrentElapsed()[0]);
        assertEquals(0.110, s.phaseMax(2), 1e-12);
    }

    @Test
    void slotCpuIsTheWorkerThreadsCpuClockReadAtTheSwapNotWhatEndWasGiven() throws Exception {
        SlotRecorder recorder = new SlotRecorder(1, 4);
        IntervalSample s = recorder.newSample();
        recorder.swapInterval(s, System.nanoTime());
        CountDownLatch served = new CountDownLatch(1);
        CountDownLatch swapped = new CountDownLatch(1);
        Thread worker = new Thread(
                () -> { // a pool thread: it outlives its requests
                    RequestRecording r = recorder.begin(System.nanoTime(), System.nanoTime(), null);
                    burnCpuMillis(60);
                    r.end(200, false, System.nanoTime(), 1); // the caller's figure is for the slow record only
                    served.countDown();
                    awaitQuietly(swapped);
                });
        worker.start();
        served.await();
        recorder.swapInterval(s, System.nanoTime());
        swapped.countDown();
        worker.join();
        assertTrue(s.slotCpu()[0] >= 0.060, "the 60 ms the worker burnt: " + s.slotCpu()[0]);

        RequestRecording r = recorder.begin(System.nanoTime(), System.nanoTime(), null); // this thread, slot 1
        burnCpuMillis(30);
        recorder.swapInterval(s, System.nanoTime());
        assertTrue(s.slotCpu()[0] >= 0.030, "in flight, counted up to the swap: " + s.slotCpu()[0]);
        burnCpuMillis(20);
        r.end(200, false, System.nanoTime(), RequestRecording.NO_CPU);
        recorder.swapInterval(s, System.nanoTime());
        assertTrue(
                s.slotCpu()[0] >= 0.020 && s.slotCpu()[0] < 0.030 + 0.020,
                "only what the thread used since the previous swap: " + s.slotCpu()[0]);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void burnCpuMillis(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (long from = threads.getCurrentThreadCpuTime();
                threads.getCurrentThreadCpuTime() - from < millis * 1_000_000; ) {
            Thread.onSpinWait();
        }
    }

    @Test
    void idleIntervalHasZeroMeansAndNoMinMax() {
        SlotRecorder recorder = new SlotRecorder(1, 4);
        IntervalSample s = recorder.newSample();
        recorder.swapInterval(s, System.nanoTime());
        assertEquals(0, s.requestCount());
        assertEquals(0.0, s.phaseMean(2));
        assertTrue(Double.isNaN(s.phaseMin(2)));
        assertEquals(0, s.threadsActive());
    }

    @Test
    void endTwiceIsIgnored() {
        SlotRecorder recorder = new SlotRecorder(1, 4);
        RequestRecording r = recorder.begin(0, 0, null);
        r.end(200, false, MS, -1);
        r.end(200, false, MS, -1);
        assertEquals(1, recorder.lifetimeCompleted());
        assertEquals(0, recorder.inFlight());
    }

    @Test
    void slowRequestsAreQueuedOnlyForAConsumer() {
        SlotRecorder recorder = new SlotRecorder(42, 4);
        recorder.setSlowRequests(5 * MS, true);
        recorder.begin(0, MS, TestRequests.details("/a")).end(200, false, 10 * MS, -1);
        assertEquals(0, recorder.pendingCompletedSlow(), "nobody consumes: nothing is kept");

        recorder.setSlowConsumer(true);
        RequestRecording r = recorder.begin(0, MS, TestRequests.details("/shop/pay"));
        r.inputRead(2048, MS);
        r.end(504, false, 10 * MS, 3 * MS);
        recorder.begin(0, 0, null).end(200, false, 4 * MS, -1); // fast: no record
        List<SlowRequestRecord> out = new ArrayList<>();
        assertEquals(1, recorder.pollCompletedSlow(out, 16));
        SlowRequestRecord rec = out.get(0);
        assertTrue(rec.completed());
        assertEquals(0.010, rec.duration(), 1e-12);
        assertEquals(0.001, rec.serverTime(), 1e-12);
        assertEquals(0.009, rec.applicationTime(), 1e-12);
        assertEquals(504, rec.status());
        assertEquals(2048, rec.inputBytes());
        assertEquals(0.003, rec.cpuSeconds(), 1e-12);
        assertEquals(1, rec.slot());
        assertEquals("42-000001", rec.logId());
        assertEquals("/shop/pay", rec.path());
        assertEquals("Mozilla/5.0 (X11; Linux x86_64) café", rec.userAgent());
        assertEquals(1, rec.activeAtStart());
    }

    @Test
    void runningSlowRequestsGetAHeartbeatWithAStableId() {
        SlotRecorder recorder = new SlotRecorder(42, 4);
        recorder.setSlowRequests(5 * MS, false);
        recorder.setSlowConsumer(true);
        long t0 = System.nanoTime();
        RequestRecording slow = recorder.begin(t0, t0 + MS, TestRequests.details("/slow"));
        List<SlowRequestRecord> out = new ArrayList<>();
        assertEquals(0, recorder.collectRunningSlow(t0 + 2 * MS, 0, out, 16));
        assertTrue(out.isEmpty(), "not yet past the threshold");
        recorder.collectRunningSlow(t0 + 6 * MS, 100.0, out, 16);
        recorder.collectRunningSlow(t0 + 9 * MS, 100.0, out, 16);
        assertEquals(2, out.size(), "one heartbeat per tick while running");
        SlowRequestRecord beat = out.get(1);
        assertFalse(beat.completed());
        assertEquals(0.009, beat.duration(), 1e-12);
        assertEquals(100.0 - 0.009, beat.startStamp(), 1e-9);
        assertEquals(0, beat.status());
        assertEquals(null, beat.userAgent(), "CaptureUserAgent is off");
        assertEquals(out.get(0).logId(), beat.logId());
        slow.end(200, false, t0 + 12 * MS, -1);
        List<SlowRequestRecord> done = new ArrayList<>();
        recorder.pollCompletedSlow(done, 16);
        assertEquals(beat.logId(), done.get(0).logId(), "the completed record keeps the heartbeat's id");
        out.clear();
        recorder.collectRunningSlow(t0 + 20 * MS, 100.0, out, 16);
        assertTrue(out.isEmpty());
    }

    @Test
    void heartbeatsBeyondTheCapAreCountedAsLeftOut() {
        SlotRecorder recorder = new SlotRecorder(42, 8);
        recorder.setSlowRequests(0, false);
        List<RequestRecording> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(recorder.begin(0, 0, null));
        }
        List<SlowRequestRecord> out = new ArrayList<>();
        assertEquals(3, recorder.collectRunningSlow(MS, 0, out, 2));
        assertEquals(2, out.size());
        open.forEach(r -> r.end(200, false, MS, -1));
    }

    @Test
    void slowRecordsCarryTheRequestsInFlightAtTheirStartAndCompletion() {
        SlotRecorder recorder = new SlotRecorder(42, 2);
        recorder.setSlowRequests(5 * MS, false);
        recorder.setSlowConsumer(true);
        RequestRecording a = recorder.begin(0, 0, null);
        RequestRecording b = recorder.begin(0, 0, null);
        RequestRecording c = recorder.begin(0, 0, null); // beyond the 2 slots: still in flight
        assertEquals(3, recorder.inFlight());
        b.end(200, false, MS, -1); // fast: no record
        a.end(200, false, 10 * MS, -1);
        c.end(200, false, 10 * MS, -1);
        List<SlowRequestRecord> out = new ArrayList<>();
        assertEquals(2, recorder.pollCompletedSlow(out, 16));
        assertEquals(1, out.get(0).activeAtStart(), "a began alone");
        assertEquals(1, out.get(0).activeAtCompletion(), "c still ran when a completed");
        assertEquals(3, out.get(1).activeAtStart(), "a, b and c");
        assertEquals(0, out.get(1).activeAtCompletion());
        assertEquals(0, recorder.inFlight());
    }

    @Test
    void aRequestThatBeganBeforeSlowRequestsWereTrackedHasNoStartCount() {
        SlotRecorder recorder = new SlotRecorder(42, 4);
        RequestRecording untracked = recorder.begin(0, 0, null);
        recorder.setSlowRequests(5 * MS, false);
        recorder.setSlowConsumer(true);
        RequestRecording tracked = recorder.begin(0, 0, null);
        untracked.end(200, false, 10 * MS, -1);
        tracked.end(200, false, 10 * MS, -1);
        List<SlowRequestRecord> out = new ArrayList<>();
        assertEquals(2, recorder.pollCompletedSlow(out, 16));
        assertEquals(0, out.get(0).activeAtStart(), "not counted: it began untracked");
        assertEquals(1, out.get(0).activeAtCompletion(), "the tracked one still ran");
        assertEquals(1, out.get(1).activeAtStart(), "counted from when tracking began");
        assertEquals(0, out.get(1).activeAtCompletion());
        assertEquals(0, recorder.inFlight());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
