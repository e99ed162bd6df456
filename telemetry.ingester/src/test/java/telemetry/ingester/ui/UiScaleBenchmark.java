package telemetry.ingester.ui;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import telemetry.ingester.Cli;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;

/**
 * The figures of BENCHMARKS.md for the browser UI at scale: 1,000 simulated processes in 8 groups.
 * Not a test (no assertions on time; the name matches neither Surefire's nor Failsafe's patterns):
 * run it on a quiet machine with
 * {@code mvn -pl telemetry.ingester -am verify -Dit.test=UiScaleBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}
 * and {@code -Dui.churn.minutes=30} for the heap after churn.
 */
class UiScaleBenchmark {

    @Test
    void measure() throws Exception {
        Path dir = Files.createTempDirectory("ui-bench");
        IngesterConfig config = IngesterConfig.defaults(dir.resolve("t.sock"), 0);
        long churnMinutes = Long.getLong("ui.churn.minutes", 5);
        try (Ingester ingester = Ingester.start(config, InstantSource.system())) {
            CompletableFuture<Cli> sim = CompletableFuture.supplyAsync(() -> Cli.run(
                    "simulate",
                    "--target",
                    "unix:" + config.socketPath(),
                    "--processes",
                    "1000",
                    "--groups",
                    "8",
                    "--slots",
                    "16",
                    "--duration",
                    (churnMinutes * 60 + 600) + "s",
                    "--lifetime",
                    "60s",
                    "--seed",
                    "5"));
            String base = "http://127.0.0.1:" + ingester.httpPort() + "/";
            // wait until the 1,000 processes report
            await("the 1,000 processes reporting")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ingester.store().current().processes().size() >= 1000);
            System.out.printf(
                    "processes reporting: %d%n",
                    ingester.store().current().processes().size());
            System.out.printf(
                    "WebSocket bytes/s, no subscription (everything, as top reads it): %,d%n",
                    bytesPerSecond(ingester.httpPort(), null));
            System.out.printf(
                    "WebSocket bytes/s, default view (Overview, all groups): %,d%n",
                    bytesPerSecond(
                            ingester.httpPort(),
                            "{\"type\":\"subscribe\",\"group\":null,\"process\":null,\"view\":\"overview\"}"));
            System.out.printf(
                    "WebSocket bytes/s, one process subscribed: %,d%n",
                    bytesPerSecond(
                            ingester.httpPort(),
                            "{\"type\":\"subscribe\",\"group\":null,\"process\":\"" + anyProcessKey(ingester)
                                    + "\",\"view\":\"overview\"}"));

            ChromeDriver driver = UiBrowserIT.chromium(dir.resolve("profile"));
            try {
                JavascriptExecutor js = driver;
                driver.executeCdpCommand("Performance.enable", Map.of());
                driver.get(base);
                new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> (Boolean)
                        js.executeScript("return performance.getEntriesByName('telemetry-first-data').length > 0"));
                System.out.printf(
                        "first paint with data: %.0f ms after navigation start%n",
                        ((Number) js.executeScript(
                                        "return performance.getEntriesByName('telemetry-first-data')[0].startTime"))
                                .doubleValue());
                Thread.sleep(10_000); // settle before the steady-state sample (a benchmark, not a test)
                double busy0 = metric(driver, "TaskDuration");
                long t0 = System.nanoTime();
                Thread.sleep(30_000);
                double busy = (metric(driver, "TaskDuration") - busy0) / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("main thread busy, steady state, Overview of all groups: %.1f %%%n", busy * 100);
                driver.executeCdpCommand("HeapProfiler.enable", Map.of());
                driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
                System.out.printf("JS heap after 40 s: %.2f MiB%n", metric(driver, "JSHeapUsedSize") / 1048576);
                // one sample a minute, after a forced GC, written as CSV beside the log so the curve can be read
                Path csv = Path.of("target", "ui-churn-heap.csv");
                Files.createDirectories(csv.getParent());
                StringBuilder rows = new StringBuilder("minute,utc,processes_in_ingester,simulator_running,"
                        + "js_heap_used_mib,js_heap_total_mib,dom_nodes,js_event_listeners\n");
                List<double[]> samples = new java.util.ArrayList<>();
                for (long m = 1; m <= churnMinutes; m++) {
                    Thread.sleep(60_000);
                    driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
                    double used = metric(driver, "JSHeapUsedSize") / 1048576;
                    samples.add(new double[] {m, used});
                    String row = String.format(
                            java.util.Locale.ROOT,
                            "%d,%s,%d,%b,%.3f,%.3f,%.0f,%.0f",
                            m,
                            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            ingester.store().current().processes().size(),
                            !sim.isDone(),
                            used,
                            metric(driver, "JSHeapTotalSize") / 1048576,
                            metric(driver, "Nodes"),
                            metric(driver, "JSEventListeners"));
                    rows.append(row).append('\n');
                    Files.writeString(csv, rows);
                    System.out.println("churn sample: " + row);
                }
                summarise(samples);
            } finally {
                driver.quit();
            }
            sim.cancel(true);
        }
    }

    /** First versus last ten minutes (or thirds of a shorter run) and the least-squares slope. */
    private static void summarise(List<double[]> samples) {
        int n = samples.size();
        if (n < 3) {
            return;
        }
        int k = Math.min(10, n / 3);
        double first =
                samples.subList(0, k).stream().mapToDouble(s -> s[1]).average().orElseThrow();
        double last = samples.subList(n - k, n).stream()
                .mapToDouble(s -> s[1])
                .average()
                .orElseThrow();
        double mx = samples.stream().mapToDouble(s -> s[0]).average().orElseThrow();
        double my = samples.stream().mapToDouble(s -> s[1]).average().orElseThrow();
        double sxy =
                samples.stream().mapToDouble(s -> (s[0] - mx) * (s[1] - my)).sum();
        double sxx =
                samples.stream().mapToDouble(s -> (s[0] - mx) * (s[0] - mx)).sum();
        System.out.printf(
                java.util.Locale.ROOT,
                "JS heap over %d min of churn: first %d min mean %.2f MiB, last %d min mean %.2f MiB, "
                        + "min %.2f, max %.2f, slope %.4f MiB/min%n",
                n,
                k,
                first,
                k,
                last,
                samples.stream().mapToDouble(s -> s[1]).min().orElseThrow(),
                samples.stream().mapToDouble(s -> s[1]).max().orElseThrow(),
                sxy / sxx);
    }

    private static String anyProcessKey(Ingester ingester) {
        return ingester.store().current().processes().get(0).key();
    }

    @SuppressWarnings("unchecked")
    private static double metric(ChromeDriver driver, String name) {
        Map<String, Object> r = driver.executeCdpCommand("Performance.getMetrics", Map.of());
        for (Map<String, Object> m : (List<Map<String, Object>>) r.get("metrics")) {
            if (name.equals(m.get("name"))) {
                return ((Number) m.get("value")).doubleValue();
            }
        }
        return Double.NaN;
    }

    /** Bytes the WebSocket carries per second over 20 s (after its first snapshot). */
    private static long bytesPerSecond(int port, String subscribe) throws Exception {
        AtomicLong bytes = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + port)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        if (messages.get() > 1) {
                            bytes.addAndGet(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                        }
                        if (last) {
                            messages.incrementAndGet();
                        }
                        w.request(1);
                        return null;
                    }
                })
                .join();
        if (subscribe != null) {
            ws.sendText(subscribe, true).join();
        }
        Thread.sleep(5_000);
        long b0 = bytes.get();
        Thread.sleep(20_000);
        long perSecond = (bytes.get() - b0) / 20;
        ws.abort();
        return perSecond;
    }
}
