package telemetry.ingester.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.model.StateView;
import telemetry.testing.Datagrams;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.FieldType;
import telemetry.wire.FieldValue;

/**
 * Rendering never holds up storing: while a slow HTTP client is in the middle of a multi-megabyte
 * {@code /api/state}, a WebSocket client has stopped reading its snapshot and a Prometheus scrape
 * is in flight (none of them reading), datagrams sent at full rate through the real socket keep
 * being stored, every one of them, and fresh views keep being published.
 */
class RenderingNeverBlocksIngestionTest {

    /** Requests sent to the stalled clients: enough to fill every socket buffer on the way many times over. */
    private static final int STALLED_REQUESTS = 4;

    /** Processes, each in its own group, with 1024-slot arrays: answers far larger than socket buffers (~4 MB). */
    private static final int PROCESSES = 1500;

    @Test
    void stalledReadersDoNotSlowTheStore() throws Exception {
        Path dir = Files.createTempDirectory("ingester-nonblocking");
        IngesterConfig config =
                IngesterConfig.defaults(dir.resolve("n.sock"), 0).withBroadcastPeriod(Duration.ofMillis(50));
        try (Ingester ingester = Ingester.start(config, InstantSource.system());
                AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
            sender.connect(AFUNIXSocketAddress.of(config.socketPath()));
            Datagrams make = new Datagrams();
            // /api/state, a WebSocket snapshot and /metrics of about 10 to 20 MB each
            long sent = 0;
            for (int pid = 1; pid <= PROCESSES; pid++) {
                sender.write(ByteBuffer.wrap(bigSample(make, pid, 1)));
                sent++;
            }
            assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(30)));
            int port = ingester.httpPort();

            // the stalled readers: they ask, read the first bytes, then stop reading
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < STALLED_REQUESTS; i++) {
                stalled.add(stalledRequest(port, i % 2 == 0 ? "/api/state" : "/metrics"));
            }
            CompletableFuture<Void> firstBytes = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {
                            webSocket.request(1); // one frame, then no more demand: the rest waits on the server
                        }

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            firstBytes.complete(null);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            firstBytes.get(30, TimeUnit.SECONDS);

            // full rate from another thread while everyone is stalled
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong fast = new AtomicLong();
            Thread flood = new Thread(() -> {
                try (AFUNIXDatagramChannel ch = AFUNIXDatagramChannel.open()) {
                    ch.connect(AFUNIXSocketAddress.of(config.socketPath())); // blocking: waits when the queue is full
                    Datagrams m = new Datagrams();
                    for (long seq = 1; !stop.get(); seq++) {
                        ch.write(ByteBuffer.wrap(
                                m.sample(9999, seq, "h", "flood", new double[] {0.001}, new int[] {200})));
                        fast.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            flood.start();
            long storedBefore = ingester.stored();
            long versionBefore =
                    ingester.store().fresh().get(10, TimeUnit.SECONDS).version();
            await("50,000 datagrams stored while readers were stalled")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> ingester.stored() - storedBefore >= 50_000);
            StateView during = ingester.store().fresh().get(10, TimeUnit.SECONDS);
            assertTrue(during.version() > versionBefore, "fresh views are published meanwhile");
            stop.set(true);
            flood.join(10_000);

            // the readers really were stalled in mid-answer all along
            for (Socket s : stalled) {
                assertTrue(s.getInputStream().available() > 0 || !s.isClosed(), "still connected, answer not read");
            }
            long total = sent + fast.get();
            assertTrue(ingester.awaitStored(total, Duration.ofSeconds(30)), "every datagram sent was stored");
            StateView after = ingester.store().fresh().get(10, TimeUnit.SECONDS);
            assertEquals(total, after.counters().stored());
            assertEquals(0, after.counters().drops(), "no datagram lost");
            assertEquals(0, after.counters().ringOverflows());
            assertEquals(fast.get(), after.process("9999@h").requestsTotal());

            // and once they read, they get complete answers
            for (Socket s : stalled) {
                byte[] rest = s.getInputStream().readAllBytes(); // after "HTTP/1.1 200"
                String text = new String(rest, StandardCharsets.ISO_8859_1);
                int split = text.indexOf("\r\n\r\n");
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
                        .matcher(text.substring(0, split));
                assertTrue(length.find(), text.substring(0, split));
                assertTrue(
                        Long.parseLong(length.group(1)) > 8_000_000,
                        "an answer larger than the socket buffers: " + length.group(1));
                assertEquals(Long.parseLong(length.group(1)), rest.length - split - 4, "the whole answer arrives");
                s.close();
            }
            ws.abort();
        }
    }

    /** Sends a GET with a tiny receive buffer, reads a few bytes of the answer and leaves the rest unread. */
    private static Socket stalledRequest(int port, String path) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        byte[] head = new byte[12];
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            assertTrue(r > 0, "the answer starts");
            n += r;
        }
        assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.ISO_8859_1));
        return s;
    }

    private static byte[] bigSample(Datagrams make, int pid, long seq) {
        Datagram d = Datagrams.decode(make.sample(pid, seq, "h", "group-" + pid, new double[] {0.01}, new int[] {200}));
        double[] busy = new double[1024];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = (pid * 31 + i) % 1000 / 1000.0 + 0.000123;
        }
        List<FieldValue> fields = new ArrayList<>(d.fields());
        fields.add(new FieldValue(Field.REQUEST_THREADS_BUSY_TIME.id(), FieldType.F64_ARRAY, busy));
        return make.of(d.kind(), d.pid(), d.seq(), fields.toArray(FieldValue[]::new));
    }
}
