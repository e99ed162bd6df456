package telemetry.http.whiteboard.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.CpuCapture;
import telemetry.http.whiteboard.config.TrustedProxies;
import telemetry.reporter.internal.recorder.IntervalSample;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.recorder.SlowRequestRecord;
import telemetry.wire.Phase;

/**
 * An adapter in a real container in front of the reporter's real recorder: what the reporter would
 * send (interval totals, status classes, histograms, slow records) adds up to exactly the requests
 * served. (The UNIX socket and Felix around it are tested in telemetry.itest.) The subclass starts
 * the container as {@link PreprocessorContractTest#start} describes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReporterRecorderContractTest {

    private static final int SERVER_TIME = 0; // the recorder's phase indexes (Phase.REPORTED)
    private static final int APPLICATION_TIME = 1;
    private static final int REQUEST_TIME = 2;
    /** What a raw exchange returns when 200 was committed before the response broke off. */
    private static final int COMMITTED_200 = -200;

    private final SlotRecorder recorder =
            new SlotRecorder(ProcessHandle.current().pid(), 16);
    private final IntervalSample sample = recorder.newSample();
    private final CaptureCore core = new CaptureCore(CaptureSettings.DEFAULTS);
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PreprocessorContractTest.ServerHandle server;

    /** Starts the container with the adapter's preprocessor over {@code core} and the scenario servlet. */
    protected abstract PreprocessorContractTest.ServerHandle start(CaptureCore core, ExecutorService executor)
            throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        recorder.setRecording(true);
        recorder.setSlowConsumer(true);
        core.setRecorder(recorder);
        server = start(core, executor);
    }

    @AfterAll
    void stopServer() throws Exception {
        server.stop();
        executor.shutdownNow();
    }

    @BeforeEach
    void newInterval() throws InterruptedException {
        recorder.setSlowRequests(-1, false);
        awaitIdle();
        recorder.swapInterval(sample, System.nanoTime());
    }

    /**
     * A concurrent mix of ordinary requests and the edges of real traffic; what leaves the recorder
     * (request count, status classes, histogram totals, output bytes) equals the requests served. A
     * request is served once the application got it: it counts once, when its response ends or
     * breaks off, whatever the client did. The status class of each edge (the wire format's rule:
     * an exception that escaped the servlet chain counts as 5xx, else the final status):
     * <ul>
     * <li>client abort mid-response, the failed write escaping the servlet (as from most servlets):
     * 5xx, though 200 was committed;</li>
     * <li>client abort mid-response, the servlet stopping on the failed write: the committed 200;</li>
     * <li>HEAD: 2xx; its body bytes count as written (the application wrote them; the container
     * drops them);</li>
     * <li>{@code sendError} after commit: the servlet API throws {@code IllegalStateException}, which
     * escapes: 5xx, though the client saw 200 and a cut-off body;</li>
     * <li>async timeout nobody handles: the 500 the container sends;</li>
     * <li>async dispatch that throws: 500, failed;</li>
     * <li>async dispatch that starts async again and throws: the container calls
     * {@code AsyncListener.onError}, then sends 500: failed.</li>
     * </ul>
     */
    @Test
    void concurrentRequestsAndTheirEdgesAddUpExactlyInTheInterval() throws Exception {
        ClientAborts.reset();
        List<Exchange> mix = List.of(
                get("/app/s/hello", 2),
                get("/app/s/status?code=201", 2),
                get("/app/s/status?code=302", 3),
                get("/app/nothing", 4),
                get("/app/s/boom", 5),
                get("/app/s/async-complete", 2),
                get("/app/s/send-error?code=503", 5),
                get("/app/s/forward", 2),
                new Exchange(
                        "HEAD /app/s/hello",
                        2,
                        () -> client.send(
                                        request("/app/s/hello")
                                                .method("HEAD", BodyPublishers.noBody())
                                                .build(),
                                        BodyHandlers.discarding())
                                .statusCode()),
                get("/app/s/async-timeout", 5),
                get("/app/s/async-error", 5),
                get("/app/s/async-error-while-async", 5),
                new Exchange(
                        "abort, write failure escaping",
                        5,
                        committed200(() -> ClientAborts.getAndAbortMidResponse(server.port(), "/app/s/abort"))),
                new Exchange(
                        "abort, write failure handled",
                        2,
                        committed200(() -> ClientAborts.getAndAbortMidResponse(server.port(), "/app/s/abort-handled"))),
                new Exchange("sendError after commit", 5, committed200(() -> {
                    ClientAborts.Answer answer =
                            ClientAborts.getUntilClosed(server.port(), "/app/s/send-error-after-commit");
                    assertTrue(
                            answer.rest().contains("partial"), "the body written before sendError: " + answer.rest());
                    return answer.status();
                })));
        int rounds = 20;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long[] served = new long[6];
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (Exchange exchange : mix) {
                    statuses.add(clients.submit(exchange.client));
                }
            }
            for (int i = 0; i < statuses.size(); i++) {
                Exchange exchange = mix.get(i % mix.size());
                int seen = statuses.get(i).get(60, TimeUnit.SECONDS);
                if (seen != COMMITTED_200) {
                    assertEquals(exchange.statusClass, seen / 100, exchange.name + " answered " + seen);
                }
                served[exchange.statusClass]++;
            }
        } finally {
            clients.shutdownNow();
        }
        awaitIdle();
        recorder.swapInterval(sample, System.nanoTime());
        long total = (long) rounds * mix.size();
        assertEquals(total, sample.requestCount(), "one count per request served");
        for (int statusClass = 1; statusClass <= 5; statusClass++) {
            assertEquals(served[statusClass], sample.statusClass(statusClass), statusClass + "xx");
        }
        for (int phase : new int[] {SERVER_TIME, APPLICATION_TIME, REQUEST_TIME}) {
            assertEquals(
                    total,
                    Arrays.stream(sample.phaseBuckets(phase)).sum(),
                    Phase.REPORTED.get(phase) + " histogram total");
        }
        assertEquals(
                rounds * (5L + 5 + 5 + 5 + "partial".length()) + ClientAborts.written(),
                sample.outputBytes(),
                "the bodies of hello, async, forward, HEAD and sendError after commit, and what the aborted responses wrote");
    }

    /** A client exchange and the status class its request counts as. */
    private record Exchange(String name, int statusClass, Callable<Integer> client) {}

    private Exchange get(String path, int statusClass) {
        return new Exchange(
                "GET " + path,
                statusClass,
                () -> client.send(request(path).build(), BodyHandlers.discarding())
                        .statusCode());
    }

    /** A raw exchange that must have seen 200 committed; its request counts by the rule, not by what the client saw. */
    private static Callable<Integer> committed200(Callable<Integer> exchange) {
        return () -> {
            assertEquals(200, exchange.call(), "the status committed before the response broke off");
            return COMMITTED_200;
        };
    }

    @Test
    void bodiesInAndOutAreCountedExactly() throws Exception {
        byte[] body = new byte[10_000];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < 10; i++) {
            HttpResponse<byte[]> response = client.send(
                    request("/app/s/echo")
                            .POST(BodyPublishers.ofByteArray(body))
                            .build(),
                    BodyHandlers.ofByteArray());
            assertArrayEquals(body, response.body());
        }
        awaitIdle();
        recorder.swapInterval(sample, System.nanoTime());
        assertEquals(10, sample.requestCount());
        assertEquals(100_000, sample.inputBytes());
        assertEquals(100_000, sample.outputBytes());
        assertTrue(sample.inputReads() >= 20, "reads including end of stream: " + sample.inputReads());
    }

    @Test
    void aSlowRequestRunsAsHeartbeatsThenCompletesOnceWithoutQueryString() throws Exception {
        recorder.setSlowRequests(TimeUnit.MILLISECONDS.toNanos(100), false);
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                request("/app/s/slow?ms=700&token=SECRET")
                        .header("User-Agent", "TestAgent/1.0")
                        .build(),
                BodyHandlers.ofString());
        List<SlowRequestRecord> running = new ArrayList<>();
        for (int i = 0; i < 500 && running.isEmpty(); i++) {
            Thread.sleep(10);
            recorder.collectRunningSlow(System.nanoTime(), System.currentTimeMillis() / 1000.0, running, 10);
        }
        assertEquals(1, running.size(), "a running record while the request runs");
        assertFalse(running.get(0).completed());
        assertEquals("/s/slow", running.get(0).path());
        assertEquals("slow", pending.get(30, TimeUnit.SECONDS).body());

        awaitIdle();
        List<SlowRequestRecord> completed = new ArrayList<>();
        recorder.pollCompletedSlow(completed, 10);
        assertEquals(1, completed.size());
        SlowRequestRecord record = completed.get(0);
        assertTrue(record.completed());
        assertEquals(200, record.status());
        assertEquals("GET", record.method());
        assertEquals("/app", record.contextPath());
        assertEquals("/s/slow", record.path());
        assertEquals("127.0.0.1", record.peerAddress());
        assertNull(record.userAgent(), "User-Agent only with CaptureUserAgent");
        assertFalse(record.toString().contains("SECRET"), record.toString());
        assertTrue(record.applicationTime() >= 0.7, "application time " + record.applicationTime());

        recorder.setSlowRequests(TimeUnit.MILLISECONDS.toNanos(100), true);
        client.send(
                request("/app/s/slow?ms=200")
                        .header("User-Agent", "TestAgent/1.0")
                        .build(),
                BodyHandlers.ofString());
        awaitIdle();
        completed.clear();
        recorder.pollCompletedSlow(completed, 10);
        assertEquals("TestAgent/1.0", completed.get(0).userAgent());
    }

    /**
     * What the README says the CPU fields carry, under each {@code request.cpu} setting: a slow
     * record's CPU time (field 250) is the request's own (with {@code slow}, plus at most 10 ms the
     * thread used just before it), so a request burning CPU shows about its wall time and one
     * waiting shows almost none; the per-slot CPU (array 112) is the worker threads' CPU, whatever
     * the setting.
     */
    @ParameterizedTest
    @EnumSource(CpuCapture.class)
    void slowRecordsAndSlotsCarryTheCpuTheReadmeDescribes(CpuCapture cpu) throws Exception {
        core.setSettings(new CaptureSettings(TrustedProxies.NONE, "X-Request-ID", cpu));
        recorder.setSlowRequests(TimeUnit.MILLISECONDS.toNanos(150), false);
        try {
            assertEquals(
                    "burnt",
                    client.send(request("/app/s/burn?ms=300").build(), BodyHandlers.ofString())
                            .body());
            assertEquals(
                    "slow",
                    client.send(request("/app/s/slow?ms=300").build(), BodyHandlers.ofString())
                            .body());
            awaitIdle();
            recorder.swapInterval(sample, System.nanoTime());
            List<SlowRequestRecord> records = new ArrayList<>();
            recorder.pollCompletedSlow(records, 10);
            assertEquals(2, records.size(), records.toString());
            SlowRequestRecord burning = records.get(0);
            SlowRequestRecord waiting = records.get(1);
            assertEquals("/s/burn", burning.path());
            assertEquals("/s/slow", waiting.path());
            if (cpu == CpuCapture.OFF) {
                assertEquals(0.0, burning.cpuSeconds());
                assertEquals(0.0, waiting.cpuSeconds());
            } else {
                assertTrue(burning.cpuSeconds() >= 0.300, "the 300 ms the servlet burnt: " + burning);
                assertTrue(
                        burning.cpuSeconds() <= burning.duration() + 0.010,
                        "one thread, at most 10 ms before it: " + burning);
                assertTrue(waiting.duration() >= 0.300, waiting.toString());
                assertTrue(waiting.cpuSeconds() < 0.050, "a request that waits uses little CPU: " + waiting);
            }
            double slotCpu =
                    Arrays.stream(sample.slotCpu(), 0, sample.slotCount()).sum();
            assertTrue(slotCpu >= 0.300, "the worker threads' CPU includes the burn: " + slotCpu);
            assertTrue(slotCpu <= sample.periodSeconds() * sample.slotCount(), "at most one core per slot: " + slotCpu);
        } finally {
            core.setSettings(CaptureSettings.DEFAULTS);
        }
    }

    private void awaitIdle() throws InterruptedException {
        for (int i = 0; i < 3000 && recorder.inFlight() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, recorder.inFlight(), "requests still in flight");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30));
    }
}
