package telemetry.ingester.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.JsonTrees;
import telemetry.testing.Datagrams;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.FieldType;
import telemetry.wire.FieldValue;
import telemetry.wire.Kind;

/**
 * A WebSocket client that stops reading: ingestion goes on, the client's queue stays bounded, and
 * when it reads again it gets a new snapshot, never an update that skips one. The datagrams go
 * through the ingester's real socket.
 */
class SlowWebSocketClientTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final Datagrams make = new Datagrams();
    private long sent;

    @Test
    void aClientThatFallsBehindIsResynchronisedWithASnapshot() throws Exception {
        Path dir = Files.createTempDirectory("ingester-slow");
        IngesterConfig config =
                IngesterConfig.defaults(dir.resolve("s.sock"), 0).withBroadcastPeriod(Duration.ofMillis(50));
        try (Ingester ingester = Ingester.start(config, InstantSource.system());
                AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
            sender.connect(AFUNIXSocketAddress.of(config.socketPath()));
            fill(sender, 200);
            assertTrue(ingester.awaitStored(sent, WAIT), "the first 200 samples stored");
            BlockingQueue<String> messages = new LinkedBlockingQueue<>();
            AtomicReference<WebSocket> socket = new AtomicReference<>();
            WebSocket.Listener listener = new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public void onOpen(WebSocket webSocket) {
                    webSocket.request(1);
                }

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        messages.add(partial.toString());
                        partial.setLength(0);
                    }
                    if (!last || socket.get() != null) {
                        webSocket.request(1); // keep reading a message once started, and after the pause
                    }
                    return null;
                }
            };
            String base = "http://127.0.0.1:" + ingester.httpPort();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", base)
                    .buildAsync(URI.create("ws://127.0.0.1:" + ingester.httpPort() + "/ws"), listener)
                    .get(10, TimeUnit.SECONDS);
            JsonNode first = JsonTrees.parse(messages.poll(20, TimeUnit.SECONDS));
            assertEquals("snapshot", first.get("type").asText());

            // not reading now: ingestion continues, the server marks the client as behind
            long before = sent;
            await("the stalled client marked behind")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        fill(sender, 5);
                        return ingester.http().broadcaster().resyncs() > 0;
                    });
            assertTrue(sent > before);
            assertTrue(ingester.awaitStored(sent, WAIT), "ingestion went on while the client stalled");
            assertEquals(sent, ingester.counters().received(), "every datagram sent came through the socket");

            // reading again: what arrives is consistent
            socket.set(ws);
            ws.request(1);
            List<JsonNode> received = new ArrayList<>();
            received.add(first);
            boolean[] snapshotAgain = {false};
            await("a snapshot again, then updates")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        String text = messages.poll(20, TimeUnit.SECONDS);
                        assertNotNull(text, "messages keep coming");
                        JsonNode m = JsonTrees.parse(text);
                        JsonNode previous = received.get(received.size() - 1);
                        if (m.get("type").asText().equals("update")) {
                            assertEquals(
                                    previous.get("seq").asLong() + 1,
                                    m.get("seq").asLong(),
                                    "an update always follows the message before it");
                        } else {
                            assertEquals("snapshot", m.get("type").asText());
                            snapshotAgain[0] = true;
                        }
                        received.add(m);
                        return snapshotAgain[0] && received.size() >= 4;
                    });
            ws.abort();
        }
    }

    private static final SplittableRandom RANDOM = new SplittableRandom(3);

    /** Sends samples with large slot arrays (so each message is a few MB) to the ingester's socket. */
    private void fill(AFUNIXDatagramChannel sender, int processes) throws Exception {
        for (int pid = 1; pid <= processes; pid++) {
            Datagram d = Datagrams.decode(
                    make.sample(pid, RANDOM.nextInt(1000) + 1, "h", "g", new double[] {0.01}, new int[] {200}));
            List<FieldValue> fields = new ArrayList<>(d.fields());
            double[] busy = new double[1024];
            for (int i = 0; i < busy.length; i++) {
                busy[i] = RANDOM.nextDouble();
            }
            fields.add(new FieldValue(Field.REQUEST_THREADS_BUSY_TIME.id(), FieldType.F64_ARRAY, busy));
            sender.write(ByteBuffer.wrap(
                    make.of(Kind.REQUEST_METRICS, d.pid(), d.seq(), fields.toArray(FieldValue[]::new))));
            sent++;
        }
    }
}
