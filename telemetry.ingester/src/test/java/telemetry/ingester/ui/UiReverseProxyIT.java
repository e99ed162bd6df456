package telemetry.ingester.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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

/**
 * The UI behind a real reverse proxy (Debian's nginx) with basic auth, under the path prefix
 * /telemetry/: the page, the API and the WebSocket all go through the proxy, so the UI's URLs must
 * all be relative. Without credentials the proxy answers 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiReverseProxyIT {

    private static final String USER = "watcher";
    private static final String PASSWORD = "s3cret-pass";

    private Path dir;
    private Ingester ingester;
    private Process nginx;
    private int proxyPort;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-proxy");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            proxyPort = s.getLocalPort();
        }
        // what the README tells a user to run behind a proxy that keeps the prefix
        IngesterConfig config = IngesterConfig.defaults(dir.resolve("t.sock"), 0)
                .withBroadcastPeriod(Duration.ofMillis(250))
                .withProxy("/telemetry", List.of(proxyOrigin()));
        ingester = Ingester.start(config, InstantSource.system());
        try (AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
            sender.connect(AFUNIXSocketAddress.of(config.socketPath()));
            UiTraffic make = new UiTraffic();
            sender.write(java.nio.ByteBuffer.wrap(make.started(777, 1, "behind-proxy", "proxied")));
            sender.write(java.nio.ByteBuffer.wrap(make.sample(
                    777,
                    2,
                    "behind-proxy",
                    "proxied",
                    new double[] {0.010, 0.020, 0.030},
                    new int[] {200, 200, 200},
                    0)));
        }
        assertTrue(ingester.awaitStored(2, Duration.ofSeconds(10)));
        Path prefix = dir.resolve("nginx");
        Files.createDirectories(prefix.resolve("tmp"));
        Files.writeString(prefix.resolve("htpasswd"), USER + ":{PLAIN}" + PASSWORD + "\n");
        String conf;
        try (var in = UiReverseProxyIT.class.getResourceAsStream("/proxy/nginx.conf")) {
            conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        conf = conf.replace("@PREFIX@", prefix.toString())
                .replace("@PORT@", String.valueOf(proxyPort))
                .replace("@INGESTER@", "127.0.0.1:" + ingester.httpPort());
        Files.writeString(prefix.resolve("nginx.conf"), conf);
        nginx = new ProcessBuilder(
                        "/usr/sbin/nginx",
                        "-p",
                        prefix.toString(),
                        "-c",
                        prefix.resolve("nginx.conf").toString(),
                        "-e",
                        prefix.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        await("nginx listening")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    try {
                        http.send(
                                HttpRequest.newBuilder(URI.create(base())).build(),
                                HttpResponse.BodyHandlers.discarding());
                        return true;
                    } catch (java.io.IOException e) {
                        assertTrue(nginx.isAlive(), () -> "nginx ended: " + read(prefix.resolve("error.log")));
                        return false;
                    }
                });
        driver = UiBrowserIT.chromium(dir.resolve("profile"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private String proxyOrigin() {
        return "http://127.0.0.1:" + proxyPort;
    }

    private String auth() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private String base() {
        return "http://127.0.0.1:" + proxyPort + "/telemetry/";
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor();
        }
        if (ingester != null) {
            ingester.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void withoutCredentialsTheProxyRefuses() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + "api/state")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        String auth = auth();
        HttpResponse<String> ok = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + "api/state"))
                                .header("Authorization", auth)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("\"process_group\":\"proxied\""), ok.body());
    }

    @Test
    void thePrefixIsKeptTheBarePrefixRedirectsAndNothingOutsideItIsServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> bare = http.send(
                HttpRequest.newBuilder(URI.create(proxyOrigin() + "/telemetry"))
                        .header("Authorization", auth())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(bare.statusCode() == 301 || bare.statusCode() == 302, "status " + bare.statusCode());
        assertEquals(
                List.of("/telemetry/"),
                bare.headers().allValues("Location"),
                "the ingester's own redirect, through the proxy");
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base()))
                        .header("Authorization", auth())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("src=\"js/app.js\""), page.body());
        // the ingester itself serves nothing outside its prefix
        HttpResponse<String> outside = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingester.httpPort() + "/api/state"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, outside.statusCode());
    }

    @Test
    void aWebSocketFromAnotherSiteIsRefusedThroughTheProxy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.concurrent.CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class,
                () -> http.newWebSocketBuilder()
                        .header("Authorization", auth())
                        .header("Origin", "http://evil.example")
                        .buildAsync(
                                URI.create("ws://127.0.0.1:" + proxyPort + "/telemetry/ws"),
                                new java.net.http.WebSocket.Listener() {})
                        .join());
        assertEquals(
                403,
                ((java.net.http.WebSocketHandshakeException) refused.getCause())
                        .getResponse()
                        .statusCode());
        // the proxy's own origin is admitted by --allow-origin
        java.net.http.WebSocket ok = http.newWebSocketBuilder()
                .header("Authorization", auth())
                .header("Origin", proxyOrigin())
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + proxyPort + "/telemetry/ws"),
                        new java.net.http.WebSocket.Listener() {})
                .join();
        ok.abort();
    }

    @Test
    void theUiWorksEndToEndThroughTheProxyIncludingTheWebSocket() throws Exception {
        driver.get("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + proxyPort + "/telemetry/#tab=overview");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        JavascriptExecutor js = driver;
        wait.until(d ->
                "live".equals(js.executeScript("return document.querySelector('[data-test=connection]').textContent")));
        wait.until(d -> "3"
                .equals(js.executeScript("return document.querySelector('[data-test=total-requests]').textContent")));
        assertEquals(
                "proxied",
                js.executeScript(
                        "return document.querySelector('[data-test=process-table] tbody [data-test=group]').textContent"));
        // the WebSocket went through the proxy: the updates keep arriving
        long before = Long.parseLong((String) js.executeScript("return document.body.dataset.messages"));
        wait.until(
                d -> Long.parseLong((String) js.executeScript("return document.body.dataset.messages")) > before + 2);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of("target", "ui-screenshots"));
        Files.copy(
                shot.toPath(),
                Path.of("target", "ui-screenshots", "behind-proxy.png"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertEquals(List.of(), errors, "browser console");
    }
}
