package telemetry.ingester;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.wire.ProcessIdentity;
import telemetry.wire.RecordWriter;
import telemetry.wire.SlowRequest;
import telemetry.wire.WireEncoder;

/**
 * A hostile string in every text field a datagram can carry (path, user agent, log id, hostname,
 * process group) through the real socket into the real {@code serve} and {@code dump} processes:
 * the JSON gives each string back exactly and contains no {@code <} or control character, the
 * Prometheus exposition passes {@code promtool check metrics}, and neither dump format lets a
 * control character reach the terminal. (The browser UI and {@code top} have their own tests.)
 */
class HostileStringsIT {

    private static final String JAR = System.getProperty("ingester.jar", "target/telemetry-ingester.jar");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String PATH = "/a<img src=x onerror=alert(1)></script>\u001b]0;pwned\u0007\u001b[2J\"\\";
    private static final String AGENT = "Mozilla</script><script>alert(1)</script>\u001b[31m\r\n";
    private static final String LOG_ID = "\"><svg onload=alert(1)>";
    private static final String HOST = "host\"} 1\nevil_metric{x=\"";
    private static final String GROUP = "grp\"} 2\n# TYPE x counter\u001b[2J\\";

    private record Identity(
            long pid,
            String modWsgiVersion,
            String pythonVersion,
            String apacheVersion,
            String mpmName,
            String hostname,
            String processGroup,
            long processParentPid)
            implements ProcessIdentity {}

    private record Slow(
            boolean completed,
            double startStamp,
            double duration,
            long threadId,
            String logId,
            String method,
            String scheme,
            String hostname,
            String scriptName,
            String pathInfo,
            String protocol,
            String peerIp,
            String userAgent,
            double serverTime,
            double applicationTime,
            long inputBytes,
            long inputReads,
            long outputBytes,
            long outputWrites,
            double inputReadTime,
            double outputWriteTime,
            long status,
            double cpuUserTime,
            long activeAtStart,
            long activeAtCompletion)
            implements SlowRequest {}

    private static List<byte[]> datagrams() {
        Identity who = new Identity(4711, "1.0.0", "17", "Apache Felix/7.0.5", "jetty", HOST, GROUP, 1);
        double now = System.currentTimeMillis() / 1000.0;
        Slow slow = new Slow(
                true,
                now - 3,
                2.5,
                42,
                LOG_ID,
                "GET",
                "http",
                HOST,
                "",
                PATH,
                "HTTP/1.1",
                "127.0.0.1",
                AGENT,
                2.5,
                2.4,
                0,
                0,
                10,
                1,
                0,
                0,
                200,
                0.1,
                1,
                1);
        RecordWriter writer = new RecordWriter(new WireEncoder(ByteBuffer.allocate(65_536)));
        List<byte[]> out = new ArrayList<>();
        out.add(bytes(writer.started(who, 1, now - 4)));
        out.add(bytes(writer.slow(who, 2, now, slow)));
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static void send(Path socket, List<byte[]> datagrams) throws Exception {
        try (AFUNIXDatagramChannel ch = AFUNIXDatagramChannel.open()) {
            ch.connect(AFUNIXSocketAddress.of(socket));
            for (byte[] d : datagrams) {
                ch.write(ByteBuffer.wrap(d));
            }
        }
    }

    private static Process java(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c != '\n' && (Character.isISOControl(c) || c == 0x7f));
    }

    @Test
    void jsonPrometheusAndDumpShowHostileStringsSafely(@TempDir Path dir) throws Exception {
        List<byte[]> hostile = datagrams();

        // serve: JSON and Prometheus
        Path socket = dir.resolve("s.sock");
        Process serve = java("serve", "--listen", "unix:" + socket, "--http-port", "0");
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String base = null;
            Pattern port = Pattern.compile("\\(port (\\d+)\\)");
            for (String line; base == null && (line = out.readLine()) != null; ) {
                Matcher m = port.matcher(line);
                if (m.find()) {
                    base = "http://127.0.0.1:" + m.group(1);
                }
            }
            assertTrue(base != null, "serve printed its port");
            send(socket, hostile);
            HttpClient http = HttpClient.newHttpClient();
            String state0 = base + "/api/state";
            String body = await("the slow record in /api/state")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> http.send(
                                            HttpRequest.newBuilder(URI.create(state0))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body(),
                            b -> JsonTrees.parse(b).path("slow_requests").size() > 0);
            JsonNode state = JsonTrees.parse(body);
            JsonNode slow = state.path("slow_requests").get(0);
            assertEquals(PATH, slow.path("path_info").asText(), "path given back exactly");
            assertEquals(LOG_ID, slow.path("log_id").asText(), "log id given back exactly");
            assertTrue(
                    body.contains("alert(1)") && !body.contains("<") && !body.contains(">"),
                    "no raw < or > anywhere in the JSON (HTML-safe escapes)");
            assertFalse(hasControl(body), "no raw control character in the JSON");
            JsonNode process = state.path("processes").get(0);
            assertEquals(HOST, process.path("hostname").asText());
            assertEquals(GROUP, process.path("process_group").asText());
            assertEquals(AGENT, slow.path("fields").path("user_agent").asText(), "user agent given back exactly");

            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertFalse(
                    metrics.lines().anyMatch(l -> l.startsWith("evil_metric") || l.startsWith("# TYPE x ")),
                    "a label value cannot start a line of its own");
            Path exposition = Files.writeString(dir.resolve("metrics.txt"), metrics, StandardCharsets.UTF_8);
            Process promtool = new ProcessBuilder("sh", "-c", "promtool check metrics < " + exposition)
                    .redirectErrorStream(true)
                    .start();
            String checked = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(promtool.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, promtool.exitValue(), "promtool check metrics: " + checked);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }

        // dump, both formats: nothing from a datagram reaches the terminal as a control character.
        for (String format : List.of("text", "json")) {
            Path dumpSocket = dir.resolve("d-" + format + ".sock");
            Process dump = java("dump", "--listen", "unix:" + dumpSocket, "--format", format, "--count", "2");
            try {
                await("dump's socket")
                        .atMost(WAIT)
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> Files.exists(dumpSocket));
                send(dumpSocket, hostile);
                assertTrue(dump.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "dump --count 2 ends");
                String printed = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, dump.exitValue(), printed);
                assertFalse(
                        hasControl(printed), "dump --format " + format + " printed a control character: " + printed);
                if (format.equals("json")) {
                    List<JsonNode> lines = printed.lines()
                            .filter(l -> l.startsWith("{"))
                            .map(JsonTrees::parse)
                            .toList();
                    assertEquals(2, lines.size(), printed);
                    assertEquals(
                            Map.of("path", PATH, "agent", AGENT),
                            Map.of(
                                    "path",
                                            lines.get(1)
                                                    .path("fields")
                                                    .path("slow_path_info")
                                                    .asText(),
                                    "agent",
                                            lines.get(1)
                                                    .path("fields")
                                                    .path("slow_user_agent")
                                                    .asText()),
                            "dump --format json gives the strings back exactly");
                } else {
                    assertTrue(printed.contains("onerror=alert(1)"), "the path is shown, as text: " + printed);
                }
            } finally {
                dump.destroyForcibly();
            }
        }
    }
}
