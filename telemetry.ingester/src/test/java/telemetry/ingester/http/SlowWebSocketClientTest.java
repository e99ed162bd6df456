package telemetry.ingester.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
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

import com.fasterxml.jackson.databind.JsonNode;

import telemetry.testing.Datagrams;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.JsonTrees;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.FieldType;
import telemetry.wire.FieldValue;

/**
 * A WebSocket client that stops reading: ingestion goes on, the client's queue stays bounded, and
 * when it reads again it gets a new snapshot, never an update that skips one.
 */
class SlowWebSocketClientTest {

    @Test
    void aClientThatFallsBehindIsResynchronisedWithASnapshot() throws Exception {
        Path dir = Files.createTempDirectory("ingester-slow");
        IngesterConfig config = IngesterConfig.defaults(dir.resolve("s.sock"), 0).withBroadcastPeriod(Duration.ofMillis(50));
        try (Ingester ingester = Ingester.start(config, InstantSource.system())) {
            fill(ingester, 200);
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
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", base)
                    .buildAsync(URI.create("ws://127.0.0.1:" + ingester.httpPort() + "/ws"), listener)
                    .get(10, TimeUnit.SECONDS);
            JsonNode first = JsonTrees.parse(messages.poll(20, TimeUnit.SECONDS));
            assertEquals("snapshot", first.get("type").asText());

            // not reading now: ingestion continues, the server marks the client as behind
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long stored = ingester.stored();
            do {
                assertTrue(System.nanoTime() < deadline, "the stalled client was never marked behind");
                fill(ingester, 5);
                Thread.sleep(20);
            } while (ingester.http().broadcaster().resyncs() == 0);
            assertTrue(ingester.stored() > stored, "ingestion went on while the client stalled");

            // reading again: what arrives is consistent
            socket.set(ws);
            ws.request(1);
            List<JsonNode> received = new ArrayList<>();
            received.add(first);
            boolean snapshotAgain = false;
            while (!snapshotAgain || received.size() < 4) {
                String text = messages.poll(20, TimeUnit.SECONDS);
                assertTrue(text != null, "messages keep coming");
                JsonNode m = JsonTrees.parse(text);
                JsonNode previous = received.get(received.size() - 1);
                if (m.get("type").asText().equals("update")) {
                    assertEquals(previous.get("seq").asLong() + 1, m.get("seq").asLong(),
                            "an update always follows the message before it");
                } else {
                    assertEquals("snapshot", m.get("type").asText());
                    snapshotAgain = true;
                }
                received.add(m);
            }
            ws.abort();
        }
    }

    private static final SplittableRandom RANDOM = new SplittableRandom(3);

    /** Stores samples with large slot arrays (so each message is a few MB) straight into the store (on its thread). */
    private static void fill(Ingester ingester, int processes) throws Exception {
        Datagrams make = new Datagrams();
        for (int pid = 1; pid <= processes; pid++) {
            Datagram d = Datagrams.decode(make.sample(pid, RANDOM.nextInt(1000) + 1, "h", "g", new double[] {0.01},
                    new int[] {200}));
            List<FieldValue> fields = new ArrayList<>(d.fields());
            double[] busy = new double[1024];
            for (int i = 0; i < busy.length; i++) {
                busy[i] = RANDOM.nextDouble();
            }
            fields.add(new FieldValue(Field.REQUEST_THREADS_BUSY_TIME.id(), FieldType.F64_ARRAY, busy));
            Datagram big = Datagram.of(d.kindCode(), d.pid(), d.seq(), d.stamp(), fields);
            ingester.store().call(store -> {
                store.apply(big);
                return null;
            }).get(10, TimeUnit.SECONDS);
        }
    }
}
