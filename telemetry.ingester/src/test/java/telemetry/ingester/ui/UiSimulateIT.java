package telemetry.ingester.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import telemetry.ingester.Cli;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;

/**
 * The UI fed by the ingester's own {@code simulate} (restarts, slow requests, many slots) for half a
 * minute: every view shows something of it, nothing goes to the console, and the screenshots under
 * target/ui-screenshots/simulate-*.png show the views as a person meets them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiSimulateIT {

    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    private Path dir;
    private Ingester ingester;
    private CompletableFuture<Cli> simulator;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-ui-sim");
        IngesterConfig config =
                IngesterConfig.defaults(dir.resolve("t.sock"), 0).withBroadcastPeriod(Duration.ofMillis(500));
        ingester = Ingester.start(config, InstantSource.system());
        simulator = CompletableFuture.supplyAsync(() -> Cli.run(
                "simulate",
                "--target",
                "unix:" + config.socketPath(),
                "--processes",
                "8",
                "--groups",
                "3",
                "--duration",
                "60s",
                "--lifetime",
                "15s",
                "--slow-probability",
                "0.08",
                "--seed",
                "11"));
        Files.createDirectories(SCREENSHOTS);
        driver = UiBrowserIT.chromium(dir.resolve("profile"));
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (simulator != null) {
            simulator.join();
        }
        if (ingester != null) {
            ingester.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private long count(String css) {
        return (Long) ((JavascriptExecutor) driver)
                .executeScript("return document.querySelectorAll(arguments[0]).length;", css);
    }

    private void screenshot(String name) throws Exception {
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SCREENSHOTS.resolve("simulate-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private long messages() {
        return Long.parseLong(String.valueOf(js("return document.body.dataset.messages || '0'")));
    }

    private void tab(String name) {
        js("document.querySelector('.tabs [data-tab=" + name + "]').click()");
    }

    @Test
    void everyViewShowsTheSimulatedTraffic() throws Exception {
        driver.get("http://127.0.0.1:" + ingester.httpPort() + "/");
        // half a minute of history (two messages a second), with restarts behind it
        wait.until(d -> messages() >= 60 && count("[data-test=process-table] tbody tr") >= 8);
        assertTrue(count("[data-test=process-table] tbody tr") >= 8, "eight processes (and the restarted ones)");
        assertEquals(3L, count("[data-test=group-filter] option") - 1, "three groups");
        assertTrue(
                Double.parseDouble(
                                String.valueOf(js("return document.querySelector('[data-test=total-rps]').textContent"))
                                        .replace(",", ""))
                        > 0,
                "requests per second");
        screenshot("overview");

        tab("capacity");
        wait.until(d -> count("[data-test=heat-panel]") >= 8);
        screenshot("capacity");

        tab("processes");
        wait.until(d -> (Boolean) js("return [...document.querySelectorAll('[data-test=event-reason]')]"
                + ".some(e => e.textContent === 'simulated_restart')"));
        screenshot("processes");

        tab("slow");
        wait.until(d -> count("[data-test=slow-table] tbody tr") >= 1);
        js("document.querySelector('[data-test=slow-table] tbody tr').click()");
        wait.until(d -> count("[data-test=slow-detail]:not([hidden])") == 1);
        screenshot("slow-requests");

        tab("gc");
        screenshot("gc");

        js("document.querySelector('[data-test=group-filter]').value = 'group-a';"
                + "document.querySelector('[data-test=group-filter]').dispatchEvent(new Event('change'))");
        tab("overview");
        wait.until(d -> (Boolean) js("return location.hash.includes('group=group-a')"));
        // per-process lines start when the group is chosen: let a few seconds of them come in
        long seen = messages();
        wait.until(d -> messages() >= seen + 12);
        screenshot("overview-group");

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "browser console");
    }
}
