package telemetry.reporter.internal.reporting;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.api.recording.RequestRecording;
import telemetry.reporter.internal.config.ReporterSettings;
import telemetry.reporter.internal.config.ServiceTarget;
import telemetry.reporter.internal.config.TelemetryOption;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.testing.TestRequests;
import telemetry.reporter.internal.transport.UnixDatagramTransport;
import telemetry.testing.DatagramReceiver;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.FieldValue;
import telemetry.wire.Kind;
import telemetry.wire.Phase;

/** The reporter thread against a real junixsocket receiver, records decoded with telemetry.wire. */
class TelemetryReporterSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long SECOND = 1_000_000_000L;

    /** Field ids of a kind-2 datagram in which a request completed, in emission order. */
    static final List<Integer> BUSY_SAMPLE_ORDER = List.of(
            1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 20, 21, 22, 30, 31, 32, 40, 41, 50, 51, 52, 60, 63, 64, 66, 67, 70, 80, 73,
            83, 74, 84, 76, 86, 77, 87, 90, 93, 94, 96, 97, 100, 101, 102, 103, 120, 121, 122, 123, 124, 110, 111, 112,
            113, 114);

    @TempDir
    Path dir;

    private final UnixDatagramTransport transport = new UnixDatagramTransport();
    private final AtomicLong sequence = new AtomicLong();
    private TelemetryReporter reporter;

    @AfterEach
    void stopReporter() {
        if (reporter != null) {
            reporter.stop(ShutdownReason.COMPONENT_DEACTIVATED, SECOND);
        }
    }

    static ReporterSettings settings(Path socket, double interval, double slow, int slots, double drain) {
        return new ReporterSettings(
                new ServiceTarget(socket.toString(), interval),
                slow,
                Set.of(TelemetryOption.CAPTURE_USER_AGENT),
                "shop",
                slots,
                drain);
    }

    private TelemetryReporter start(ReporterSettings s, SlotRecorder recorder) throws Exception {
        recorder.setRecording(true);
        recorder.setSlotLimit(s.requestThreadsMaximum());
        recorder.setSlowRequests(s.slowRequestsNanos(), s.has(TelemetryOption.CAPTURE_USER_AGENT));
        recorder.setSlowConsumer(s.slowRequests());
        reporter = new TelemetryReporter(
                s, recorder, ReporterIdentity.current("1.0.0", "Apache Felix/7.0.5", "jetty"), sequence, transport);
        reporter.start();
        return reporter;
    }

    private static List<Integer> ids(Datagram d) {
        return d.fields().stream().map(FieldValue::id).toList();
    }

    @Test
    void sendsTheDocumentedRecordsFromStartToStop() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("t.sock"))) {
            SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), 4);
            start(settings(receiver.path(), 0.5, 0.2, 4, 5.0), recorder);

            Datagram started = receiver.await(Kind.PROCESS_STARTED, WAIT);
            assertEquals(1, started.seq());
            assertEquals(ProcessHandle.current().pid(), started.pid());
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), ids(started));
            assertEquals("1.0.0", started.text(Field.MOD_WSGI_VERSION));
            assertEquals(System.getProperty("java.version"), started.text(Field.PYTHON_VERSION));
            assertEquals("shop", started.text(Field.PROCESS_GROUP));
            assertEquals(
                    ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L),
                    started.longValue(Field.PROCESS_PARENT_PID, -1));

            for (int i = 0; i < 10; i++) {
                TestRequests.request(recorder, i, null);
            }
            long t0 = System.nanoTime();
            RequestRecording slow = recorder.begin(
                    t0 - 3 * SECOND, t0 - 3 * SECOND + 1_000_000, TestRequests.details("/shop/checkout/pay"));

            Datagram sample = receiver.await(Kind.REQUEST_METRICS, d -> d.longValue(Field.REQUEST_COUNT, 0) > 0, WAIT);
            assertEquals(BUSY_SAMPLE_ORDER, ids(sample));
            assertEquals(0.5, sample.doubleValue(Field.TELEMETRY_INTERVAL, 0));
            assertEquals(0.2, sample.doubleValue(Field.SLOW_REQUESTS_THRESHOLD, 0));
            assertTrue(sample.doubleValue(Field.SAMPLE_PERIOD, 0) > 0);
            assertTrue(sample.longValue(Field.MEMORY_RSS, 0) > 0, "VmRSS read from /proc/self/status");
            assertTrue(sample.longValue(Field.MEMORY_MAX_RSS, 0) >= sample.longValue(Field.MEMORY_RSS, 0));
            assertEquals(4, sample.longValue(Field.REQUEST_THREADS_MAXIMUM, 0));
            assertEquals(4, sample.intArray(Field.REQUEST_THREADS_COMPLETED).length);
            assertEquals(4, sample.doubleArray(Field.REQUEST_THREADS_MAX_DURATION).length);
            assertEquals(sample.longValue(Field.REQUEST_COUNT, 0), statusTotal(sample));
            for (Phase p : Phase.REPORTED) {
                assertEquals(65, sample.intArray(p.buckets()).length);
                assertEquals(
                        sample.longValue(Field.REQUEST_COUNT, 0),
                        Arrays.stream(sample.intArray(p.buckets())).sum());
            }

            Datagram beat = receiver.await(Kind.SLOW_REQUEST, d -> d.longValue(Field.SLOW_RECORD_STATE, -1) == 0, WAIT);
            assertTrue(beat.doubleValue(Field.SLOW_DURATION, 0) >= 3.0);
            assertEquals("/shop/checkout/pay", beat.text(Field.SLOW_PATH_INFO));
            assertEquals("Mozilla/5.0 (X11; Linux x86_64) café", beat.text(Field.SLOW_USER_AGENT));
            assertEquals(0, beat.longValue(Field.SLOW_STATUS, -1));
            assertEquals(ProcessHandle.current().pid(), beat.longValue(Field.SLOW_SERVER_PID, 0));
            String logId = beat.text(Field.SLOW_LOG_ID);
            assertNotNull(logId);
            receiver.await(Kind.SLOW_REQUEST, d -> d.longValue(Field.SLOW_RECORD_STATE, -1) == 0, WAIT); // every tick

            slow.end(504, false, System.nanoTime(), 2_000_000);
            Datagram done = receiver.await(Kind.SLOW_REQUEST, d -> d.longValue(Field.SLOW_RECORD_STATE, -1) == 1, WAIT);
            assertEquals(504, done.longValue(Field.SLOW_STATUS, 0));
            assertEquals(logId, done.text(Field.SLOW_LOG_ID));
            assertEquals(0.002, done.doubleValue(Field.SLOW_CPU_USER_TIME, 0), 1e-12);
            assertFalse(done.has(Field.SLOW_CPU_SYSTEM_TIME));

            assertTrue(reporter.stop(ShutdownReason.FRAMEWORK_STOPPING, SECOND));
            Datagram stopping = receiver.await(Kind.PROCESS_STOPPING, WAIT);
            assertEquals(List.of(5, 6, 130, 133), ids(stopping));
            assertEquals("framework_stopping", stopping.text(Field.SHUTDOWN_REASON));
            assertEquals(0, stopping.longValue(Field.ACTIVE_REQUESTS_AT_DECISION, -1));
            Datagram finalSample = receiver.await(Kind.REQUEST_METRICS, WAIT);
            assertTrue(finalSample.seq() > stopping.seq());
            Datagram stopped = receiver.await(Kind.PROCESS_STOPPED, WAIT);
            assertEquals(List.of(5, 6, 130, 131, 132, 134, 135), ids(stopped));
            assertEquals(1, stopped.longValue(Field.GRACEFUL_DRAIN, -1));
            assertEquals(0, stopped.longValue(Field.ACTIVE_REQUESTS_AT_EXIT, -1));
            assertTrue(stopped.doubleValue(Field.PROCESS_UPTIME, 0) > 0.5);
            assertEquals(11, total(receiver, Field.REQUEST_COUNT));
            assertEquals(11, stopped.longValue(Field.LIFETIME_REQUEST_COUNT, -1));
            assertFalse(reporter.isAlive());
            assertEquals(0, transport.dropped());
            assertEquals(
                    LongsUpTo(sequence.get()),
                    receiver.received().stream().map(Datagram::seq).toList(),
                    "one sequence for every kind, from 1, no gaps");
            assertEquals(0, receiver.malformed());
        }
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {200, 8})
    void receivedSamplesAddUpExactly(int slots) throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("x.sock"))) {
            SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), slots);
            start(settings(receiver.path(), 0.5, Double.NaN, slots, 5.0), recorder);
            int threads = 16;
            int perThread = 10_000;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(
                        () -> {
                            try {
                                go.await();
                            } catch (InterruptedException e) {
                                return;
                            }
                            for (int i = 0; i < perThread; i++) {
                                TestRequests.request(recorder, i, null);
                                if (i % 2000 == 0) {
                                    Thread.yield();
                                }
                            }
                        },
                        "request-" + t);
                w.start();
                workers.add(w);
            }
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
            assertTrue(reporter.stop(ShutdownReason.BUNDLE_STOPPING, SECOND));
            Datagram stopped = receiver.await(Kind.PROCESS_STOPPED, WAIT);

            long total = (long) threads * perThread;
            long[] classes = new long[5];
            IntStream.range(0, perThread).forEach(i -> classes[TestRequests.expectedClass(i) - 1] += threads);
            assertEquals(0, transport.dropped(), "exactness is only meaningful when nothing was dropped");
            assertEquals(total, total(receiver, Field.REQUEST_COUNT));
            assertEquals(total, stopped.longValue(Field.LIFETIME_REQUEST_COUNT, -1));
            for (int c = 0; c < 5; c++) {
                assertEquals(classes[c], total(receiver, Field.ofId(120 + c)), (c + 1) + "xx");
            }
            for (Phase p : Phase.REPORTED) {
                long sum = receiver.received(Kind.REQUEST_METRICS).stream()
                        .mapToLong(d -> Arrays.stream(d.intArray(p.buckets()))
                                .asLongStream()
                                .sum())
                        .sum();
                assertEquals(total, sum, p.wireName() + " histogram total");
            }
            assertEquals(total * 100, total(receiver, Field.INPUT_BYTES_TOTAL));
            assertEquals(total * 2, total(receiver, Field.OUTPUT_WRITES_TOTAL));
            if (slots >= threads) { // fewer: requests in overflow slots have no entry (requestsBeyondTheSlots...)
                assertEquals(total, perSlotCompleted(receiver));
            }
            for (Datagram d : receiver.received(Kind.REQUEST_METRICS)) {
                assertEquals(d.longValue(Field.REQUEST_COUNT, 0), statusTotal(d), "status classes add up, always");
                assertEquals(slots, d.intArray(Field.REQUEST_THREADS_COMPLETED).length);
            }
        }
    }

    @Test
    void requestsBeyondTheSlotsAreCountedButHaveNoSlotEntry() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("o.sock"))) {
            SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), 8);
            start(settings(receiver.path(), 0.5, Double.NaN, 8, 5.0), recorder);
            receiver.await(Kind.PROCESS_STARTED, WAIT);
            List<RequestRecording> busy = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                busy.add(recorder.begin(System.nanoTime(), System.nanoTime(), null));
            }
            for (int i = 0; i < 5; i++) {
                TestRequests.request(recorder, i, null); // every slot busy: an overflow slot
            }
            for (RequestRecording r : busy) {
                r.end(200, false, System.nanoTime(), -1);
            }
            assertTrue(reporter.stop(ShutdownReason.BUNDLE_STOPPING, SECOND));
            assertEquals(13, receiver.await(Kind.PROCESS_STOPPED, WAIT).longValue(Field.LIFETIME_REQUEST_COUNT, -1));
            assertEquals(13, total(receiver, Field.REQUEST_COUNT));
            assertEquals(8, perSlotCompleted(receiver), "only the eight requests that held a slot");
        }
    }

    private static long perSlotCompleted(DatagramReceiver receiver) {
        return receiver.received(Kind.REQUEST_METRICS).stream()
                .mapToLong(d -> Arrays.stream(d.intArray(Field.REQUEST_THREADS_COMPLETED))
                        .asLongStream()
                        .sum())
                .sum();
    }

    @Test
    void stopWaitsForInFlightRequestsUpToTheDrainTimeout() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("d.sock"))) {
            SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), 4);
            start(settings(receiver.path(), 0.5, Double.NaN, 4, 5.0), recorder);
            receiver.await(Kind.PROCESS_STARTED, WAIT);
            RequestRecording inFlight = recorder.begin(System.nanoTime(), System.nanoTime(), null);
            Thread finisher = new Thread(() -> {
                try {
                    receiver.await(Kind.PROCESS_STOPPING, WAIT);
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                inFlight.end(200, false, System.nanoTime(), -1);
            });
            finisher.start();
            assertTrue(reporter.stop(ShutdownReason.CONFIGURATION_DELETED, SECOND));
            Datagram stopping = receiver.received(Kind.PROCESS_STOPPING).get(0);
            assertEquals(1, stopping.longValue(Field.ACTIVE_REQUESTS_AT_DECISION, -1));
            assertEquals("configuration_deleted", stopping.text(Field.SHUTDOWN_REASON));
            Datagram stopped = receiver.await(Kind.PROCESS_STOPPED, WAIT);
            assertEquals(1, stopped.longValue(Field.GRACEFUL_DRAIN, -1));
            assertEquals(0, stopped.longValue(Field.ACTIVE_REQUESTS_AT_EXIT, -1));
            assertEquals(1, stopped.longValue(Field.LIFETIME_REQUEST_COUNT, -1), "the drained request is counted");
            assertEquals(1, total(receiver, Field.REQUEST_COUNT));
        }
    }

    @Test
    void aRequestOutlivingTheDrainTimeoutIsReportedAsCutOff() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("c.sock"))) {
            SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), 4);
            start(settings(receiver.path(), 0.5, Double.NaN, 4, 0.2), recorder);
            receiver.await(Kind.PROCESS_STARTED, WAIT);
            RequestRecording stuck = recorder.begin(System.nanoTime(), System.nanoTime(), null);
            assertTrue(reporter.stop(ShutdownReason.FRAMEWORK_STOPPING, SECOND));
            Datagram stopped = receiver.await(Kind.PROCESS_STOPPED, WAIT);
            assertEquals(0, stopped.longValue(Field.GRACEFUL_DRAIN, -1));
            assertEquals(1, stopped.longValue(Field.ACTIVE_REQUESTS_AT_EXIT, -1));
            stuck.end(200, false, System.nanoTime(), -1);
        }
    }

    @Test
    void anIngesterThatStartsLateGetsDataWithinTwoIntervals() throws Exception {
        Path socket = dir.resolve("late.sock");
        SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), 4);
        start(settings(socket, 0.5, Double.NaN, 4, 5.0), recorder);
        await().atMost(WAIT).until(() -> reporter.samplesSent() >= 2);
        assertTrue(transport.dropped() >= 3, "STARTED and two samples dropped");
        assertTrue(transport.lastError().contains(socket.toString()), transport.lastError());
        assertTrue(transport.lastError().contains("No such file or directory"), transport.lastError());
        try (DatagramReceiver receiver = DatagramReceiver.bind(socket)) {
            // Counted in samples, not in seq: a tick also sends gc records.
            long samplesAtBind = reporter.samplesSent();
            Datagram first = receiver.await(Kind.REQUEST_METRICS, WAIT);
            long samplesAtFirst = reporter.samplesSent();
            assertTrue(
                    samplesAtFirst - samplesAtBind <= 2,
                    "one of the next two ticks after the ingester appeared: sample " + (samplesAtFirst - samplesAtBind)
                            + " after bind (seq " + first.seq() + ")");
        }
    }

    @Test
    void aReceiverThatStopsReadingCostsDropsNotRequests() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bindPaused(dir.resolve("full.sock"))) {
            Closeable fillers = fillTheReceiveQueue(receiver.path());
            SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), 16);
            start(settings(receiver.path(), 0.5, Double.NaN, 16, 5.0), recorder);
            AtomicLong served = new AtomicLong();
            Thread requests = new Thread(() -> {
                for (int i = 0; i < 200_000; i++) {
                    TestRequests.request(recorder, i, null);
                    served.incrementAndGet();
                }
            });
            requests.start();
            await().atMost(WAIT).until(() -> reporter.samplesSent() >= 14);
            requests.join();
            assertEquals(200_000, served.get(), "request threads ran to completion while the queue was full");
            assertEquals(200_000, recorder.lifetimeCompleted());
            // The queue was full before the reporter started: STARTED and every sample so far were dropped.
            assertEquals(sequence.get(), transport.dropped(), "everything dropped while the queue stayed full");
            assertEquals(0, transport.sent());
            assertEquals(sequence.get(), transport.sent() + transport.dropped(), "every datagram sent or counted");
            assertTrue(transport.lastError().contains("full"), transport.lastError());

            long seqAtResume = sequence.get();
            receiver.resume();
            fillers.close();
            // Counted in samples, not in seq: a tick may also send gc records.
            long samplesAtResume = reporter.samplesSent();
            Datagram after = receiver.await(Kind.REQUEST_METRICS, d -> d.seq() > seqAtResume, WAIT);
            long samplesAfter = reporter.samplesSent() - samplesAtResume;
            assertTrue(
                    samplesAfter <= 2,
                    "data flows again within two ticks of the receiver reading: sample " + samplesAfter
                            + " after resume (seq " + after.seq() + ")");
        }
    }

    /**
     * Fills the kernel queue of a receiver that does not read, whatever {@code net.unix.max_dgram_qlen}
     * this host has: non-blocking sends until EAGAIN, from new sockets until a new socket cannot send
     * even one (a single sender may first run out of its own send buffer). The senders stay open, so
     * what they queued stays charged to them, until the answer is closed.
     */
    private static Closeable fillTheReceiveQueue(Path socket) throws IOException {
        List<AFUNIXDatagramChannel> fillers = new ArrayList<>();
        Closeable closeAll = () -> {
            for (AFUNIXDatagramChannel c : fillers) {
                c.close();
            }
        };
        AFUNIXSocketAddress to = AFUNIXSocketAddress.of(socket);
        ByteBuffer datagram = ByteBuffer.allocate(64);
        while (true) {
            if (fillers.size() > 10_000) {
                closeAll.close();
                throw new IllegalStateException("the receive queue of " + socket + " never filled");
            }
            AFUNIXDatagramChannel filler = AFUNIXDatagramChannel.open();
            fillers.add(filler);
            filler.configureBlocking(false);
            int queued = 0;
            while (filler.send(datagram.clear(), to) > 0) {
                queued++;
            }
            if (queued == 0) {
                return closeAll;
            }
        }
    }

    private static List<Long> LongsUpTo(long n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    private static long statusTotal(Datagram d) {
        long n = 0;
        for (int c = 120; c <= 124; c++) {
            n += d.longValue(Field.ofId(c), 0);
        }
        return n;
    }

    private static long total(DatagramReceiver receiver, Field field) {
        return receiver.received(Kind.REQUEST_METRICS).stream()
                .mapToLong(d -> d.longValue(field, 0))
                .sum();
    }
}
