package telemetry.ingester.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.MutableClock;
import telemetry.testing.Datagrams;

/**
 * {@code GET /api/history?group=NAME} of a real ingester under {@code --root-path}: a group's
 * processes' history points summed per step, with every value written out by hand; and, beside it,
 * the {@code ?process=} document of one of those processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupHistoryHttpTest {

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final Datagrams make = new Datagrams();
    private Path dir;
    private Ingester ingester;
    private AFUNIXDatagramChannel sender;
    private long sent;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-group-history");
        IngesterConfig config =
                IngesterConfig.defaults(dir.resolve("t.sock"), 0).withProxy("/telemetry", List.of());
        ingester = Ingester.start(config, clock);
        sender = AFUNIXDatagramChannel.open();
        sender.connect(AFUNIXSocketAddress.of(config.socketPath()));
        // second 0: two processes of "shop" (3 requests, one 404) and one of "other"
        send(make.sample(1, 1, "host-a", "shop", new double[] {0.0625}, new int[] {200}));
        send(make.sample(2, 1, "host-b", "shop", new double[] {0.015625, 0.03125}, new int[] {200, 404}));
        send(make.sample(3, 1, "host-a", "other", new double[] {0.25}, new int[] {500}));
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(10)));
        // second 1: only pid 1 (2 requests, one 500)
        clock.advance(Duration.ofSeconds(1));
        send(make.sample(1, 2, "host-a", "shop", new double[] {0.125, 0.125}, new int[] {500, 200}));
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(10)));
    }

    @AfterAll
    void stop() throws Exception {
        sender.close();
        ingester.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private void send(byte[] datagram) throws Exception {
        sender.write(ByteBuffer.wrap(datagram));
        sent++;
    }

    private RawHttp.Reply get(String target) throws Exception {
        return RawHttp.request(
                ingester.httpPort(), "GET " + target + " HTTP/1.1", "Host: 127.0.0.1:" + ingester.httpPort());
    }

    @Test
    void aGroupsHistorySumsItsProcessesPointsStepByStep() throws Exception {
        RawHttp.Reply r = get("/telemetry/api/history?group=shop");
        assertEquals(200, r.status(), r.head() + r.body());
        // second 0: 1 + 2 requests/s; capacity 0.25 of 4 slots each; 0.75 + 0.75 cores; 100 + 100 MiB;
        // mean (0.0625 + 2 × 0.0234375) / 3; p95 the larger of the samples' (0.0625 s in bucket 56–64 ms:
        // 56 + 0.95 × 8 ms, as a float). Second 1: pid 1 alone.
        assertEquals(
                "{\"process_group\":\"shop\",\"processes\":2,\"points\":["
                        + "{\"time\":1800000000.0,\"processes\":2,\"samples\":2,\"request_count\":3,\"request_throughput\":3.0,"
                        + "\"capacity_utilization\":0.25,\"cpu_utilization\":1.5,\"memory_rss\":209715200,"
                        + "\"request_time\":0.036458333333333336,\"request_time_p95\":" + (double) (float) 0.0636
                        + ",\"status_4xx_total\":1,\"status_5xx_total\":0},"
                        + "{\"time\":1800000001.0,\"processes\":1,\"samples\":1,\"request_count\":2,\"request_throughput\":2.0,"
                        + "\"capacity_utilization\":0.25,\"cpu_utilization\":0.75,\"memory_rss\":104857600,"
                        + "\"request_time\":0.125,\"request_time_p95\":" + (double) (float) 0.1272
                        + ",\"status_4xx_total\":0,\"status_5xx_total\":1}]}",
                r.body().trim());
    }

    @Test
    void aProcessHistoryHasItsStampsWhereTheGroupsHasProcessCounts() throws Exception {
        RawHttp.Reply r = get("/telemetry/api/history?process=1@host-a");
        assertEquals(200, r.status(), r.head() + r.body());
        // pid 1 alone: second 0 one request of 0.0625 s (p95 56 + 0.95 × 8 ms), second 1 two of 0.125 s
        // (p95 in bucket 112–128 ms), one a 500; every sample stamped 1.7e9 by its sender.
        assertEquals(
                "{\"key\":\"1@host-a\",\"pid\":1,\"hostname\":\"host-a\",\"process_group\":\"shop\",\"points\":["
                        + "{\"time\":1800000000.0,\"stamp\":1700000000.0,\"samples\":1,\"request_count\":1,"
                        + "\"request_throughput\":1.0,\"capacity_utilization\":0.25,\"cpu_utilization\":0.75,"
                        + "\"memory_rss\":104857600,\"request_time\":0.0625,\"request_time_p95\":"
                        + (double) (float) 0.0636
                        + ",\"status_4xx_total\":0,\"status_5xx_total\":0},"
                        + "{\"time\":1800000001.0,\"stamp\":1700000000.0,\"samples\":1,\"request_count\":2,"
                        + "\"request_throughput\":2.0,\"capacity_utilization\":0.25,\"cpu_utilization\":0.75,"
                        + "\"memory_rss\":104857600,\"request_time\":0.125,\"request_time_p95\":"
                        + (double) (float) 0.1272
                        + ",\"status_4xx_total\":0,\"status_5xx_total\":1}],\"gc_pauses\":[]}",
                r.body().trim());
    }

    @Test
    void anUnknownGroupIsNotFoundAndAnAmbiguousQueryIsNamed() throws Exception {
        RawHttp.Reply unknown = get("/telemetry/api/history?group=nobody");
        assertEquals(404, unknown.status(), unknown.head());
        assertTrue(unknown.body().contains("No process in group &apos;nobody&apos;: give ?group=NAME"), unknown.body());
        RawHttp.Reply both = get("/telemetry/api/history?group=shop&process=1@host-a");
        assertEquals(400, both.status(), both.head());
        assertTrue(both.body().contains("expected either ?process=PID@HOSTNAME or ?group=NAME"), both.body());
        RawHttp.Reply neither = get("/telemetry/api/history");
        assertEquals(400, neither.status(), neither.head());
        assertTrue(neither.body().contains("or ?group=NAME"), neither.body());
        // outside the root path there is no API
        assertEquals(404, get("/api/history?group=shop").status());
    }
}
