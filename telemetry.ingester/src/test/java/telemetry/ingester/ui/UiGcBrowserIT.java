package telemetry.ingester.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.MutableClock;
import telemetry.testing.Datagrams;

/**
 * The GC view in Debian's headless Chromium, fed real gc_snapshot and gc_event datagrams: the
 * per-group pause share, pauses per second per class, pause percentiles and heap pools read back
 * from the page equal what was sent. The ingester runs on a clock the test moves: every tick (one
 * second of ingester time) each process sends the same sample, snapshot and pauses, so every
 * window holds whole ticks and every figure below is fixed by the tick alone. Screenshots (light
 * and dark) under target/ui-screenshots/gc-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiGcBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final String SHOP = UiBrowserIT.HOSTILE_GROUP;
    private static final long MIB = 1L << 20;

    /** One process and what it sends every tick. */
    private record Jvm(
            long pid,
            String host,
            String group,
            double[] young,
            double[] mixed,
            double[] full,
            long[] used,
            long[] committed) {}

    // shop: young 4 ms + 12.1 ms, full 47.9 ms a second (6.40 % of wall time); api: young 2 ms, mixed 20 ms (2.20 %)
    private static final Jvm SHOP_JVM = new Jvm(
            7001,
            "web-1",
            SHOP,
            new double[] {0.004, 0.0121},
            new double[0],
            new double[] {0.0479},
            new long[] {64 * MIB, 8 * MIB, 300 * MIB},
            new long[] {128 * MIB, 16 * MIB, 512 * MIB});
    private static final Jvm API_JVM = new Jvm(
            7002,
            "web-2",
            "api",
            new double[] {0.002},
            new double[] {0.020},
            new double[0],
            new long[] {32 * MIB, 4 * MIB, 100 * MIB},
            new long[] {64 * MIB, 8 * MIB, 256 * MIB});

    private final MutableClock clock = new MutableClock(System.currentTimeMillis() / 1000 * 1000);
    private final UiTraffic traffic = new UiTraffic();
    private final Datagrams records = new Datagrams();
    private final Map<Long, Long> seqs = new HashMap<>();
    private final Map<Long, long[]> collections = new HashMap<>();
    private final Object tick = new Object();
    private Path dir;
    private Ingester ingester;
    private AFUNIXDatagramChannel sender;
    private long sent;
    private ScheduledExecutorService ticker;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String base;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-ui-gc");
        IngesterConfig config =
                IngesterConfig.defaults(dir.resolve("t.sock"), 0).withBroadcastPeriod(Duration.ofMillis(250));
        ingester = Ingester.start(config, clock);
        base = "http://127.0.0.1:" + ingester.httpPort() + "/";
        sender = AFUNIXDatagramChannel.open();
        sender.connect(AFUNIXSocketAddress.of(config.socketPath()));
        for (Jvm j : List.of(SHOP_JVM, API_JVM)) {
            send(j.pid(), traffic.started(j.pid(), seq(j.pid()), j.host(), j.group()));
        }
        // a first minute of ticks, then one tick every 250 ms while the page looks
        for (int i = 0; i < 60; i++) {
            tick();
        }
        assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(20)), "the ingester stored the first minute");
        ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        Files.createDirectories(SCREENSHOTS);
        driver = UiBrowserIT.chromium(dir.resolve("profile"));
        driver.manage()
                .window()
                .setSize(new org.openqa.selenium.Dimension(1600, 1400)); // the tables below the charts too
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        if (ticker != null) {
            ticker.shutdownNow();
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

    private long seq(long pid) {
        return seqs.merge(pid, 1L, Long::sum);
    }

    private void send(long pid, byte[] datagram) {
        try {
            sender.write(ByteBuffer.wrap(datagram));
            sent++;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One second of ingester time: every process's sample, pauses and snapshot, then the clock moves on. */
    private void tick() {
        synchronized (tick) {
            double now = clock.seconds();
            for (Jvm j : List.of(SHOP_JVM, API_JVM)) {
                send(
                        j.pid(),
                        traffic.sample(
                                j.pid(), seq(j.pid()), j.host(), j.group(), new double[] {0.01}, new int[] {200}, 0));
                long[] n = collections.computeIfAbsent(j.pid(), k -> new long[3]);
                double at = now - 0.9;
                double[][] classes = {j.young(), j.mixed(), j.full()};
                for (int c = 0; c < 3; c++) {
                    for (double d : classes[c]) {
                        send(
                                j.pid(),
                                records.gcEvent(j.pid(), seq(j.pid()), now, new Datagrams.Pause(at, d, c, 4 * MIB)));
                        at += 0.1;
                        n[c]++;
                    }
                }
                send(
                        j.pid(),
                        records.gcSnapshot(
                                j.pid(),
                                seq(j.pid()),
                                now,
                                new Datagrams.Snapshot(
                                        j.used(),
                                        j.committed(),
                                        n.clone(),
                                        new long[] {n[0] * 4 * MIB, n[1] * 4 * MIB, n[2] * 4 * MIB},
                                        0)));
            }
            try {
                assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    /**
     * Reads the page between ticks: with the ticker held, waits until the page applied two messages
     * made after the last whole tick, then reads.
     */
    private <T> T steady(Supplier<T> read) {
        synchronized (tick) {
            long seen = messages();
            wait.until(d -> messages() >= seen + 2);
            return read.get();
        }
    }

    private long messages() {
        return Long.parseLong(String.valueOf(js("return document.body.dataset.messages || '0'")));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String text(String css) {
        return (String)
                js("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String css) {
        return (List<String>)
                js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());", css);
    }

    /** A screenshot once the page has drawn some 20 s of ingester time (the charts' lines have length). */
    private void screenshot(String name) throws Exception {
        long seen = messages();
        wait.until(d -> messages() >= seen + 20);
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void open(String hash) {
        driver.get(base + hash);
        wait.until(d -> "live".equals(text("[data-test=connection]")));
    }

    private void assertCleanPage() {
        assertNull(
                js("return window.__xss === undefined ? null : String(window.__xss)"),
                "a datagram string ran as script");
        assertEquals(0L, js("return document.querySelectorAll('img, script:not([src])').length"));
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertEquals(List.of(), errors, "browser console");
    }

    @Test
    @Order(1)
    void allGroupsShowTheirPauseShareRatesPercentilesAndHeapAsSent() throws Exception {
        open("#tab=gc&window=1m");
        wait.until(d -> texts("[data-test=gc-table] tbody tr").size() == 2);
        Map<String, List<String>> page = steady(() -> {
            Map<String, List<String>> m = new HashMap<>();
            for (String cell : List.of("name", "share", "young", "mixed", "full", "p50", "p99", "max")) {
                m.put(cell, texts("[data-test=gc-table] [data-test=gc-row-" + cell + "]"));
            }
            for (String cell : List.of("gc-pool", "gc-pool-used", "gc-pool-committed", "gc-pool-fill")) {
                m.put(cell, texts("[data-test=gc-heap] [data-test=" + cell + "]"));
            }
            for (String one :
                    List.of("gc-share-value", "gc-p50", "gc-p99", "gc-max", "gc-share-readout", "gc-rates-readout")) {
                m.put(one, List.of(text("[data-test=" + one + "]")));
            }
            return m;
        });
        // one row per group, by name (the hostile one as text)
        assertEquals(List.of("api", SHOP), page.get("name"));
        // pause seconds per second of wall time: api 2 + 20 ms, shop 4 + 12.1 + 47.9 ms
        assertEquals(List.of("2.20 %", "6.40 %"), page.get("share"));
        // pauses per second per class
        assertEquals(List.of("1", "2"), page.get("young"));
        assertEquals(List.of("1", "0"), page.get("mixed"));
        assertEquals(List.of("0", "1"), page.get("full"));
        // percentiles from each group's pause histogram: api {2, 20} ms, shop {4, 12.1, 47.9} ms, interpolated
        // in the 65 buckets (api p50 2 + 1.0 × 0.5, p99 20 + 0.98 × 4 = 23.92 but never above the longest
        // pause, 20; shop p50 12 + 0.5 × 2, p99 40 + 0.97 × 8 = 47.76)
        assertEquals(List.of("2.50 ms", "13.0 ms"), page.get("p50"));
        assertEquals(List.of("20.0 ms", "47.8 ms"), page.get("p99"));
        assertEquals(List.of("20.0 ms", "47.9 ms"), page.get("max"));
        // All: 86 ms of pauses per 2 s of wall time; the merged histogram {2, 4, 12.1, 20, 47.9} ms
        assertEquals("4.30 %", page.get("gc-share-value").get(0));
        assertEquals("13.0 ms", page.get("gc-p50").get(0));
        assertEquals("47.6 ms", page.get("gc-p99").get(0));
        assertEquals("47.9 ms", page.get("gc-max").get(0));
        // heap pools: the two JVMs' latest snapshots summed
        assertEquals(List.of("eden", "survivor", "old"), page.get("gc-pool"));
        assertEquals(List.of("96.0 MiB", "12.0 MiB", "400 MiB"), page.get("gc-pool-used"));
        assertEquals(List.of("192 MiB", "24.0 MiB", "768 MiB"), page.get("gc-pool-committed"));
        assertEquals(List.of("50 %", "50 %", "52 %"), page.get("gc-pool-fill"));
        // the charts' latest points: a pause-share line per group, a rate line per class
        String share = page.get("gc-share-readout").get(0);
        assertTrue(share.contains(SHOP + " 6.40%") && share.contains("api 2.20%"), share);
        String rates = page.get("gc-rates-readout").get(0);
        assertTrue(
                rates.contains("young 3.00")
                        && rates.contains("mixed / concurrent 1.00")
                        && rates.contains("full 1.00"),
                rates);
        // each chart's legend names its own lines: groups on the overhead chart, pause classes on the
        // rates chart and the timeline; none above both, and no wire number (0, 1, 2) before a class
        assertEquals(List.of("api", SHOP), texts("[data-test=gc-share] [data-test=gc-share-legend] .item"));
        List<String> classes = List.of("young", "mixed / concurrent", "full");
        assertEquals(classes, texts("[data-test=gc-rates] [data-test=gc-rates-legend] .item"));
        assertEquals(classes, texts("[data-test=gc-timeline] [data-test=gc-timeline-legend] .item"));
        assertEquals(
                0L,
                js("return document.querySelectorAll('[data-view=gc] .toolbar .legend-swatch').length"),
                "no legend above both charts");
        assertEquals(
                List.of("group", "pause share", "pauses", "young / s", "mixed / s", "full / s", "p50", "p99", "max"),
                texts("[data-test=gc-table] th"));
        String view = text("[data-view=gc]");
        assertFalse(view.matches("(?s).*[0-9] (young|mixed|full).*"), "a wire number before a pause class: " + view);
        screenshot("gc");
        assertCleanPage();
    }

    @Test
    @Order(2)
    void theDarkThemeShowsTheSameGcView() throws Exception {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            open("#tab=gc&window=1m");
            wait.until(
                    d -> texts("[data-test=gc-table] [data-test=gc-row-share]").equals(List.of("2.20 %", "6.40 %")));
            assertEquals("rgb(21, 23, 27)", js("return getComputedStyle(document.body).backgroundColor"));
            screenshot("gc-dark");
            assertCleanPage();
        } finally {
            driver.executeCdpCommand(
                    "Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        }
    }

    @Test
    @Order(3)
    void aProcessOfAGroupShowsItsOwnFiguresAndItsPauseTimeline() throws Exception {
        open("#tab=gc&group=api&window=1m");
        wait.until(d -> texts("[data-test=gc-table] [data-test=gc-row-name]").equals(List.of("7002 @ web-2")));
        js("document.querySelector('[data-test=gc-table] tbody tr').click()");
        wait.until(d -> ((String) js("return location.hash")).contains("process=7002%40web-2"));
        // the selected process's pauses come from its history: the timeline lists them
        wait.until(d -> !text("[data-test=gc-timeline-stats]").contains("loading"));
        List<String> row = steady(() -> List.of(
                text("[data-test=gc-row-share]"),
                text("[data-test=gc-row-young]"),
                text("[data-test=gc-row-mixed]"),
                text("[data-test=gc-row-p50]"),
                text("[data-test=gc-row-p99]"),
                text("[data-test=gc-share-value]")));
        assertEquals(List.of("2.20 %", "1", "1", "2.50 ms", "20.0 ms", "2.20 %"), row);
        Object dots = js("const c = document.querySelector('[data-test=gc-timeline] canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 150 && d[i] < 120) n++; return n;");
        assertTrue(((Number) dots).longValue() > 0, "blue (young) pause dots on the timeline");
        screenshot("gc-process");
        assertCleanPage();
    }
}
