package telemetry.http.whiteboard.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.capture.Faults;
import telemetry.http.whiteboard.capture.ThreadCpuClock;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.CpuCapture;
import telemetry.http.whiteboard.config.TrustedProxies;
import telemetry.http.whiteboard.testing.RecordingRecorder.Recorded;

/**
 * What every adapter must do, tested in a real servlet container over real HTTP: the subclass
 * starts the container (Jetty 9.4 for javax, Jetty 12 ee10 for Jakarta) with the adapter's
 * preprocessor mapped as a filter for every dispatcher type in front of the scenario servlet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PreprocessorContractTest {

    /**
     * The request header that makes the container wait that many milliseconds before the
     * preprocessor (a filter in front of it): server time the test knows.
     */
    public static final String DELAY_HEADER = "X-Test-Delay-Before-Preprocessor";

    /** A running container: the port and how to stop it. */
    public interface ServerHandle {
        int port();

        void stop() throws Exception;
    }

    protected final RecordingRecorder recorder = new RecordingRecorder();
    protected final CaptureCore core = new CaptureCore(CaptureSettings.DEFAULTS);
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private ServerHandle server;

    /**
     * Starts the container on 127.0.0.1, an ephemeral port: context path {@code /app}, the adapter's
     * preprocessor as filter on {@code /*} for all dispatcher types, the scenario servlet on
     * {@code /s/*} and {@code /errors/*}, error pages for 404 and 503 at {@code /errors/page}; in
     * front of the preprocessor, a filter for the initial dispatch that calls {@link #delay} with the
     * request's {@link #DELAY_HEADER}.
     */
    protected abstract ServerHandle start(CaptureCore core, ExecutorService executor) throws Exception;

    /** Where the preprocessor under test took the server's request start from. */
    protected abstract String serverStartSource();

    /** Where it must take it from in this container. */
    protected abstract String expectedServerStartSource();

    /** The simple class names of the adapter's request and response wrappers. */
    protected abstract String wrapperNames();

    @BeforeAll
    void startServer() throws Exception {
        core.setRecorder(recorder);
        server = start(core, executor);
    }

    @AfterAll
    void stopServer() throws Exception {
        server.stop();
        executor.shutdownNow();
    }

    @BeforeEach
    void reset() {
        core.setSettings(CaptureSettings.DEFAULTS);
        core.setRecorder(recorder);
        recorder.setRecording(true);
        recorder.failBeginWith(null);
        recorder.clear();
    }

    @AfterEach
    void noDoubleEnds() {
        for (Recorded recorded : recorder.recordings()) {
            assertTrue(recorded.endCalls.get() <= 1, "end called more than once: " + recorded);
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void aRequestIsOneBeginAndOneEndWithItsDetails() throws Exception {
        HttpResponse<String> response = get("/app/s/hello?token=SECRET-QUERY&x=1");
        assertEquals(200, response.statusCode());
        assertEquals("hello", response.body());
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        Map<String, String> details = recorded.detailsAtEnd;
        assertAll(
                () -> assertEquals(200, recorded.status),
                () -> assertFalse(recorded.failed),
                () -> assertEquals(1, recorded.endCalls.get()),
                () -> assertEquals("GET", details.get("method")),
                () -> assertEquals("http", details.get("scheme")),
                () -> assertEquals("127.0.0.1:" + server.port(), details.get("host")),
                () -> assertEquals("/app", details.get("contextPath")),
                () -> assertEquals("/s/hello", details.get("path")),
                () -> assertEquals("HTTP/1.1", details.get("protocol")),
                () -> assertEquals("127.0.0.1", details.get("peerAddress")),
                () -> assertEquals(null, details.get("requestId")),
                () -> assertEquals(5, recorded.outputBytes.get()),
                () -> assertTrue(
                        recorded.applicationStartNanos - recorded.serverStartNanos < TimeUnit.SECONDS.toNanos(10)),
                () -> assertTrue(recorded.applicationStartNanos <= recorded.endNanos),
                () -> assertEquals(0, recorded.inputReads.get()));
    }

    /**
     * A filter in front of the preprocessor holds the request for 100 ms: that time was spent in the
     * server before the application, so server_time shows it. Jetty 9.4's stamp has millisecond
     * resolution, taken at the middle of its millisecond: at most 0.5 ms later than the true start,
     * so 99 ms is a safe floor for both containers. (Taking server start at the preprocessor would
     * show about 0.)
     */
    @Test
    void serverTimeStartsWhereTheServerBeganTheRequest() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(
                    request("/app/s/hello").header(DELAY_HEADER, "100").build(), BodyHandlers.ofString());
            assertEquals("hello", response.body());
        }
        recorder.awaitEnds(3);
        assertEquals(expectedServerStartSource(), serverStartSource());
        for (Recorded recorded : recorder.recordings()) {
            long serverNanos = recorded.applicationStartNanos - recorded.serverStartNanos;
            assertTrue(
                    serverNanos >= TimeUnit.MICROSECONDS.toNanos(99_000),
                    "the 100 ms before the preprocessor are server time: " + serverNanos + " ns");
        }
    }

    @Test
    void theQueryStringIsNeverRecorded() throws Exception {
        get("/app/s/hello?token=SECRET-QUERY");
        get("/app/s/status?code=204&token=SECRET-QUERY");
        get("/app/nothing/here?token=SECRET-QUERY");
        recorder.awaitEnds(3);
        for (Recorded recorded : recorder.recordings()) {
            for (String value : recorded.detailsAtEnd.values()) {
                if (value != null) {
                    assertFalse(value.contains("SECRET") || value.contains("?") || value.contains("token"), value);
                }
            }
        }
    }

    @Test
    void requestAndResponseBodiesAreCountedInBytes() throws Exception {
        byte[] body = new byte[100_000];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> response = client.send(
                request("/app/s/echo").POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        assertEquals(100_000, recorded.inputBytes.get());
        assertTrue(recorded.inputReads.get() >= 2, "reads including the end of stream: " + recorded.inputReads);
        assertEquals(100_000, recorded.outputBytes.get());
        assertEquals("POST", recorded.detailsAtEnd.get("method"));
    }

    @Test
    void readerAndWriterCountEncodedBytes() throws Exception {
        String text = "h\u00e9llo w\u00f6rld \u20ac \ud83d\ude00 ".repeat(50);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = client.send(
                request("/app/s/reader")
                        .header("Content-Type", "text/plain; charset=UTF-8")
                        .POST(BodyPublishers.ofByteArray(utf8))
                        .build(),
                BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(text, response.body());
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        assertEquals(utf8.length, recorded.inputBytes.get());
        assertEquals(utf8.length, recorded.outputBytes.get());
        assertTrue(recorded.outputWrites.get() >= 2, "one print and one flush at least");
    }

    @Test
    void streamingWritesAndFlushesAreEachCounted() throws Exception {
        HttpResponse<byte[]> response =
                client.send(request("/app/s/stream?chunks=7").build(), BodyHandlers.ofByteArray());
        assertEquals(7000, response.body().length);
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        assertEquals(7000, recorded.outputBytes.get());
        assertTrue(recorded.outputWrites.get() >= 14, "7 writes and 7 flushes: " + recorded.outputWrites);
        assertTrue(recorded.outputNanos.get() > 0);
    }

    @Test
    void anEscapingExceptionIsAFailed5xx() throws Exception {
        assertEquals(500, get("/app/s/boom").statusCode());
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        assertTrue(recorded.failed);
        assertEquals(1, recorder.statusClass(5));
    }

    @Test
    void notFoundIsOne4xx() throws Exception {
        assertEquals(404, get("/app/nothing/here").statusCode());
        recorder.awaitEnds(1);
        assertEquals(404, recorder.single().status);
        assertEquals(1, recorder.statusClass(4));
    }

    @Test
    void forwardsIncludesAndErrorPagesAreOneRequest() throws Exception {
        assertEquals("hello", get("/app/s/forward").body());
        recorder.awaitEnds(1);
        assertEquals(200, recorder.single().status);
        recorder.clear();

        assertEquals("hellohello", get("/app/s/include").body());
        recorder.awaitEnds(1);
        assertEquals(200, recorder.single().status);
        recorder.clear();

        HttpResponse<String> error = get("/app/s/send-error?code=503");
        assertEquals(503, error.statusCode());
        assertTrue(error.body().contains("error page for 503"), error.body());
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        assertEquals(503, recorded.status);
        assertFalse(recorded.failed);
        assertEquals("/s/send-error", recorded.detailsAtEnd.get("path"));
    }

    @Test
    void asyncRequestsEndWhenTheirContextCompletes() throws Exception {
        HttpResponse<String> response = get("/app/s/async-complete");
        assertEquals(200, response.statusCode());
        assertEquals("async", response.body());
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        assertEquals(200, recorded.status);
        assertEquals(5, recorded.outputBytes.get(), "writes through AsyncContext.getResponse() are counted");
        recorder.clear();

        assertEquals("hello", get("/app/s/async-dispatch").body());
        recorder.awaitEnds(1);
        assertEquals(200, recorder.single().status);
        assertEquals(5, recorder.single().outputBytes.get());
        assertArrived("/s/async-dispatch", recorder.single());
        recorder.clear();

        assertEquals("async", get("/app/s/async-restart").body());
        recorder.awaitEnds(1);
        assertEquals(200, recorder.single().status);
    }

    @Test
    void asyncTimeoutsAndErrorsEndOnceAs5xx() throws Exception {
        assertEquals(500, get("/app/s/async-timeout").statusCode());
        recorder.awaitEnds(1);
        Recorded timedOut = recorder.single();
        assertEquals(500, timedOut.status);
        assertTrue(
                timedOut.applicationSeconds() >= 0.2,
                "ends at the timeout, not before: " + timedOut.applicationSeconds());
        assertEquals(1, recorder.statusClass(5));
        recorder.clear();

        assertEquals(500, get("/app/s/async-error").statusCode());
        recorder.awaitEnds(1);
        Recorded failed = recorder.single();
        // the async dispatch threw: both Jetty generations answer with an error dispatch of 500 (no onError),
        // which the request ends with: the status read when the async context completed, not when it started
        assertEquals(500, failed.status, failed.toString());
        assertEquals(1, recorder.statusClass(5));
        assertArrived("/s/async-error", failed);
        recorder.clear();

        assertEquals(500, get("/app/s/async-error-while-async").statusCode());
        recorder.awaitEnds(1);
        Recorded onError = recorder.single();
        // the async dispatch threw after starting async again: the container calls AsyncListener.onError,
        // which marks the request failed (the first dispatch had returned normally), then answers 500
        assertTrue(onError.failed, "onError marks the request failed: " + onError);
        assertEquals(500, onError.status, onError.toString());
        assertEquals(1, recorder.statusClass(5));
        assertEquals(1, recorder.endCount());
        assertArrived("/s/async-error-while-async", onError);
    }

    /** The details read at the end describe the request as it arrived, not where it was dispatched. */
    private static void assertArrived(String path, Recorded recorded) {
        assertAll(
                () -> assertEquals("/app", recorded.detailsAtEnd.get("contextPath"), recorded.toString()),
                () -> assertEquals(path, recorded.detailsAtEnd.get("path"), recorded.toString()));
    }

    @Test
    void aSlowRequestIsVisibleWhileItRunsAndEndsOnce() throws Exception {
        CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(request("/app/s/slow?ms=600").build(), BodyHandlers.ofString());
        Recorded running = awaitFirstRecording();
        assertEquals(0, running.endCalls.get(), "still running");
        // read the details from another thread while the request runs, as the reporter's heartbeat does
        assertEquals("/s/slow", running.details.path());
        assertEquals("GET", running.details.method());
        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertEquals("slow", response.body());
        recorder.awaitEnds(1);
        Recorded recorded = recorder.single();
        assertTrue(
                recorded.applicationSeconds() >= 0.6,
                "application time covers the servlet: " + recorded.applicationSeconds());
        assertEquals(200, recorded.status);
    }

    @Test
    void userAgentAndRequestIdComeOnlyThroughTheDetails() throws Exception {
        String unsafe = "id-<script>\"x\"" + "z".repeat(100);
        HttpResponse<String> response = client.send(
                request("/app/s/hello")
                        .header("User-Agent", "TestAgent/1.0")
                        .header("X-Request-ID", unsafe)
                        .build(),
                BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        recorder.awaitEnds(1);
        Map<String, String> details = recorder.single().detailsAtEnd;
        assertEquals("TestAgent/1.0", details.get("userAgent"));
        String id = details.get("requestId");
        assertEquals(63, id.length());
        assertTrue(id.startsWith("id-_script__x_z"), id);
        details.forEach((name, value) -> {
            if (!name.equals("userAgent") && value != null) {
                assertFalse(value.contains("TestAgent"), name);
            }
        });
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() throws Exception {
        client.send(
                request("/app/s/hello")
                        .header("X-Forwarded-For", "198.51.100.7")
                        .build(),
                BodyHandlers.ofString());
        recorder.awaitEnds(1);
        assertEquals("127.0.0.1", recorder.single().detailsAtEnd.get("peerAddress"));
        recorder.clear();

        core.setSettings(new CaptureSettings(
                TrustedProxies.parse("trusted.proxies", List.of("127.0.0.0/8, ::1")), "X-Trace", CpuCapture.SLOW));
        client.send(
                request("/app/s/hello")
                        .header("X-Forwarded-For", "198.51.100.7, 127.0.0.2")
                        .header("X-Trace", "t-1")
                        .header("X-Request-ID", "ignored")
                        .build(),
                BodyHandlers.ofString());
        recorder.awaitEnds(1);
        Map<String, String> details = recorder.single().detailsAtEnd;
        assertEquals("198.51.100.7", details.get("peerAddress"));
        assertEquals("t-1", details.get("requestId"), "the configured request id header");
    }

    @Test
    void cpuTimeIsCapturedOnlyWhenConfigured() throws Exception {
        assertTrue(ThreadCpuClock.isSupported(), "these tests need a JVM that measures thread CPU time");
        core.setSettings(new CaptureSettings(TrustedProxies.NONE, "X-Request-ID", CpuCapture.EXACT));
        assertEquals("burnt", get("/app/s/burn?ms=20").body());
        recorder.awaitEnds(1);
        // the servlet burnt 20 ms of its thread's CPU, measured by the same thread's clock
        assertTrue(
                recorder.single().cpuNanos >= TimeUnit.MILLISECONDS.toNanos(20), "cpu " + recorder.single().cpuNanos);
        recorder.clear();

        core.setSettings(new CaptureSettings(TrustedProxies.NONE, "X-Request-ID", CpuCapture.OFF));
        get("/app/s/hello");
        recorder.awaitEnds(1);
        assertEquals(RequestRecording.NO_CPU, recorder.single().cpuNanos);
    }

    @Test
    void withRecordingOffOrNoRecorderNothingIsWrappedOrRecorded() throws Exception {
        assertEquals(wrapperNames(), get("/app/s/classes").body());
        recorder.awaitEnds(1);
        recorder.clear();

        recorder.setRecording(false);
        String unwrapped = get("/app/s/classes").body();
        assertFalse(unwrapped.contains("Captured"), unwrapped);
        assertEquals("hello", get("/app/s/hello").body());

        recorder.setRecording(true);
        core.unsetRecorder(recorder);
        assertEquals("hello", get("/app/s/hello").body());
        assertEquals(0, recorder.recordings().size());
    }

    @Test
    void aFailingRecorderNeverBreaksARequest() throws Exception {
        long faults = Faults.count();
        recorder.failBeginWith(new IllegalStateException("recorder broken (expected by the test)"));
        HttpResponse<String> response = get("/app/s/hello");
        assertEquals(200, response.statusCode());
        assertEquals("hello", response.body());
        assertTrue(Faults.count() > faults);
        assertEquals(0, recorder.recordings().size());
    }

    @Test
    void concurrentMixedRequestsAddUpExactlyByStatusClass() throws Exception {
        String[] paths = {
            "/app/s/hello",
            "/app/s/status?code=201",
            "/app/s/status?code=302",
            "/app/nothing",
            "/app/s/boom",
            "/app/s/async-complete",
            "/app/s/stream?chunks=2",
            "/app/s/send-error?code=503"
        };
        int[] classes = {2, 2, 3, 4, 5, 2, 2, 5};
        int rounds = 25;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (String path : paths) {
                    statuses.add(clients.submit(() -> client.send(request(path).build(), BodyHandlers.discarding())
                            .statusCode()));
                }
            }
            long[] sent = new long[6];
            for (int i = 0; i < statuses.size(); i++) {
                int status = statuses.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(classes[i % paths.length], status / 100, paths[i % paths.length]);
                sent[status / 100]++;
            }
            int total = rounds * paths.length;
            recorder.awaitEnds(total);
            assertEquals(total, recorder.recordings().size(), "one begin per request");
            assertEquals(total, recorder.endCount(), "one end per request");
            assertEquals(total, recorder.histogramTotal(), "histogram total equals the count");
            for (int statusClass = 1; statusClass <= 5; statusClass++) {
                assertEquals(sent[statusClass], recorder.statusClass(statusClass), statusClass + "xx");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * What the filter in front of the preprocessor does with a request's {@link #DELAY_HEADER}: waits
     * that many milliseconds (none without the header).
     */
    public static void delay(String millis) {
        if (millis == null) {
            return;
        }
        try {
            Thread.sleep(Long.parseLong(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Recorded awaitFirstRecording() throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            List<Recorded> recordings = recorder.recordings();
            if (!recordings.isEmpty()) {
                return recordings.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the request never began");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).build(), BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        assertNotNull(uri);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    }
}
