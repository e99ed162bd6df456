package telemetry.ingester.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.JsonTrees;
import telemetry.testing.Datagrams;

/**
 * The live protocol's subscriptions over a real WebSocket: a client that subscribes gets what its
 * view shows (the busiest 50 processes, a group's, one process; slot arrays only for capacity; slow
 * records only for the slow view), in its snapshot and in its updates; a client that never
 * subscribes gets everything, as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSubscriptionTest {

    /** pid 3000 + i sends i + 1 requests per sample: the busiest are the highest pids. */
    private static final int PROCESSES = 60;

    private Path dir;
    private Ingester ingester;
    private AFUNIXDatagramChannel sender;
    private final Datagrams make = new Datagrams();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new ArrayList<>();
    private long sent;
    private long seq = 1;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-live");
        IngesterConfig config =
                IngesterConfig.defaults(dir.resolve("t.sock"), 0).withBroadcastPeriod(Duration.ofMillis(200));
        ingester = Ingester.start(config, InstantSource.system());
        sender = AFUNIXDatagramChannel.open();
        sender.connect(AFUNIXSocketAddress.of(config.socketPath()));
        for (int i = 0; i < PROCESSES; i++) {
            sample(3000 + i);
        }
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(20)));
    }

    /** Running slow records of an odd and an even process (sent by each test: unheard ones expire). */
    private void slowRecords(String suffix) throws Exception {
        send(make.slow(3001, seq++, "slow-odd" + suffix, 1, 1.7e9, 0, 2.5, "/odd"));
        send(make.slow(3002, seq++, "slow-even" + suffix, 1, 1.7e9, 0, 2.5, "/even"));
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(20)));
    }

    private static String group(long pid) {
        return pid % 2 == 0 ? "even" : "odd";
    }

    private static String host(long pid) {
        return "host-" + pid % 3;
    }

    private void sample(long pid) throws Exception {
        int n = (int) (pid - 3000) + 1;
        send(make.sample(pid, seq++, host(pid), group(pid), Datagrams.repeat(0.01, n), Datagrams.statuses(n, 200)));
    }

    private void send(byte[] datagram) throws Exception {
        sender.write(ByteBuffer.wrap(datagram));
        sent++;
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WebSocket::abort);
        sockets.clear();
    }

    @AfterAll
    void stop() throws Exception {
        sender.close();
        ingester.close();
        Files.deleteIfExists(dir);
    }

    private BlockingQueue<String> connect(String subscribe) throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        int port = ingester.httpPort();
        WebSocket ws = http.newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + port)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), IngesterHttpTest.collector(messages))
                .get(10, TimeUnit.SECONDS);
        sockets.add(ws);
        if (subscribe != null) {
            ws.sendText(subscribe, true).get(5, TimeUnit.SECONDS);
        }
        return messages;
    }

    /** The first message that satisfies {@code wanted}, waiting at most 20 s for it. */
    private static JsonNode next(BlockingQueue<String> messages, Predicate<JsonNode> wanted) throws Exception {
        return await("such a message")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(1))
                .until(
                        () -> {
                            String m = messages.poll(20, TimeUnit.SECONDS);
                            assertNotNull(m, "no message within 20 s");
                            return JsonTrees.parse(m);
                        },
                        wanted);
    }

    /** The snapshot that answers a subscription: one made for it has no slow records unless asked. */
    private static JsonNode snapshotAfterSubscribing(BlockingQueue<String> messages, String view) throws Exception {
        // the first snapshot may be the unsubscribed one, sent before the subscription arrived
        JsonNode first = next(messages, d -> "snapshot".equals(d.path("type").asText()));
        if (withSlots(first) == PROCESSES) {
            return next(messages, d -> "snapshot".equals(d.path("type").asText()));
        }
        return first;
    }

    private static Set<Long> pids(JsonNode doc) {
        Set<Long> pids = new TreeSet<>();
        doc.path("processes").forEach(p -> pids.add(p.path("pid").asLong()));
        return pids;
    }

    private static long withSlots(JsonNode doc) {
        long n = 0;
        for (JsonNode p : doc.path("processes")) {
            n += p.path("latest").has("request_threads_completed") ? 1 : 0;
        }
        return n;
    }

    @Test
    void aClientThatNeverSubscribesGetsEverything() throws Exception {
        slowRecords("-all");
        JsonNode snapshot =
                next(connect(null), d -> "snapshot".equals(d.path("type").asText()));
        assertEquals(PROCESSES, snapshot.path("processes").size());
        assertEquals(PROCESSES, withSlots(snapshot));
        Set<String> logIds = new TreeSet<>();
        snapshot.path("slow_requests").forEach(s -> logIds.add(s.path("log_id").asText()));
        assertTrue(logIds.containsAll(Set.of("slow-odd-all", "slow-even-all")), logIds.toString());
        assertEquals(3, snapshot.path("hosts").asInt(), "distinct hostnames in the header");
        // every record the tests send is running
        assertEquals(logIds.size(), snapshot.path("slow_requests_active").asInt());
    }

    @Test
    void theDefaultViewGetsTheFiftyBusiestAndEveryGroupWithHostsButNoSlotsNorSlowRecords() throws Exception {
        slowRecords("-overview");
        BlockingQueue<String> messages =
                connect("{\"type\":\"subscribe\",\"group\":null,\"process\":null,\"view\":\"overview\"}");
        JsonNode snapshot = snapshotAfterSubscribing(messages, "overview");
        Set<Long> expected = new TreeSet<>();
        for (long pid = 3010; pid < 3000 + PROCESSES; pid++) {
            expected.add(pid);
        }
        assertEquals(expected, pids(snapshot), "the 50 busiest by 1-minute throughput");
        assertEquals(0, withSlots(snapshot), "no slot arrays outside the capacity view");
        for (JsonNode p : snapshot.path("processes")) {
            assertFalse(
                    p.path("windows")
                            .path("1m")
                            .path("phases")
                            .path("request_time")
                            .has("buckets"),
                    "histograms only for a selected process");
        }
        assertEquals(0, snapshot.path("slow_requests").size());
        assertEquals(2, snapshot.path("process_groups").size());
        for (JsonNode g : snapshot.path("process_groups")) {
            assertEquals(3, g.path("hosts").asInt(), g.toString());
            assertEquals(30, g.path("processes").asInt());
        }
        assertEquals(PROCESSES, snapshot.path("processes_total").asInt(), "the header still counts every process");
        // updates stay in scope: a quiet process reporting is not sent, a busy one is
        sample(3000);
        sample(3059);
        JsonNode update = next(messages, d -> "update".equals(d.path("type").asText()) && pids(d).contains(3059L));
        assertFalse(pids(update).contains(3000L), update.toString());
        assertEquals(0, update.path("slow_requests").size());
    }

    @Test
    void aGroupOnTheCapacityViewGetsItsProcessesWithSlotsForTheBusiest24() throws Exception {
        slowRecords("-capacity");
        send(make.slow(3059, seq++, "slow-busy", 1, 1.7e9, 0, 2.5, "/busy"));
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(20)));
        BlockingQueue<String> messages =
                connect("{\"type\":\"subscribe\",\"group\":\"odd\",\"process\":null,\"view\":\"capacity\"}");
        JsonNode snapshot = snapshotAfterSubscribing(messages, "capacity");
        assertEquals(30, snapshot.path("processes").size());
        for (JsonNode p : snapshot.path("processes")) {
            assertEquals("odd", p.path("process_group").asText());
            // slots for the 24 busiest of the group: pids 3013 .. 3059 (odd)
            assertEquals(
                    p.path("pid").asLong() >= 3013,
                    p.path("latest").has("request_threads_completed"),
                    p.path("key").asText());
        }
        assertEquals(24, withSlots(snapshot), "at most 24 processes with slot arrays");
        // the slow records of the processes whose slots are drawn (a slow cell opens its record), no others
        Set<Long> slowPids = new TreeSet<>();
        snapshot.path("slow_requests").forEach(r -> slowPids.add(r.path("pid").asLong()));
        assertEquals(Set.of(3059L), slowPids);
    }

    @Test
    void oneProcessOnTheSlowViewGetsThatProcessAndItsSlowRecordsOnly() throws Exception {
        slowRecords("-slow");
        BlockingQueue<String> messages =
                connect("{\"type\":\"subscribe\",\"group\":null,\"process\":\"3001@host-1\",\"view\":\"slow\"}");
        JsonNode snapshot = next(
                messages,
                d -> "snapshot".equals(d.path("type").asText())
                        && d.path("processes").size() == 1);
        assertEquals(Set.of(3001L), pids(snapshot));
        // the selected process's windows carry its latency histogram: 2 requests of 10 ms each sample
        JsonNode phase = snapshot.path("processes")
                .get(0)
                .path("windows")
                .path("10m")
                .path("phases")
                .path("request_time");
        assertEquals(65, phase.path("buckets").size(), phase.toString());
        long inBuckets = 0;
        for (JsonNode c : phase.path("buckets")) {
            inBuckets += c.asLong();
        }
        assertEquals(phase.path("count").asLong(), inBuckets);
        assertTrue(inBuckets >= 2, phase.toString());
        assertTrue(snapshot.path("slow_requests").size() > 0);
        for (JsonNode slow : snapshot.path("slow_requests")) {
            assertEquals(3001, slow.path("pid").asLong(), slow.toString());
        }
        // a slow record of another process is not sent; one of this process is
        send(make.slow(3002, seq++, "slow-even-2", 2, 1.7e9, 0, 2.5, "/even"));
        send(make.slow(3001, seq++, "slow-odd-2", 2, 1.7e9, 0, 2.5, "/odd"));
        JsonNode update = next(
                messages,
                d -> "update".equals(d.path("type").asText())
                        && d.path("slow_requests").size() > 0);
        assertEquals(1, update.path("slow_requests").size(), update.toString());
        assertEquals(
                "slow-odd-2", update.path("slow_requests").get(0).path("log_id").asText());
    }

    @Test
    void theProcessesViewGetsEveryProcessInTheLeanForm() throws Exception {
        BlockingQueue<String> messages =
                connect("{\"type\":\"subscribe\",\"group\":null,\"process\":null,\"view\":\"processes\"}");
        JsonNode snapshot = next(
                messages,
                d -> "snapshot".equals(d.path("type").asText())
                        && !d.path("processes").path(0).has("latest"));
        assertEquals(PROCESSES, snapshot.path("processes").size());
        JsonNode p = snapshot.path("processes").get(0);
        assertTrue(p.has("state") && p.has("first_seen"), p.toString());
        assertFalse(p.has("latest") || p.has("windows"), "no sample, no windows: " + p);
    }

    @Test
    void aSubscribeMessageThatIsNotUnderstoodIsAnsweredWithWhatIsAccepted() throws Exception {
        BlockingQueue<String> messages =
                connect("{\"type\":\"subscribe\",\"group\":null,\"process\":null,\"view\":\"charts\"}");
        JsonNode error = next(messages, d -> "error".equals(d.path("type").asText()));
        String text = error.path("message").asText();
        assertTrue(text.contains("\"charts\"") && text.contains("capacity, gc, overview, processes, slow"), text);
        // the client keeps the full stream
        JsonNode snapshot = next(messages, d -> "snapshot".equals(d.path("type").asText()));
        assertEquals(PROCESSES, snapshot.path("processes").size());
    }
}
