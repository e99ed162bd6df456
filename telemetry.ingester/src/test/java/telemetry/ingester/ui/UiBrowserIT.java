package telemetry.ingester.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.JsonTrees;
import telemetry.ingester.json.Subscription;

/**
 * The browser UI in Debian's headless Chromium (driven by its chromedriver; nothing downloaded),
 * against a real ingester fed real datagrams: every view shows the numbers and names that were
 * sent, hostile strings in every datagram string field are shown as text and never run, the
 * console stays clean, and a screenshot of every view is kept under target/ui-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserIT {

    /** Markup and script in every string field a datagram can carry. */
    static final String HOSTILE_GROUP = "shop<script>window.__xss='group'</script>";

    static final String HOSTILE_HOST = "web-1<img src=x onerror=\"window.__xss='host'\">";
    static final String HOSTILE_PATH = "/search/<img src=x onerror=\"window.__xss='path'\">";
    static final String HOSTILE_LOG_ID = "id-<img src=x onerror=window.__xss=1>";
    static final String HOSTILE_UA = "Mozilla/5.0 </script><script>window.__xss='ua'</script>";

    static final long PID_A = 4242;
    static final long PID_B = 4343;
    static final long PID_C = 4444;

    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    private Path dir;
    private Ingester ingester;
    private IngesterConfig config;
    private AFUNIXDatagramChannel sender;
    private final UiTraffic make = new UiTraffic();
    private final Map<Long, Long> seqs = new HashMap<>();
    private ScheduledExecutorService heartbeat;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String base;
    private double slowStart;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-ui");
        config = IngesterConfig.defaults(dir.resolve("t.sock"), 0).withBroadcastPeriod(Duration.ofMillis(250));
        ingester = Ingester.start(config, InstantSource.system());
        base = "http://127.0.0.1:" + ingester.httpPort() + "/";
        sender = AFUNIXDatagramChannel.open();
        sender.connect(AFUNIXSocketAddress.of(config.socketPath()));

        // A: hostile group and host, 30 requests (min 1 ms, max 250 ms), a 504 and a 404 among them
        send(PID_A, seq -> make.started(PID_A, seq, HOSTILE_HOST, HOSTILE_GROUP));
        for (int i = 0; i < 3; i++) {
            double[] d = {0.001, 0.004, 0.012, 0.012, 0.020, 0.030, 0.050, 0.080, 0.120, i == 2 ? 0.250 : 0.100};
            int[] s = {200, 200, 200, 200, 200, 200, 200, 200, i == 0 ? 404 : 200, i == 1 ? 504 : 200};
            send(PID_A, seq -> make.sample(PID_A, seq, HOSTILE_HOST, HOSTILE_GROUP, d, s, 3.0));
        }
        slowStart = System.currentTimeMillis() / 1000.0 - 5;
        send(
                PID_A,
                seq -> make.slow(PID_A, seq, HOSTILE_LOG_ID, 1, slowStart, 1, 4.5, "POST", HOSTILE_PATH, HOSTILE_UA));
        // B: group "api", 10 requests, a completed slow request on an ordinary path
        send(PID_B, seq -> make.started(PID_B, seq, "web-2", "api"));
        for (int i = 0; i < 2; i++) {
            send(
                    PID_B,
                    seq -> make.sample(
                            PID_B,
                            seq,
                            "web-2",
                            "api",
                            new double[] {0.002, 0.003, 0.003, 0.005, 0.009},
                            new int[] {200, 200, 200, 200, 200},
                            0));
        }
        send(
                PID_B,
                seq -> make.slow(PID_B, seq, "b-1", 2, slowStart + 1, 1, 2.25, "GET", "/reports/monthly", "curl/8.0"));
        // C: started then stopped (a tuning reason): the timeline and the event log
        send(PID_C, seq -> make.started(PID_C, seq, "web-2", "api"));
        send(PID_C, seq -> make.stopping(PID_C, seq, "web-2", "api", "configuration_deleted"));
        send(PID_C, seq -> make.stopped(PID_C, seq, "web-2", "api", "configuration_deleted"));
        assertTrue(ingester.awaitStored(12, Duration.ofSeconds(10)), "the ingester stored what was sent");
        // idle samples keep A and B running (and their windows sliding) while the test looks
        heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleAtFixedRate(
                () -> {
                    send(
                            PID_A,
                            seq -> make.sample(
                                    PID_A, seq, HOSTILE_HOST, HOSTILE_GROUP, new double[0], new int[0], 3.0));
                    send(PID_B, seq -> make.sample(PID_B, seq, "web-2", "api", new double[0], new int[0], 0));
                },
                1,
                1,
                TimeUnit.SECONDS);

        Files.createDirectories(SCREENSHOTS);
        driver = chromium(dir.resolve("profile"));
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** Debian's chromium and chromedriver at fixed paths: Selenium Manager has nothing to find or fetch. */
    static ChromeDriver chromium(Path profile) {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1600,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private interface Make {
        byte[] datagram(long seq);
    }

    private synchronized void send(long pid, Make m) {
        long seq = seqs.merge(pid, 1L, Long::sum);
        try {
            sender.write(java.nio.ByteBuffer.wrap(m.datagram(seq)));
        } catch (java.io.IOException e) {
            // the ingester is down in the reconnect test: the heartbeat just misses a beat
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        if (driver != null) {
            driver.quit();
        }
        if (sender != null) {
            sender.close();
        }
        if (ingester != null) {
            ingester.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void open(String hash) {
        driver.get(base + hash);
        waitText("[data-test=connection]", "live");
    }

    // The page re-renders with every message: read and click through the DOM in one script each
    // time, never through element references that a re-render makes stale.

    /** The text of the first element matching css ("" when none), exactly as the page holds it. */
    private String text(String css) {
        Object t = ((JavascriptExecutor) driver)
                .executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
        return (String) t;
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String css) {
        return (List<String>) ((JavascriptExecutor) driver)
                .executeScript("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", css);
    }

    private void click(String css) {
        wait.withMessage(() -> "nothing to click at " + css).until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript(
                        "const e = document.querySelector(arguments[0]); if (!e) return false; e.click(); return true;",
                        css));
    }

    private void waitText(String css, String expected) {
        wait.withMessage(() -> css + " should read '" + expected + "', reads '" + text(css) + "'")
                .until(d -> texts(css).contains(expected));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void screenshot(String name) throws Exception {
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** No script ran from a datagram string and no element was made from one. */
    private void assertNothingExecuted() {
        assertNull(
                js("return window.__xss === undefined ? null : String(window.__xss)"),
                "a datagram string ran as script");
        assertEquals(
                0L,
                js("return document.querySelectorAll('img, script:not([src])').length"),
                "no element may come from a datagram string");
    }

    private void assertCleanConsole() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertEquals(List.of(), errors, "browser console");
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    @Order(1)
    void topBarAndOverviewShowTheTotalsThatWereSent() throws Exception {
        open("");
        waitText("[data-test=total-requests]", "40");
        assertEquals("3", text("[data-test=total-processes]"));
        assertEquals("2", text("[data-test=total-groups]"));
        assertEquals("2", text("[data-test=total-hosts]"));
        assertEquals("0", text("[data-test=health-decode-errors]"));
        assertEquals("0", text("[data-test=health-drops]"));
        // the latency histogram of the window: 40 requests, exact min and max from the datagrams
        assertEquals("40", text("[data-test=hist-count]"));
        assertEquals("1.00 ms", text("[data-test=hist-min]"));
        assertEquals("250.0 ms", text("[data-test=hist-max]"));
        // the group filter lists both groups by their names, the hostile one as plain text
        assertEquals(List.of("All groups", "api", HOSTILE_GROUP), texts("[data-test=group-filter] option"));
        // the process table: pids, hosts and groups as sent, busiest first
        waitText("[data-test=process-table] tbody tr:first-child [data-test=pid]", String.valueOf(PID_A));
        assertEquals(HOSTILE_HOST, text("[data-test=process-table] tbody tr:first-child [data-test=hostname]"));
        assertEquals(HOSTILE_GROUP, text("[data-test=process-table] tbody tr:first-child [data-test=group]"));
        assertEquals("30", text("[data-test=process-table] tbody tr:first-child [data-test=requests-total]"));
        // the charts have drawn lines: a readout per chart with the group names
        wait.until(d -> !text("[data-test=throughput-readout]").contains("no data"));
        assertTrue(text("[data-test=throughput-readout]").contains("api"), text("[data-test=throughput-readout]"));
        assertEquals(6, driver.findElements(By.cssSelector(".uplot canvas")).size(), "six time-series charts");
        assertNothingExecuted();
        screenshot("overview");
        assertCleanConsole();
    }

    @Test
    @Order(2)
    void aGroupSelectedInTheUrlNarrowsEverything() throws Exception {
        open("#group=api&window=10m");
        // the page tells the ingester what it shows, so the stream carries only that
        wait.withMessage(() -> "the page subscribes to group api: "
                        + ingester.http().broadcaster().subscriptions())
                .until(d -> ingester.http()
                        .broadcaster()
                        .subscriptions()
                        .contains(new Subscription("api", null, "overview")));
        // a page loaded with that URL subscribes as soon as it connects (its only WebSocket)
        driver.navigate().refresh();
        wait.withMessage(() -> "the reloaded page subscribes on connecting: "
                        + ingester.http().broadcaster().subscriptions())
                .until(d -> ingester.http()
                        .broadcaster()
                        .subscriptions()
                        .equals(List.of(new Subscription("api", null, "overview"))));
        waitText("[data-test=connection]", "live");
        waitText("[data-test=total-requests]", "10");
        assertEquals("2", text("[data-test=total-processes]"));
        assertEquals("1", text("[data-test=total-groups]"));
        assertEquals("api", js("return document.querySelector('[data-test=group-filter]').value"));
        assertEquals("10m", js("return document.querySelector('[data-test=window]').value"));
        // choosing the hostile group through the control writes it to the URL
        new Select(driver.findElement(By.cssSelector("[data-test=group-filter]"))).selectByVisibleText(HOSTILE_GROUP);
        waitText("[data-test=total-requests]", "30");
        wait.withMessage(() -> "the page subscribes to the chosen group: "
                        + ingester.http().broadcaster().subscriptions())
                .until(d -> ingester.http()
                        .broadcaster()
                        .subscriptions()
                        .contains(new Subscription(HOSTILE_GROUP, null, "overview")));
        assertTrue(((String) js("return location.hash")).contains("group=shop%3Cscript%3E"), (String)
                js("return location.hash"));
        assertNothingExecuted();
        assertCleanConsole();
    }

    /** The oldest point of a time-series chart as the page drew it: {t, values: {line label: value}}, or "". */
    private String firstPoint(String chart) {
        return (String) ((JavascriptExecutor) driver)
                .executeScript(
                        "const e = document.querySelector(arguments[0]); return e && e.dataset.first ? e.dataset.first : '';",
                        "[data-test=" + chart + "-chart]");
    }

    @Test
    @Order(2)
    void aGroupsOverviewStartsWithItsHistoryFromTheIngester() throws Exception {
        // B's first history point (the second its first samples arrived), long before this page loads
        java.net.http.HttpResponse<String> b = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(base + "api/history?process=" + PID_B + "@web-2"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        double firstSecond =
                JsonTrees.parse(b.body()).get("points").get(0).get("time").asDouble();
        open("#group=api&window=10m");
        // the charts start at that second: their first points came from GET api/history?group=api
        wait.withMessage(() -> "the throughput chart starting at " + firstSecond + ": " + firstPoint("throughput"))
                .until(d -> !firstPoint("throughput").isEmpty()
                        && JsonTrees.parse(firstPoint("throughput")).get("t").asDouble() == firstSecond);
        // B's first second: two samples of 5 requests (1 s each), slots busy 0.375 of the time, 200 MiB
        JsonNode throughput = JsonTrees.parse(firstPoint("throughput")).get("values");
        assertEquals(5.0, throughput.get("api").asDouble(), throughput.toString());
        JsonNode capacity = JsonTrees.parse(firstPoint("capacity")).get("values");
        assertEquals(0.375, capacity.get("api").asDouble(), capacity.toString());
        JsonNode rss = JsonTrees.parse(firstPoint("rss")).get("values");
        assertEquals(200.0, rss.get("api").asDouble(), rss.toString());
        assertNothingExecuted();
        screenshot("overview-group-history");
        assertCleanConsole();
    }

    /** The oldest point of {@code GET api/history?group=}: the group's first second in the ingester. */
    private JsonNode firstHistoryPoint(String group) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/history?group="
                                        + java.net.URLEncoder.encode(group, java.nio.charset.StandardCharsets.UTF_8)))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonTrees.parse(r.body()).get("points").get(0);
    }

    @Test
    @Order(2)
    void theAllGroupsOverviewStartsWithTheGroupsHistoriesFromTheIngester() throws Exception {
        Map<String, JsonNode> first =
                Map.of("api", firstHistoryPoint("api"), HOSTILE_GROUP, firstHistoryPoint(HOSTILE_GROUP));
        double oldest = first.values().stream()
                .mapToDouble(p -> p.get("time").asDouble())
                .min()
                .orElseThrow();
        // reached by a hash change, after the page has had its snapshot (from a group's overview) ...
        open("#group=api&window=10m");
        js("window.__samePage = true");
        open("#window=10m");
        assertEquals(Boolean.TRUE, js("return window.__samePage === true"), "a hash change, not a new page");
        assertStartsWithTheHistory(oldest, first);
        // ... and by loading the page with that URL
        driver.get("about:blank");
        open("#window=10m");
        assertStartsWithTheHistory(oldest, first);
        assertNothingExecuted();
        screenshot("overview-all-history");
        assertCleanConsole();
    }

    /**
     * The group lines start at the oldest group's first second in the ingester, with the
     * throughput its history has there, and so does the scope's own series (the phases chart).
     */
    private void assertStartsWithTheHistory(double oldest, Map<String, JsonNode> first) {
        for (String chart : List.of("throughput", "phases")) {
            wait.withMessage(() -> "the " + chart + " chart starting at " + oldest + ": " + firstPoint(chart))
                    .until(d -> !firstPoint(chart).isEmpty()
                            && JsonTrees.parse(firstPoint(chart)).get("t").asDouble() == oldest);
        }
        JsonNode values = JsonTrees.parse(firstPoint("throughput")).get("values");
        first.forEach((group, point) -> {
            if (point.get("time").asDouble() == oldest) {
                assertEquals(
                        point.get("request_throughput").asDouble(),
                        values.get(group).asDouble(),
                        values.toString());
            }
        });
    }

    @Test
    @Order(3)
    void capacityShowsEachProcessesSlotsAndOpensTheSlowRequestOfAnOutlinedCell() throws Exception {
        open("#tab=capacity");
        wait.until(d -> texts("[data-test=heat-panel]").size() == 2);
        List<String> titles = texts("[data-test=heat-title]");
        assertTrue(titles.contains("pid " + PID_A) && titles.contains("pid " + PID_B), titles.toString());
        // A's slot 1 was busy the whole interval (red cells), holding a 3 s request past the 1 s threshold
        String heatOfA = "[...document.querySelectorAll('[data-test=heat-panel]')].find(s => s.dataset.key.startsWith('"
                + PID_A + "@')).querySelector('canvas')";
        Object red = js(
                "const c = " + heatOfA + "; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 110 && d[i + 2] < 130) n++; return n;");
        assertTrue(((Number) red).longValue() > 0, "red (fully busy) cells in the heatmap of " + PID_A);
        screenshot("capacity");
        // a click on slot 1's outlined cell opens the slow request of that slot: the cells move left
        // with the clock, so the click walks slot 1's row from the newest cell back until one opens it
        js("const c = " + heatOfA + "; const r = c.getBoundingClientRect();"
                + "for (let x = r.right - 3; x > r.left && !location.hash.includes('tab=slow'); x -= 2) {"
                + "c.dispatchEvent(new MouseEvent('click', {clientX: x, clientY: r.top + 5, bubbles: true})); }");
        wait.until(d -> ((String) js("return location.hash")).contains("tab=slow"));
        waitText("[data-test=detail-log-id]", HOSTILE_LOG_ID);
        assertNothingExecuted();
        assertCleanConsole();
    }

    @Test
    @Order(4)
    void processesTimelineAndEventLogShowTheLifecycle() throws Exception {
        open("#tab=processes");
        wait.until(d -> texts("[data-test=event-table] tbody tr").size() == 5);
        List<String> pids = texts("[data-test=event-pid]");
        assertEquals(List.of("4444", "4444", "4444", "4343", "4242"), pids, "newest first");
        assertEquals(List.of("configuration_deleted", "configuration_deleted"), texts("[data-test=event-reason]"));
        assertTrue(texts("[data-test=event-host]").contains(HOSTILE_HOST));
        assertTrue(texts("[data-test=event-group]").contains(HOSTILE_GROUP));
        // a row selects its process (URL and the chip of the top bar)
        click("[data-test=event-table] tbody tr[data-key='4444@web-2']");
        waitText("[data-test=selected-process] b", "4444 @ web-2");
        assertTrue(((String) js("return location.hash")).contains("process=4444%40web-2"));
        Object rows = js(
                "const c = document.querySelector('[data-test=timeline-canvas]'); return c.height / (window.devicePixelRatio || 1);");
        assertEquals(22 + 3 * 20, ((Number) rows).intValue(), "one timeline row per process");
        assertNothingExecuted();
        screenshot("processes");
        assertCleanConsole();
    }

    @Test
    @Order(5)
    void gcSaysWhenThereIsNoGcData() throws Exception {
        open("#tab=gc");
        wait.until(d -> text("[data-test=gc-empty]").startsWith("No GC data yet"));
        screenshot("gc");
        assertCleanConsole();
    }

    @Test
    @Order(6)
    void slowRequestsSearchSortAndDrillDownShowEveryFieldAsText() throws Exception {
        open("#tab=slow");
        wait.until(d -> texts("[data-test=slow-table] tbody tr").size() == 2);
        assertEquals(List.of(HOSTILE_PATH, "/reports/monthly"), texts("[data-test=slow-path]"), "longest first");
        assertEquals(List.of(HOSTILE_LOG_ID, "b-1"), texts("[data-test=slow-log-id]"));
        // sort by path ascending, then search
        click("th[data-sort=path_info]");
        wait.until(d -> ((String) js("return location.hash")).contains("sort=path_info"));
        click("th[data-sort=path_info]");
        wait.until(d -> texts("[data-test=slow-path]").equals(List.of("/reports/monthly", HOSTILE_PATH)));
        WebElement search = driver.findElement(By.cssSelector("[data-test=slow-search]"));
        search.sendKeys("<img");
        wait.until(d -> texts("[data-test=slow-path]").equals(List.of(HOSTILE_PATH)));
        assertTrue(((String) js("return location.hash")).contains("q=%3Cimg"));
        // drill-down: every field, the hostile ones as text
        click("[data-test=slow-table] tbody tr");
        waitText("[data-test=detail-log-id]", HOSTILE_LOG_ID);
        assertEquals(HOSTILE_UA, text("[data-test=slow-detail] dd[data-field='user agent']"));
        assertEquals(HOSTILE_PATH, text("[data-test=slow-detail] dd[data-field='path']"));
        assertEquals("504", text("[data-test=slow-detail] dd[data-field='status']"));
        assertEquals("4.50 s", text("[data-test=slow-detail] dd[data-field='elapsed']"));
        assertEquals("192.0.2.7", text("[data-test=slow-detail] dd[data-field='client']"));
        assertTrue(text("[data-test=detail-gc]").startsWith("No GC"), text("[data-test=detail-gc]"));
        assertNothingExecuted();
        screenshot("slow-requests");
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        // clear: completed records go (POST with this page's Origin passes the guard)
        click("[data-test=slow-clear]");
        waitText("[data-test=slow-status]", "cleared 2 completed");
        wait.until(d -> texts("[data-test=slow-table] tbody tr").isEmpty());
        assertCleanConsole();
    }

    @Test
    @Order(7)
    void helpCopiesTheCurrentStatsAsMarkdown() throws Exception {
        open("#window=10m");
        waitText("[data-test=total-requests]", "40");
        driver.findElement(By.tagName("body")).sendKeys("?");
        wait.until(d -> d.findElement(By.id("help")).isDisplayed());
        click("[data-test=copy-stats]");
        wait.until(d -> !((String) js("return document.querySelector('[data-test=stats-markdown]').value")).isEmpty());
        String md = (String) js("return document.querySelector('[data-test=stats-markdown]').value");
        assertTrue(md.contains("| requests | 40 |"), md);
        assertTrue(md.contains("| api | 2 |"), md);
        assertTrue(md.contains("| 4242 | web-1\\<img src=x onerror=\"window.\\_\\_xss='host'\"\\> |"), md);
        screenshot("help");
        driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        wait.until(d -> !d.findElement(By.id("help")).isDisplayed());
        assertFalse(((String) js("return location.hash")).contains("help"));
        assertNothingExecuted();
        assertCleanConsole();
    }

    @Test
    @Order(7)
    void darkThemeFollowsTheSystemSetting() throws Exception {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        open("");
        waitText("[data-test=total-requests]", "40");
        String bg = (String) js("return getComputedStyle(document.body).backgroundColor");
        assertEquals("rgb(21, 23, 27)", bg, "the dark background");
        screenshot("overview-dark");
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        assertEquals("rgb(246, 247, 249)", js("return getComputedStyle(document.body).backgroundColor"));
        assertCleanConsole();
    }

    @Test
    @Order(7)
    void theHeadersCardsShareOneRowAt1600PixelsInBothThemes() throws Exception {
        try {
            for (String theme : List.of("light", "dark")) {
                driver.executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", theme))));
                driver.manage().window().setSize(new org.openqa.selenium.Dimension(1600, 1000));
                open("");
                waitText("[data-test=total-requests]", "40");
                assertTrue((Long) js("return window.innerWidth") >= 1600, "a viewport 1,600 px wide");
                List<String> tops = cardTops();
                assertEquals(10, tops.size(), "ten cards");
                assertEquals(1, new java.util.HashSet<>(tops).size(), theme + ": the cards' tops " + tops);
                screenshot("header-1600-" + theme);
                // narrower, the cards take a row of their own below the brand and the controls (and
                // wrap when even that is too narrow); nothing of the header reaches past the right
                // edge and every card holds its own text
                driver.manage().window().setSize(new org.openqa.selenium.Dimension(1000, 1000));
                wait.withMessage(() -> "the cards below the controls: " + cardTops())
                        .until(d -> (Boolean)
                                js("return document.querySelector('#totals .stat').getBoundingClientRect().top"
                                        + " >= document.querySelector('.controls').getBoundingClientRect().bottom"));
                assertEquals(
                        List.of(),
                        js("const w = document.documentElement.clientWidth;"
                                + " return [...document.querySelectorAll('.topbar *')]"
                                + ".filter(e => e.getBoundingClientRect().right > w).map(e => e.outerHTML)"),
                        "header parts past the right edge at 1,000 px");
                assertEquals(
                        List.of(),
                        js("return [...document.querySelectorAll('#totals .stat')]"
                                + ".filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent)"),
                        "cards whose text overflows");
                screenshot("header-1000-" + theme);
            }
        } finally {
            driver.executeCdpCommand(
                    "Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1600, 1000));
        }
        assertCleanConsole();
    }

    /** The top of each header card's box, as laid out. */
    @SuppressWarnings("unchecked")
    private List<String> cardTops() {
        return (List<String>)
                js(
                        "return [...document.querySelectorAll('#totals .stat')].map(c => String(c.getBoundingClientRect().top))");
    }

    @Test
    @Order(8)
    void aBrowserClockSevenMinutesOffShowsTheSame() throws Exception {
        // every Date the page makes without a timestamp, and Date.now(), run seven minutes late
        Object script = driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        "(() => { const Real = Date; const skew = -7 * 60 * 1000;"
                                + "class Skewed extends Real { constructor(...a) { if (a.length) super(...a); else super(Real.now() + skew); }"
                                + " static now() { return Real.now() + skew; } } window.Date = Skewed; })();"));
        try {
            double before = ingesterNow();
            driver.get("about:blank"); // a new document, not a hash change: the script runs first
            open("#window=1m");
            waitText("[data-test=total-requests]", "40");
            assertEquals(
                    Boolean.TRUE,
                    js("return Date.now() < " + (long) (before * 1000 - 6 * 60 * 1000)),
                    "the browser's clock is off");
            // the clock the page shows is the ingester's
            String shown = text("[data-test=health]").replaceAll(".*clock (\\d\\d:\\d\\d:\\d\\d) UTC.*", "$1");
            double after = ingesterNow();
            String lo = java.time.Instant.ofEpochMilli((long) (before * 1000))
                    .toString()
                    .substring(11, 19);
            String hi = java.time.Instant.ofEpochMilli((long) (after * 1000))
                    .toString()
                    .substring(11, 19);
            assertTrue(shown.compareTo(lo) >= 0 && shown.compareTo(hi) <= 0, shown + " within " + lo + " … " + hi);
            assertEquals("3", text("[data-test=total-processes]"));
            assertCleanConsole();
        } finally {
            driver.executeCdpCommand(
                    "Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", ((Map<?, ?>) script).get("identifier")));
        }
    }

    private double ingesterNow() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/state"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"now\":([0-9.]+)").matcher(r.body());
        assertTrue(m.find(), r.body());
        return Double.parseDouble(m.group(1));
    }

    @Test
    @Order(9)
    void aLostIngesterShowsDisconnectedWithTheDataAgeThenReconnects() throws Exception {
        open("");
        waitText("[data-test=total-requests]", "40");
        int port = ingester.httpPort();
        ingester.close();
        wait.until(d -> text("[data-test=connection]").startsWith("disconnected · data "));
        assertEquals("40", text("[data-test=total-requests]"), "the last data stays on screen");
        // a new ingester on the same port and socket: the page comes back by itself
        ingester = Ingester.start(
                new IngesterConfig(
                        config.socketPath(),
                        config.socketMode(),
                        null,
                        config.httpHost(),
                        port,
                        config.retention(),
                        config.broadcastPeriod(),
                        config.sweepPeriod(),
                        config.queueBytes(),
                        config.rootPath(),
                        config.allowOrigins()),
                InstantSource.system());
        sender.close();
        sender = AFUNIXDatagramChannel.open();
        sender.connect(AFUNIXSocketAddress.of(config.socketPath()));
        wait.withTimeout(Duration.ofSeconds(40))
                .until(d -> text("[data-test=connection]").equals("live"));
        // the new ingester knows only the heartbeats' processes: the page was resynchronised from its snapshot
        wait.until(d -> text("[data-test=total-requests]").equals("0"));
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            // the browser reports the refused WebSocket connections while the ingester was down: expected here
            assertTrue(e.getMessage().contains("WebSocket"), e.getMessage());
        }
    }
}
