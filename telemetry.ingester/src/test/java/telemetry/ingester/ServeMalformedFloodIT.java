package telemetry.ingester;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * More than 100,000 malformed and mutated datagrams through the real socket into the real
 * {@code serve} process, run with a small heap (room for the receive queue's 64 MiB ceiling): every datagram is counted, the invalid ones exactly,
 * the process stays up, its JSON and Prometheus outputs stay well-formed, and a valid process sent
 * between the bad datagrams is stored intact.
 */
class ServeMalformedFloodIT {

    private static final String JAR = System.getProperty("ingester.jar", "target/telemetry-ingester.jar");
    private static final Path VECTORS = Path.of(System.getProperty("telemetry.shared", "../../shared"), "vectors");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int ROUNDS = 9_000;

    @Test
    void floodOfBadDatagramsIsCountedAndNeverFatal(@TempDir Path dir) throws Exception {
        List<byte[]> invalid = new ArrayList<>();
        try (Stream<Path> files = Files.list(VECTORS.resolve("invalid"))) {
            // empty.bin is left out: a write of zero bytes through junixsocket sends no datagram at all.
            for (Path f : files.filter(f -> f.toString().endsWith(".bin") && !f.endsWith("empty.bin"))
                    .sorted()
                    .toList()) {
                invalid.add(Files.readAllBytes(f));
            }
        }
        assertTrue(invalid.size() >= 8, "the shared invalid vectors");
        byte[] valid = Files.readAllBytes(VECTORS.resolve("request_busy.bin"));

        Path socket = dir.resolve("flood.sock");
        // A small heap: memory that grew with the flood would end the process, and the test with it.
        Process serve = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx192m",
                        "-jar",
                        JAR,
                        "serve",
                        "--listen",
                        "unix:" + socket,
                        "--http-port",
                        "0")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            out.readLine();
            Matcher port = Pattern.compile("\\(port (\\d+)\\)").matcher(String.valueOf(out.readLine()));
            assertTrue(port.find(), "serve prints its HTTP port");
            String base = "http://127.0.0.1:" + port.group(1);
            Thread drain = new Thread(() -> out.lines().forEach(line -> {}), "serve-output");
            drain.setDaemon(true);
            drain.start();

            long sentInvalid = (long) ROUNDS * invalid.size();
            long sentMutated = ROUNDS * 3L;
            long sentValid = ROUNDS;
            // Blocking sends wait while the ingester's queue is full; if it stopped draining they would
            // wait forever, so they run on their own thread and the test waits with a deadline.
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                Random random = new Random(20261129L);
                try (AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
                    sender.connect(AFUNIXSocketAddress.of(socket));
                    for (int round = 0; round < ROUNDS; round++) {
                        for (byte[] bad : invalid) {
                            sender.write(ByteBuffer.wrap(bad));
                        }
                        // One valid sample of pid 4242, seq counting up: it must come through whole.
                        sender.write(ByteBuffer.wrap(withPidAndSeq(valid, 4242, round + 1)));
                        // Mutations: the header kept (pid 7000+), bytes flipped, cut or grown with garbage.
                        for (int m = 0; m < 3; m++) {
                            sender.write(ByteBuffer.wrap(mutate(valid, random, 7000 + m)));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                flood.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError(
                        "serve stopped draining its socket within " + WAIT + " (alive: " + serve.isAlive() + ")");
            }
            long sent = sentInvalid + sentValid + sentMutated;
            assertTrue(sent >= 100_000, "at least 100,000 datagrams: " + sent);

            HttpClient http = HttpClient.newHttpClient();
            // Received counts at the socket, decoding happens later on the store thread: wait until
            // the store had the last valid sample too (everything before it in the queue is decoded).
            String stateUrl = base + "/api/state";
            JsonNode state = await("every datagram received and the last valid sample stored")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> JsonTrees.parse(get(http, stateUrl)),
                            s -> s.path("total_received").asLong() >= sent && lastSeqOf(s, 4242) == ROUNDS);
            assertTrue(serve.isAlive(), "serve survived the flood");
            assertEquals(sent, state.path("total_received").asLong(), "every datagram counted");
            long errors = state.path("decode_errors").asLong();
            assertTrue(
                    errors >= sentInvalid && errors <= sentInvalid + sentMutated,
                    "decode_errors " + errors + " counts the " + sentInvalid + " invalid ones, and at most the "
                            + sentMutated + " mutated ones besides");
            JsonNode process = null;
            for (JsonNode p : state.path("processes")) {
                if (p.path("pid").asLong() == 4242) {
                    process = p;
                }
            }
            assertTrue(process != null, "the valid process was stored");
            assertEquals(0, process.path("drops").asLong(), "no seq gap for the valid process");
            assertTrue(
                    get(http, base + "/metrics").contains("telemetry_ingester_decode_errors_total"),
                    "the Prometheus exposition still renders");
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private static long lastSeqOf(JsonNode state, long pid) {
        for (JsonNode p : state.path("processes")) {
            if (p.path("pid").asLong() == pid) {
                return p.path("last_seq").asLong();
            }
        }
        return -1;
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> url + " answered " + response.body());
        return response.body();
    }

    private static byte[] withPidAndSeq(byte[] datagram, int pid, int seq) {
        byte[] copy = datagram.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(8, pid).putInt(12, seq);
        return copy;
    }

    private static byte[] mutate(byte[] datagram, Random random, int pid) {
        byte[] copy = withPidAndSeq(datagram, pid, random.nextInt(1_000_000));
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    int at = 24 + random.nextInt(copy.length - 24);
                    copy[at] = (byte) random.nextInt(256);
                }
                return copy;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(copy, 24 + random.nextInt(copy.length - 24));
            }
            default -> {
                byte[] grown = java.util.Arrays.copyOf(copy, copy.length + 1 + random.nextInt(64));
                for (int i = copy.length; i < grown.length; i++) {
                    grown[i] = (byte) random.nextInt(256);
                }
                return grown;
            }
        }
    }
}
