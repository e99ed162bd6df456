package telemetry.ingester.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.JsonTrees;
import telemetry.ingester.MutableClock;
import telemetry.testing.Datagrams;
import telemetry.wire.LatencyBuckets;

/**
 * A real ingester on a real socket and a real Jetty: what is sent must come out of /api/state,
 * /metrics and the WebSocket, agreeing with a reference computation. Each test has its own ingester,
 * fed the same datagrams, on a clock that stands still: no window ages and no process goes stale
 * however slow the host, and no test sees what another sent.
 */
class IngesterHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ODD_GROUP = "odd \"group\"\n</script>\\";
    /**
     * p50, p95 and p99 of request_time per group, worked out by hand from the durations sent in
     * {@link #start()}, interpolated inside the 65 buckets of wire-format.md. shop: 1, 2, 3, 6, 12, 12,
     * 40, 250, 1500 and 70000 ms; the 5th of 10 falls half-way into [12, 14) ms, the 9.5th and 9.9th
     * into the overflow bucket (its lower edge, 65.536 s). The odd group: one request of 20 ms, in
     * [20, 24) ms.
     */
    private static final Map<String, double[]> PERCENTILES =
            Map.of("shop", new double[] {0.013, 65.536, 65.536}, ODD_GROUP, new double[] {0.022, 0.0238, 0.02396});

    private Path dir;
    private Ingester ingester;
    private int port;
    private AFUNIXDatagramChannel sender;
    private final Datagrams make = new Datagrams();
    private final HttpClient http = HttpClient.newHttpClient();
    private long sent;
    /** Reference: request_time histogram and status classes per group. */
    private final Map<String, long[]> histograms = new HashMap<>();

    private final Map<String, long[]> classes = new HashMap<>();
    private final Map<String, double[]> minMax = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-http");
        IngesterConfig config =
                IngesterConfig.defaults(dir.resolve("t.sock"), 0).withBroadcastPeriod(Duration.ofMillis(100));
        ingester = Ingester.start(config, new MutableClock(1_700_000_000_000L));
        port = ingester.httpPort();
        sender = AFUNIXDatagramChannel.open();
        sender.connect(AFUNIXSocketAddress.of(config.socketPath()));

        send(make.started(1001, 1, "host-a", "shop"));
        sample(1001, 2, "shop", new double[] {0.001, 0.003, 0.012, 0.012, 0.250}, new int[] {200, 200, 404, 500, 302});
        send(make.slow(1001, 3, "req-1", 2, 1.7e9, 0, 2.5, "/checkout"));
        sample(1001, 5, "shop", new double[] {0.040, 1.5, 70.0}, new int[] {200, 200, 200}); // seq 4 lost
        send(make.slow(1001, 6, "req-2", 3, 1.7e9, 1, 3.25, "/pay"));
        sample(1002, 1, "shop", new double[] {0.002, 0.006}, new int[] {201, 503});
        sample(1003, 1, ODD_GROUP, new double[] {0.020}, new int[] {200});
        send(make.stopping(1003, 2, "host-a", "reload"));
        send(make.stopped(1003, 3, "host-a", "reload"));
        send(new byte[] {'W', 'S', 'G', 'I', 9});
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(20)), "ingester stored what was sent");
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        ingester.close();
        assertFalse(Files.exists(dir.resolve("t.sock")));
        Files.deleteIfExists(dir);
    }

    private void send(byte[] datagram) throws Exception {
        sender.write(ByteBuffer.wrap(datagram));
        sent++;
    }

    private void sample(long pid, long seq, String group, double[] durations, int[] statuses) throws Exception {
        send(make.sample(pid, seq, "host-a", group, durations, statuses));
        long[] h = histograms.computeIfAbsent(group, g -> new long[LatencyBuckets.COUNT]);
        double[] mm = minMax.computeIfAbsent(group, g -> new double[] {Double.MAX_VALUE, -1});
        for (double d : durations) {
            h[LatencyBuckets.index(d)]++;
            mm[0] = Math.min(mm[0], d);
            mm[1] = Math.max(mm[1], d);
        }
        long[] c = classes.computeIfAbsent(group, g -> new long[5]);
        for (int s : statuses) {
            c[s / 100 - 1]++;
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private JsonNode state() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/state")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return JsonTrees.parse(r.body());
    }

    @Test
    void stateAgreesWithWhatWasSent() throws Exception {
        JsonNode s = state();
        assertEquals(sent, s.get("total_received").asLong());
        assertEquals(1, s.get("decode_errors").asLong());
        assertEquals(1, s.get("drops").asLong(), "seq 4 of pid 1001");
        Map<Long, JsonNode> byPid = new HashMap<>();
        s.get("processes").forEach(p -> byPid.put(p.get("pid").asLong(), p));
        assertTrue(
                byPid.keySet().containsAll(List.of(1001L, 1002L, 1003L)),
                byPid.keySet().toString());
        JsonNode p1001 = byPid.get(1001L);
        for (String name : List.of(
                "pid",
                "hostname",
                "process_group",
                "state",
                "requests_total",
                "mod_wsgi_version",
                "python_version",
                "apache_version",
                "mpm_name",
                "last_seen")) {
            assertTrue(p1001.has(name), name);
        }
        assertEquals(8, p1001.get("requests_total").asLong());
        assertEquals("running", p1001.get("state").asText());
        assertEquals("host-a", p1001.get("hostname").asText());
        assertEquals(1, p1001.get("drops").asLong());
        assertEquals("stopped", byPid.get(1003L).get("state").asText());
        assertEquals(ODD_GROUP, byPid.get(1003L).get("process_group").asText(), "strings survive escaping exactly");

        for (JsonNode g : s.get("process_groups")) {
            String name = g.get("process_group").asText();
            JsonNode w = g.get("windows").get("10s");
            long[] c = classes.get(name);
            for (int i = 0; i < 5; i++) {
                assertEquals(c[i], w.get("status_" + (i + 1) + "xx_total").asLong(), name + " class " + (i + 1));
            }
            JsonNode rt = w.get("phases").get("request_time");
            long[] h = histograms.get(name);
            for (int i = 0; i < LatencyBuckets.COUNT; i++) {
                assertEquals(h[i], rt.get("buckets").get(i).asLong());
            }
            double[] percentiles = PERCENTILES.get(name);
            assertEquals(percentiles[0], rt.get("p50").asDouble(), 1e-12, name + " p50");
            assertEquals(percentiles[1], rt.get("p95").asDouble(), 1e-12, name + " p95");
            assertEquals(percentiles[2], rt.get("p99").asDouble(), 1e-12, name + " p99");
            assertEquals(minMax.get(name)[0], rt.get("min").asDouble());
            assertEquals(minMax.get(name)[1], rt.get("max").asDouble());
        }
        long expected = classes.values().stream()
                .mapToLong(c -> java.util.Arrays.stream(c).sum())
                .sum();
        assertEquals(expected, sumRequests(s.get("process_groups")));

        Map<String, JsonNode> byLogId = new HashMap<>();
        s.get("slow_requests").forEach(r -> byLogId.put(r.get("log_id").asText(), r));
        for (String name : List.of(
                "pid", "log_id", "thread_id", "state", "method", "path_info", "status", "duration", "start_stamp")) {
            assertTrue(byLogId.get("req-1").has(name), name);
        }
        assertEquals("active", byLogId.get("req-1").get("state").asText());
        assertEquals("/checkout", byLogId.get("req-1").get("path_info").asText());
        assertEquals("completed", byLogId.get("req-2").get("state").asText());
        assertEquals(200, byLogId.get("req-2").get("status").asInt());
        assertEquals(3.25, byLogId.get("req-2").get("duration").asDouble());

        JsonNode events = s.get("lifecycle_events");
        assertEquals("process_started", events.get(0).get("kind").asText());
        assertEquals("process_stopping", events.get(1).get("kind").asText());
        assertEquals("reload", events.get(2).get("shutdown_reason").asText());
        assertEquals(1003, events.get(2).get("pid").asLong());
    }

    private static long sumRequests(JsonNode groups) {
        long n = 0;
        for (JsonNode g : groups) {
            n += g.get("windows").get("1m").get("request_count").asLong();
        }
        return n;
    }

    @Test
    void metricsAgreeWithWhatWasSent() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, String> m = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                int space = line.lastIndexOf(' ');
                m.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        assertEquals(sent, value(m, "telemetry_ingester_datagrams_total"));
        assertEquals(1, value(m, "telemetry_ingester_decode_errors_total"));
        assertEquals(1, value(m, "telemetry_ingester_dropped_datagrams_total"));
        String[] names = {"1xx", "2xx", "3xx", "4xx", "5xx"};
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    classes.get("shop")[i],
                    value(m, "telemetry_requests_total{process_group=\"shop\",status_class=\"" + names[i] + "\"}"));
        }
        String odd = "process_group=\"odd \\\"group\\\"\\n</script>\\\\\"";
        assertEquals(1, value(m, "telemetry_requests_total{" + odd + ",status_class=\"2xx\"}"), "label escaped");
        // the buckets, by their upper bounds (the writer chooses how to print them; labels come sorted by name)
        String prefix = "telemetry_request_duration_seconds_bucket{phase=\"request_time\",process_group=\"shop\",le=\"";
        Map<Double, Double> byBound = new HashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String le = k.substring(prefix.length(), k.length() - 2);
                byBound.put(
                        le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), Double.parseDouble(v));
            }
        });
        // wire-format.md: four buckets per power of two of milliseconds, up to 65536 ms, then +Inf
        Set<Double> bounds = new HashSet<>();
        for (int octave = 0; octave < 16; octave++) {
            for (int quarter = 5; quarter <= 8; quarter++) {
                bounds.add((1L << octave) * quarter / 4.0 / 1000.0);
            }
        }
        bounds.add(Double.POSITIVE_INFINITY);
        assertEquals(bounds, byBound.keySet(), r.body());
        double[] shop = {0.001, 0.003, 0.012, 0.012, 0.250, 0.040, 1.5, 70.0, 0.002, 0.006};
        for (double le : bounds) {
            long below = java.util.Arrays.stream(shop).filter(d -> d < le).count(); // a bucket excludes its upper edge
            assertEquals(below, byBound.get(le), "le=" + le);
        }
        assertEquals(
                shop.length,
                value(m, "telemetry_request_duration_seconds_count{phase=\"request_time\",process_group=\"shop\"}"));
        assertEquals(0.25, value(m, "telemetry_capacity_utilization{process_group=\"shop\"}"), 1e-9);
        assertEquals(1.5, Double.parseDouble(m.get("telemetry_cpu_utilization{process_group=\"shop\"}")), 1e-9);
        assertEquals(
                2.0 * (100 << 20), Double.parseDouble(m.get("telemetry_memory_rss_bytes{process_group=\"shop\"}")));
        assertTrue(r.body().contains("# TYPE telemetry_request_duration_seconds histogram"));
    }

    private static double value(Map<String, String> metrics, String key) {
        String v = metrics.get(key);
        assertNotNull(v, key);
        return Double.parseDouble(v);
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/metrics"))
                        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(r.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertTrue(r.body().contains("# TYPE telemetry_ingester_datagrams counter"), r.body());
        assertTrue(r.body().contains("\ntelemetry_ingester_datagrams_total " + sent), r.body());
    }

    @Test
    void webSocketSendsASnapshotThenUpdates() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder()
                .header("Origin", base())
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), collector(messages))
                .get(10, TimeUnit.SECONDS);
        try {
            JsonNode first = JsonTrees.parse(messages.poll(10, TimeUnit.SECONDS));
            assertEquals("snapshot", first.get("type").asText());
            JsonNode s = state();
            assertEquals(
                    s.get("total_received").asLong(),
                    first.get("total_received").asLong());
            assertEquals(s.get("processes").size(), first.get("processes").size());
            assertEquals(
                    s.get("slow_requests").size(), first.get("slow_requests").size());
            assertEquals(
                    s.get("lifecycle_events").size(),
                    first.get("lifecycle_events").size());
            long seq = first.get("seq").asLong();

            sample(1002, 2, "shop", new double[] {0.004, 0.004, 0.004}, new int[] {200, 200, 200});
            long before = sent;
            assertTrue(ingester.awaitStored(before, Duration.ofSeconds(10)));
            long[] expectedSeq = {seq};
            JsonNode update = await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(1))
                    .until(
                            () -> {
                                JsonNode u = next(messages);
                                assertEquals("update", u.get("type").asText());
                                assertEquals(
                                        ++expectedSeq[0],
                                        u.get("seq").asLong(),
                                        "updates follow each other without gaps");
                                return u;
                            },
                            u -> requestsOf(u, 1002) == 5);
            assertEquals(before, update.get("total_received").asLong());
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void updatesCarryNewSlowRecordsRemovalsAndNewEventsOnce() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder()
                .header("Origin", "http://localhost:" + port)
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), collector(messages))
                .get(10, TimeUnit.SECONDS);
        try {
            JsonNode snapshot = JsonTrees.parse(messages.poll(10, TimeUnit.SECONDS));
            assertEquals("snapshot", snapshot.get("type").asText());
            send(make.slow(1005, 1, "ws-slow", 2, 1.7e9, 1, 5.0, "/ws"));
            send(make.started(1004, 1, "host-b", "api"));
            assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(10)));
            int[] seen = new int[2]; // the ws-slow record, the event of pid 1004
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> count(next(messages), seen), n -> seen[0] > 0 && seen[1] > 0);
            for (int tick = 0; tick < 10; tick++) { // ten more updates (one a broadcast period) carry neither again
                count(next(messages), seen);
            }
            assertEquals(1, seen[0], "an unchanged record is not sent again");
            assertEquals(1, seen[1], "an event is sent once");
            RawHttp.Reply cleared = RawHttp.request(
                    port,
                    "POST /api/slow/clear HTTP/1.1",
                    "Host: localhost:" + port,
                    "Content-Length: 0",
                    "Origin: http://localhost:" + port);
            assertEquals(200, cleared.status());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (JsonNode key : next(messages).get("removed_slow_requests")) {
                    if (key.asText().equals("1005:ws-slow")) {
                        return true;
                    }
                }
                return false;
            });
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    /** The next WebSocket message; fails when none comes within {@link #WAIT}. */
    private static JsonNode next(BlockingQueue<String> messages) throws Exception {
        String message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no WebSocket message within " + WAIT);
        return JsonTrees.parse(message);
    }

    /** Counts in {@code seen} the update's ws-slow records and events of pid 1004; answers the update. */
    private static JsonNode count(JsonNode update, int[] seen) {
        for (JsonNode slow : update.get("slow_requests")) {
            if (slow.get("log_id").asText().equals("ws-slow")) {
                seen[0]++;
                assertEquals("1005:ws-slow", slow.get("key").asText());
            }
        }
        for (JsonNode e : update.get("lifecycle_events")) {
            if (e.get("pid").asLong() == 1004) {
                seen[1]++;
            }
        }
        return update;
    }

    private static long requestsOf(JsonNode update, long pid) {
        for (JsonNode p : update.get("processes")) {
            if (p.get("pid").asLong() == pid) {
                return p.get("requests_total").asLong();
            }
        }
        return -1;
    }

    static WebSocket.Listener collector(BlockingQueue<String> messages) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }

    @Test
    void foreignHostIsRefused() throws Exception {
        assertEquals(
                403,
                RawHttp.request(port, "GET /api/state HTTP/1.1", "Host: evil.example:" + port)
                        .status());
        assertEquals(
                403,
                RawHttp.request(port, "GET /metrics HTTP/1.1", "Host: evil.example")
                        .status());
        assertEquals(
                403,
                RawHttp.request(port, "GET / HTTP/1.1", "Host: localhost:" + (port + 1))
                        .status());
        assertEquals(403, RawHttp.request(port, "GET /api/state HTTP/1.0").status(), "no Host at all");
        assertEquals(
                200,
                RawHttp.request(port, "GET /api/state HTTP/1.1", "Host: 127.0.0.1:" + port)
                        .status());
        assertEquals(
                200,
                RawHttp.request(port, "GET /metrics HTTP/1.1", "Host: localhost:" + port)
                        .status());
        assertEquals(
                200,
                RawHttp.request(port, "GET /metrics HTTP/1.1", "Host: LOCALHOST:" + port)
                        .status());
    }

    @Test
    void postAndUpgradeNeedTheUisOwnOrigin() throws Exception {
        String host = "Host: 127.0.0.1:" + port;
        assertEquals(
                403,
                RawHttp.request(port, "POST /api/slow/clear HTTP/1.1", host, "Content-Length: 0")
                        .status());
        assertEquals(
                403,
                RawHttp.request(
                                port,
                                "POST /api/slow/clear HTTP/1.1",
                                host,
                                "Content-Length: 0",
                                "Origin: http://evil.example")
                        .status());
        assertEquals(
                403,
                RawHttp.request(
                                port,
                                "POST /api/slow/clear HTTP/1.1",
                                host,
                                "Content-Length: 0",
                                "Origin: http://127.0.0.1:" + (port + 1))
                        .status());
        String[] upgrade = {
            host,
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="
        };
        String[] evil = java.util.Arrays.copyOf(upgrade, upgrade.length + 1);
        evil[upgrade.length] = "Origin: http://evil.example";
        assertEquals(403, RawHttp.request(port, "GET /ws HTTP/1.1", evil).status());
        assertEquals(403, RawHttp.request(port, "GET /ws HTTP/1.1", upgrade).status(), "no Origin");
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class,
                () -> http.newWebSocketBuilder()
                        .header("Origin", "http://evil.example")
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {})
                        .join());
        assertEquals(
                403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void clearingSlowRecordsKeepsTheActiveOnes() throws Exception {
        send(make.slow(1002, 3, "req-3", 1, 1.7e9, 1, 4.0, "/done"));
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(10)));
        RawHttp.Reply r = RawHttp.request(
                port,
                "POST /api/slow/clear HTTP/1.1",
                "Host: 127.0.0.1:" + port,
                "Content-Length: 0",
                "Origin: http://127.0.0.1:" + port);
        assertEquals(200, r.status(), r.head());
        assertEquals(2, JsonTrees.parse(r.body().trim()).get("cleared").asInt(), "req-2 and req-3, completed");
        List<String> left = new java.util.ArrayList<>();
        for (JsonNode slow : state().get("slow_requests")) {
            left.add(slow.get("log_id").asText() + " " + slow.get("state").asText());
        }
        assertEquals(List.of("req-1 active"), left);
    }

    @Test
    void everyStringFromADatagramIsEscaped() throws Exception {
        RawHttp.Reply raw = RawHttp.request(port, "GET /api/state HTTP/1.1", "Host: 127.0.0.1:" + port);
        assertFalse(raw.body().contains("</script>"), "< and > are escaped in JSON");
        assertTrue(raw.body().contains("\\u003c/script\\u003e"));
        // the page itself is static (no datagram string in it): UiBrowserIT checks what the browser shows
    }

    @Test
    void historyHasOnePointPerSampleSecond() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/history?process=1001@host-a"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode h = JsonTrees.parse(r.body());
        assertEquals(1001, h.get("pid").asLong());
        long requests = 0;
        for (JsonNode point : h.get("points")) {
            requests += point.get("request_count").asLong();
        }
        assertEquals(8, requests);
        assertEquals(
                404,
                http.send(
                                HttpRequest.newBuilder(URI.create(base() + "/api/history?process=9@nowhere"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
    }

    @Test
    void unparseableQueryParametersAreNamed() throws Exception {
        String host = "Host: 127.0.0.1:" + port;
        RawHttp.Reply bad = RawHttp.request(port, "GET /api/history?process=%zz HTTP/1.1", host);
        assertEquals(400, bad.status(), bad.head());
        assertTrue(bad.body().contains("Unparseable query string &apos;process=%zz&apos;"), bad.body());
        assertTrue(bad.body().contains("expected ?process=PID@HOSTNAME"), bad.body());
        RawHttp.Reply missing = RawHttp.request(port, "GET /api/history HTTP/1.1", host);
        assertEquals(400, missing.status());
        assertTrue(missing.body().contains("Bad or missing process parameter &apos;&apos;"), missing.body());
        RawHttp.Reply notAKey = RawHttp.request(port, "GET /api/history?process=host-a HTTP/1.1", host);
        assertEquals(400, notAKey.status());
        assertTrue(notAKey.body().contains("&apos;host-a&apos;: expected ?process=PID@HOSTNAME"), notAKey.body());
    }

    @Test
    void anOversizedWebSocketMessageClosesWithTooBig() throws Exception {
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder()
                .header("Origin", base())
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closes.add(statusCode + " " + reason);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        ws.sendText("x".repeat(5000), true).get(10, TimeUnit.SECONDS);
        String close = closes.poll(20, TimeUnit.SECONDS);
        assertTrue(close != null && close.startsWith("1009 "), "closed as MESSAGE_TOO_BIG: " + close);
        assertTrue(close.contains("5,000 > 4,096"), "the reason names the size and the limit: " + close);
    }

    @Test
    void topOncePrintsTheProcessTable() {
        telemetry.ingester.Cli r =
                telemetry.ingester.Cli.run("top", "--once", "--url", "ws://127.0.0.1:" + port + "/ws");
        assertEquals(0, r.status, r::toString);
        List<String> lines = r.out.lines().toList();
        assertTrue(lines.get(0).matches(".* 3 processes, " + sent + " datagrams received.*"), lines.get(0));
        assertTrue(lines.get(1).startsWith("PID"), lines.get(1));
        assertTrue(lines.get(2).startsWith("1001 ") && lines.get(2).contains("shop"), lines.get(2));
        assertTrue(
                lines.get(4).contains("odd \"group\"?"),
                "control characters never reach the terminal: " + lines.get(4));
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertEquals(
                404,
                RawHttp.request(port, "GET /nope HTTP/1.1", "Host: 127.0.0.1:" + port)
                        .status());
        assertEquals(
                405,
                RawHttp.request(
                                port,
                                "DELETE /api/state HTTP/1.1",
                                "Host: 127.0.0.1:" + port,
                                "Origin: http://127.0.0.1:" + port)
                        .status());
    }
}
