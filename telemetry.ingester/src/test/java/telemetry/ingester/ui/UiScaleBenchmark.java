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
            CompletableFuture<Cli> sim = CompletableFuture.supplyAsync(() -> Cli.run("simulate", "--target",
                    "unix:" + config.socketPath(), "--processes", "1000", "--groups", "8", "--slots", "16",
                    "--duration", (churnMinutes * 60 + 120) + "s", "--lifetime", "60s", "--seed", "5"));
            String base = "http://127.0.0.1:" + ingester.httpPort() + "/";
            // wait until the 1,000 processes report
            await("the 1,000 processes reporting").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ingester.store().current().processes().size() >= 1000);
            System.out.printf("processes reporting: %d%n", ingester.store().current().processes().size());
            System.out.printf("WebSocket bytes/s, no subscription (everything, as top reads it): %,d%n",
                    bytesPerSecond(ingester.httpPort(), null));
            System.out.printf("WebSocket bytes/s, default view (Overview, all groups): %,d%n", bytesPerSecond(ingester.httpPort(),
                    "{\"type\":\"subscribe\",\"group\":null,\"process\":null,\"view\":\"overview\"}"));
            System.out.printf("WebSocket bytes/s, one process subscribed: %,d%n", bytesPerSecond(ingester.httpPort(),
                    "{\"type\":\"subscribe\",\"group\":null,\"process\":\"" + anyProcessKey(ingester) + "\",\"view\":\"overview\"}"));

            ChromeDriver driver = UiBrowserIT.chromium(dir.resolve("profile"));
            try {
                JavascriptExecutor js = driver;
                driver.executeCdpCommand("Performance.enable", Map.of());
                driver.get(base);
                new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> (Boolean) js.executeScript(
                        "return performance.getEntriesByName('telemetry-first-data').length > 0"));
                System.out.printf("first paint with data: %.0f ms after navigation start%n",
                        ((Number) js.executeScript("return performance.getEntriesByName('telemetry-first-data')[0].startTime")).doubleValue());
                Thread.sleep(10_000); // settle before the steady-state sample (a benchmark, not a test)
                double busy0 = metric(driver, "TaskDuration");
                long t0 = System.nanoTime();
                Thread.sleep(30_000);
                double busy = (metric(driver, "TaskDuration") - busy0) / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("main thread busy, steady state, Overview of all groups: %.1f %%%n", busy * 100);
                driver.executeCdpCommand("HeapProfiler.enable", Map.of());
                driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
                System.out.printf("JS heap after 40 s: %.1f MiB%n", metric(driver, "JSHeapUsedSize") / 1048576);
                for (long m = 1; m <= churnMinutes; m++) {
                    Thread.sleep(60_000);
                    driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
                    System.out.printf("JS heap after %d min of churn (processes %d): %.1f MiB%n", m,
                            ingester.store().current().processes().size(), metric(driver, "JSHeapUsedSize") / 1048576);
                }
            } finally {
                driver.quit();
            }
            sim.cancel(true);
        }
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
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
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
                }).join();
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
