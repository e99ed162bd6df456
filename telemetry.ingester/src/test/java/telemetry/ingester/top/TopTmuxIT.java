package telemetry.ingester.top;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.testing.Datagrams;

/**
 * The real {@code top} in a real terminal (tmux, 120×40) against a real {@code serve} fed by
 * {@code simulate}: what each key shows is checked against the ingester's own {@code /api/state}.
 * The steps build on each other (the last ones stop and restart the ingester), hence the order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopTmuxIT {

    private static final String JAR = System.getProperty("ingester.jar", "target/telemetry-ingester.jar");
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Datagrams MAKE = new Datagrams();

    private final HttpClient http = HttpClient.newHttpClient();
    private Path dir;
    private Path socket;
    private int port;
    private Process serve;
    private Process simulate;
    private Tmux tmux;
    private JsonNode state;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("top-it");
        socket = dir.resolve("t.sock");
        serve = serve(0);
        // a finished simulation: its figures stay put while the views are checked
        Process finite = java(
                "simulate",
                "--target",
                "unix:" + socket,
                "--processes",
                "4",
                "--groups",
                "2",
                "--duration",
                "6s",
                "--slow-probability",
                "0.5",
                "--interval",
                "1s");
        assertTrue(finite.waitFor(120, TimeUnit.SECONDS), "simulate --duration 6s ended");
        // slow requests on known paths (the simulation's are random), as real datagrams
        send(MAKE.started(555, 1, "web-1", "group-a"));
        send(MAKE.slow(555, 2, "555-a1", 1, 1.7e9, 1, 2.5, "/alpha/one"));
        send(MAKE.slow(555, 3, "555-a2", 2, 1.7e9, 1, 3.5, "/alpha/two"));
        send(MAKE.slow(555, 4, "555-b1", 3, 1.7e9, 1, 4.5, "/beta/one"));
        state = awaitState("five processes and only completed slow records", s -> {
            boolean settled = s.path("processes").size() == 5;
            for (JsonNode r : s.path("slow_requests")) {
                settled &= r.path("state").asText().equals("completed");
            }
            return settled && s.path("slow_requests").size() >= 3;
        });
        tmux = new Tmux(120, 40, "bash --norc --noprofile");
        tmux.type(JAVA + " -jar " + JAR + " top --url ws://127.0.0.1:" + port + "/ws; echo TOP-EXIT=$?; stty -a");
        tmux.keys("Enter");
        tmux.awaitText("the processes view, live", t -> t.contains(" LIVE") && t.contains("REQUESTS"));
    }

    @AfterAll
    void stop() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
        for (Process p : new Process[] {simulate, serve}) {
            if (p != null) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ---- the views

    @Test
    @Order(1)
    void processesShowEveryPidWithItsLifetimeRequests() throws Exception {
        for (String key : new String[] {"2", "p"}) {
            tmux.keys(key);
            List<String> screen = tmux.awaitText("the process table", t -> t.contains("REQUESTS"));
            for (JsonNode p : state.path("processes")) {
                Pattern row = Pattern.compile("\\s+" + p.path("pid").asLong() + "\\s+"
                        + p.path("hostname").asText()
                        + "\\s+" + p.path("process_group").asText() + "\\s+"
                        + p.path("state").asText() + "\\s.*\\s"
                        + p.path("requests_total").asLong() + "\\s*");
                assertTrue(
                        screen.stream().anyMatch(l -> row.matcher(l).matches()),
                        row + " in\n" + String.join("\n", screen));
            }
        }
    }

    @Test
    @Order(2)
    void everyViewKeyShowsItsViewWithTheIngestersFigures() throws Exception {
        tmux.keys("t"); // window 10m: the finished simulation's figures hold still in it
        tmux.awaitText("window 10m", t -> t.contains("window 10m"));
        long count = 0;
        for (JsonNode g : state.path("process_groups")) {
            count += g.path("windows")
                    .path("10m")
                    .path("phases")
                    .path("request_time")
                    .path("count")
                    .asLong();
        }
        String requests = String.format(Locale.ROOT, "%,d", count);
        for (String key : new String[] {"1", "o"}) {
            tmux.keys(key);
            tmux.awaitText(
                    "the overview with " + requests + " requests",
                    t -> t.contains("throughput req/s")
                            && Pattern.compile("(?m)^ request_time .* " + Pattern.quote(requests) + "\\s*$")
                                    .matcher(t)
                                    .find());
        }
        for (String key : new String[] {"3", "w"}) {
            tmux.keys(key);
            List<String> screen = tmux.awaitText("the workers", t -> t.contains("WORKER SLOTS"));
            for (JsonNode p : state.path("processes")) {
                int slots = p.path("latest").path("request_threads_maximum").asInt();
                Pattern row = Pattern.compile("\\s+" + p.path("pid").asLong() + " .*/" + slots + "\\s+" + slots
                        + "\\s*[·▪■█]{" + slots + "}\\s*");
                assertTrue(
                        screen.stream().anyMatch(l -> row.matcher(l).matches()),
                        row + "\n" + String.join("\n", screen));
            }
        }
        for (String key : new String[] {"4", "l"}) {
            tmux.keys(key);
            tmux.awaitText(
                    "the latency histogram of " + requests + " requests",
                    t -> t.contains("request_time  window 10m  " + requests + " requests") && t.contains("◀ p50"));
        }
        tmux.keys("f"); // one group: the percentiles are the ingester's own
        JsonNode first = state.path("process_groups").get(0);
        JsonNode rt = first.path("windows").path("10m").path("phases").path("request_time");
        String p95 = "p95 " + ms(rt.path("p95").asDouble());
        tmux.awaitText(
                "group " + first.path("process_group").asText() + " with " + p95,
                t -> t.contains("scope group " + first.path("process_group").asText())
                        && t.contains(p95)
                        && t.contains("p50 " + ms(rt.path("p50").asDouble()))
                        && t.contains("p99 " + ms(rt.path("p99").asDouble())));
        tmux.keys("f", "f");
        tmux.awaitText("all groups again", t -> t.contains("scope all groups"));
        for (String key : new String[] {"5", "s"}) {
            tmux.keys(key);
            List<String> screen = tmux.awaitText("the slow requests", t -> t.contains("LOG ID"));
            for (JsonNode r : state.path("slow_requests")) {
                String id = r.path("log_id").asText();
                assertTrue(
                        screen.stream()
                                .anyMatch(l -> l.contains(" " + id + " ")
                                        && l.contains(" " + r.path("pid").asLong() + " ")
                                        && l.contains(String.format(
                                                Locale.ROOT,
                                                "%.2f",
                                                r.path("duration").asDouble()))),
                        id + " in\n" + String.join("\n", screen));
            }
        }
        for (String key : new String[] {"6", "e"}) {
            tmux.keys(key);
            List<String> screen = tmux.awaitText("the lifecycle events", t -> t.contains("EVENT"));
            for (JsonNode p : state.path("processes")) {
                long pid = p.path("pid").asLong();
                boolean stopped = p.path("state").asText().equals("stopped");
                for (String kind : stopped
                        ? new String[] {"process_started", "process_stopped"}
                        : new String[] {"process_started"}) {
                    assertTrue(
                            screen.stream().anyMatch(l -> l.matches(".* " + kind + "\\s+" + pid + " .*")),
                            kind + " " + pid + "\n" + String.join("\n", screen));
                }
            }
        }
        for (String key : new String[] {"7", "g"}) {
            tmux.keys(key);
            // simulate sends JVM-shaped gc records: the view lists the processes that report them
            tmux.awaitText(
                    "the GC view with the simulated processes' GC data",
                    t -> t.contains("PAUSES y/m/f") && gcPids().stream().anyMatch(pid -> t.contains(" " + pid + " ")));
            tmux.keys("p");
            tmux.awaitText("the processes again", t -> t.contains("REQUESTS"));
        }
        tmux.keys("t");
        tmux.awaitText("window 10s", t -> t.contains("window 10s"));
        tmux.keys("t");
        tmux.awaitText("window 1m", t -> t.contains("window 1m"));
    }

    @Test
    @Order(3)
    void sortingAndTheGroupFilterChangeTheRows() throws Exception {
        tmux.keys("p", "<", "<", "<", "<");
        List<String> byPid = tmux.awaitText("sorted by pid", t -> t.contains("▼PID"));
        List<Long> all = pids(state.path("processes"), null);
        assertEquals(all.stream().sorted(Comparator.reverseOrder()).toList(), pidRows(byPid), "descending");
        tmux.keys("r");
        List<String> ascending = tmux.awaitText("ascending", t -> t.contains("▲PID"));
        assertEquals(all.stream().sorted().toList(), pidRows(ascending));

        String group = state.path("process_groups").get(0).path("process_group").asText();
        tmux.keys("f");
        List<String> filtered = tmux.awaitText("group " + group, t -> t.contains("scope group " + group));
        List<Long> inGroup = pids(state.path("processes"), group);
        assertEquals(inGroup.stream().sorted().toList(), pidRows(filtered));
        assertTrue(inGroup.size() < all.size());
        tmux.keys("f", "f");
        tmux.awaitText("all groups", t -> t.contains("scope all groups"));
    }

    @Test
    @Order(4)
    void searchNarrowsTheSlowList() throws Exception {
        List<JsonNode> records = StreamSupport.stream(
                        state.path("slow_requests").spliterator(), false)
                .toList();
        String search = "/alpha/";
        long matching = records.stream()
                .filter(r -> r.path("path_info").asText().contains(search))
                .count();
        tmux.keys("s");
        List<String> before = tmux.awaitText("the slow list", t -> t.contains("LOG ID"));
        assertEquals(records.size(), slowRows(before).size());
        tmux.keys("/");
        tmux.awaitText("the search prompt", t -> t.contains("search path:"));
        tmux.type(search);
        tmux.keys("Enter");
        List<String> after = tmux.awaitText("paths containing " + search, t -> t.contains("path contains \"" + search));
        List<String> rows = slowRows(after);
        assertEquals(matching, rows.size(), String.join("\n", after));
        assertTrue(rows.stream().allMatch(r -> r.contains(search)));
        assertTrue(rows.size() < records.size());
        tmux.keys("/", "C-u", "Enter");
        tmux.await("the whole list again", WAIT, s -> slowRows(s).size() == records.size());
    }

    @Test
    @Order(5)
    void hostileStringsShowAsTextAndChangeNeitherTitleNorScreen() throws Exception {
        String title = tmux.format("#{pane_title}");
        send(MAKE.started(777, 1, "h\u001b[2J", "evil\u001b]0;pwned\u0007"));
        send(MAKE.slow(777, 2, "hostile-1", 1, 1.7e9, 1, 3.0, "/x\u001b]0;pwned\u0007\u001b[2J\u001b[31m"));
        tmux.keys("s");
        List<String> screen = tmux.awaitText("the hostile path as text", t -> t.contains("/x?]0;pwned??[2J?[31m"));
        assertTrue(screen.get(0).contains("telemetry top"), "the screen was not cleared");
        assertEquals(title, tmux.format("#{pane_title}"), "the title is unchanged");
        tmux.keys("e");
        tmux.awaitText("the hostile group as text", t -> t.contains("evil?]0;pwned?"));
        assertNotEquals("pwned", tmux.format("#{pane_title}"));
    }

    @Test
    @Order(6)
    void spaceFreezesTheScreenWhileDataKeepsArriving() throws Exception {
        simulate = endlessSimulation();
        tmux.keys("p");
        tmux.awaitText("the running simulation", t -> t.contains(" running "));
        tmux.keys("Space");
        List<String> frozen = tmux.awaitText("PAUSED", t -> t.contains(" PAUSED"));
        long received = state().path("total_received").asLong();
        AtomicInteger messages = new AtomicInteger();
        WebSocket ws = http.newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + port)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        if (last) {
                            messages.incrementAndGet();
                        }
                        w.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try {
            awaitState("more datagrams", s -> s.path("total_received").asLong() >= received + 20);
            await("the ingester sending four messages to a second client")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> messages.get() >= 4);
        } finally {
            ws.abort();
        }
        assertEquals(frozen, tmux.screen(), "nothing on the paused screen moved");
        tmux.keys("Space");
        tmux.await("live again and moving", WAIT, s -> String.join("\n", s).contains(" LIVE") && !s.equals(frozen));
    }

    @Test
    @Order(7)
    void aResizeTo80x24StaysReadable() throws Exception {
        tmux.run("resize-window", "-t", "top", "-x", "80", "-y", "24");
        assertEquals("80x24", tmux.format("#{pane_width}x#{pane_height}"));
        JsonNode now = state();
        List<Long> pids = pids(now.path("processes"), null);
        List<String> screen = tmux.await(
                "a full 80x24 screen",
                WAIT,
                s -> s.size() >= 24
                        && s.get(23).contains("q quit")
                        && pidRows(s).size() == Math.min(pids.size(), 24 - 11));
        for (String line : screen) {
            assertTrue(line.length() <= 80, line);
        }
        assertTrue(screen.get(0).contains("telemetry top") && screen.get(0).contains("LIVE"), screen.get(0));
        assertTrue(String.join("\n", screen).contains("REQ/S"));
        assertTrue(pids.containsAll(pidRows(screen)), pidRows(screen) + " are pids of " + pids);
        tmux.run("resize-window", "-t", "top", "-x", "120", "-y", "40");
        tmux.await("120 columns again", WAIT, s -> s.get(0).length() > 100);
    }

    @Test
    @Order(8)
    void aStoppedIngesterShowsDisconnectedAndARestartedOneResumes() throws Exception {
        Set<Long> before = new TreeSet<>(pids(state().path("processes"), null));
        serve.destroy();
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        tmux.awaitText(
                "disconnected with the age of the data",
                t -> Pattern.compile("disconnected, data [1-9]\\d* s old")
                        .matcher(t)
                        .find());
        serve = serve(port);
        if (!simulate.isAlive()) {
            simulate = endlessSimulation();
        }
        JsonNode fresh = awaitState(
                "the simulation reporting to the new ingester",
                s -> s.path("processes").size() >= 6);
        List<Long> now = pids(fresh.path("processes"), null);
        List<String> screen = tmux.await("live again with the new ingester's processes only", WAIT, s -> {
            String t = String.join("\n", s);
            return t.contains(" LIVE") && new TreeSet<>(pidRows(s)).equals(new TreeSet<>(pids(stateOrNull(), null)));
        });
        before.removeAll(now);
        assertTrue(before.contains(777L), "the hostile test's process lived only in the first ingester: " + before);
        for (long gone : before) {
            assertFalse(pidRows(screen).contains(gone), gone + " is gone from the ingester and from the screen");
        }
    }

    @Test
    @Order(9)
    void qQuitsWithZeroAndTheTerminalIsCookedAgain() throws Exception {
        tmux.keys("q");
        String text =
                tmux.awaitText("the shell after top", t -> t.contains("TOP-EXIT=") && t.contains("min = ")).stream()
                        .reduce("", (a, b) -> a + "\n" + b);
        assertTrue(Pattern.compile("(?m)^TOP-EXIT=0$").matcher(text).find(), text);
        String after = text.substring(text.lastIndexOf("TOP-EXIT="));
        assertTrue(Pattern.compile("(^|\\s)icanon(;|\\s|$)").matcher(after).find(), "icanon back on:\n" + after);
        assertTrue(Pattern.compile("(^|\\s)echo(;|\\s|$)").matcher(after).find(), "echo back on:\n" + after);
        assertFalse(after.contains("-icanon"), after);
    }

    @Test
    @Order(10)
    void noColorAndCtrlC() throws Exception {
        tmux.keys("clear", "Enter");
        tmux.type("NO_COLOR=1 " + JAVA + " -jar " + JAR + " top --url ws://127.0.0.1:" + port
                + "/ws; echo CTRL-C-EXIT=$?; stty -a");
        tmux.keys("Enter");
        tmux.awaitText("top without colours", t -> t.contains(" LIVE") && t.contains("REQUESTS"));
        String styled = tmux.styled();
        assertTrue(
                styled.contains("\u001b[7m") || styled.matches("(?s).*\u001b\\[[0-9;]*7[;m].*"),
                "inverse stays: " + styled);
        assertFalse(
                Pattern.compile("\u001b\\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;)")
                        .matcher(styled)
                        .find(),
                "no foreground colour with NO_COLOR:\n" + styled);
        tmux.keys("C-c");
        String text =
                tmux
                        .awaitText("the shell after Ctrl-C", t -> t.contains("CTRL-C-EXIT=") && t.contains("min = "))
                        .stream()
                        .reduce("", (a, b) -> a + "\n" + b);
        String after = text.substring(text.lastIndexOf("CTRL-C-EXIT="));
        assertTrue(after.startsWith("CTRL-C-EXIT=0"), after);
        assertTrue(Pattern.compile("(^|\\s)icanon(;|\\s|$)").matcher(after).find(), "icanon back on:\n" + after);
        assertTrue(Pattern.compile("(^|\\s)echo(;|\\s|$)").matcher(after).find(), "echo back on:\n" + after);
    }

    // ---- helpers

    private static String ms(double seconds) {
        double ms = seconds * 1000;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 1000 ? "%.1f" : "%.0f", ms);
    }

    /** Pids of the processes whose GC record /api/state holds (none while it does not answer). */
    private List<Long> gcPids() {
        List<Long> out = new ArrayList<>();
        for (JsonNode p : stateOrNull()) {
            if (p.path("gc").isObject()) {
                out.add(p.path("pid").asLong());
            }
        }
        return out;
    }

    private static List<Long> pids(JsonNode processes, String group) {
        List<Long> pids = new ArrayList<>();
        for (JsonNode p : processes) {
            if (group == null || group.equals(p.path("process_group").asText())) {
                pids.add(p.path("pid").asLong());
            }
        }
        return pids;
    }

    /** The first column of the process table's rows. */
    private static List<Long> pidRows(List<String> screen) {
        List<Long> pids = new ArrayList<>();
        boolean table = false;
        for (String l : screen) {
            if (l.contains("PID") && l.contains("GROUP")) {
                table = true;
                continue;
            }
            String[] cells = l.trim().split("\\s+");
            if (table && cells.length > 3 && cells[0].matches("\\d+")) {
                pids.add(Long.parseLong(cells[0]));
            }
        }
        return pids;
    }

    private static List<String> slowRows(List<String> screen) {
        return screen.stream()
                .filter(l -> l.matches("\\s+(completed|active)\\s+\\d+\\.\\d\\d .*"))
                .toList();
    }

    private void send(byte[] datagram) throws Exception {
        try (AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
            sender.connect(AFUNIXSocketAddress.of(socket));
            sender.write(java.nio.ByteBuffer.wrap(datagram));
        }
    }

    private JsonNode state() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/state"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return JSON.readTree(r.body());
    }

    private JsonNode stateOrNull() {
        try {
            return state().path("processes");
        } catch (Exception e) {
            return JSON.createArrayNode();
        }
    }

    private JsonNode awaitState(String what, java.util.function.Predicate<JsonNode> condition) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> last =
                new java.util.concurrent.atomic.AtomicReference<>();
        await(what)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    JsonNode s = state();
                    last.set(s);
                    StringBuilder summary = new StringBuilder();
                    s.path("processes")
                            .forEach(p -> summary.append(p.path("pid"))
                                    .append(' ')
                                    .append(p.path("state"))
                                    .append("; "));
                    s.path("slow_requests")
                            .forEach(r -> summary.append(r.path("log_id"))
                                    .append(' ')
                                    .append(r.path("state"))
                                    .append("; "));
                    assertTrue(condition.test(s), () -> "not " + what + ": " + summary);
                });
        return last.get();
    }

    /** Six simulated processes in two groups, sending every second until stopped. */
    private Process endlessSimulation() throws Exception {
        return java(
                "simulate",
                "--target",
                "unix:" + socket,
                "--processes",
                "6",
                "--groups",
                "2",
                "--duration",
                "0",
                "--interval",
                "1s");
    }

    private Process java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve(args[0] + "-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    /** Starts {@code serve} on the socket and {@code httpPort} (0: a free one) and learns its port. */
    private Process serve(int httpPort) throws Exception {
        List<String> command = List.of(
                JAVA, "-jar", JAR, "serve", "--listen", "unix:" + socket, "--http-port", Integer.toString(httpPort));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            var m = Pattern.compile("\\(port (\\d+)\\)").matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("serve printed no port, exit " + p.waitFor());
    }
}
