package telemetry.ingester.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.JsonTrees;

/**
 * {@code --root-path} and {@code --allow-origin}: everything is served under the prefix and nothing
 * outside it; a proxy's public origin is accepted as Host and as Origin, other hosts and origins
 * still are not.
 */
class ProxyOptionsTest {

    @Test
    void servedUnderTheRootPathAndAcceptingTheProxysOrigin() throws Exception {
        Path dir = Files.createTempDirectory("ingester-proxy");
        IngesterConfig config = IngesterConfig.defaults(dir.resolve("p.sock"), 0)
                .withProxy("/ops/telemetry", List.of("https://proxy.example", "http://10.1.2.3:8080"));
        try (Ingester ingester = Ingester.start(config, InstantSource.system())) {
            int port = ingester.httpPort();
            String local = "Host: 127.0.0.1:" + port;
            assertTrue(
                    ingester.http().url().endsWith(":" + port + "/ops/telemetry/"),
                    ingester.http().url());

            RawHttp.Reply state = RawHttp.request(port, "GET /ops/telemetry/api/state HTTP/1.1", local);
            assertEquals(200, state.status(), state.head());
            assertEquals(0, JsonTrees.parse(state.body()).get("processes").size());
            assertEquals(
                    200,
                    RawHttp.request(port, "GET /ops/telemetry/metrics HTTP/1.1", local)
                            .status());
            assertEquals(
                    200,
                    RawHttp.request(port, "GET /ops/telemetry/ HTTP/1.1", local).status());
            assertEquals(
                    404, RawHttp.request(port, "GET /api/state HTTP/1.1", local).status(), "not outside the prefix");
            assertEquals(
                    404,
                    RawHttp.request(port, "GET /ops/api/state HTTP/1.1", local).status());
            RawHttp.Reply bare = RawHttp.request(port, "GET /ops/telemetry HTTP/1.1", local);
            assertEquals(3, bare.status() / 100, "the bare prefix redirects: " + bare.head());
            assertTrue(
                    bare.head().toLowerCase().matches("(?s).*\\nlocation: /ops/telemetry/(\\r)?(\\n.*)?"),
                    "a relative Location, right behind a proxy too: " + bare.head());

            // the proxy's public names, as it forwards them
            assertEquals(
                    200,
                    RawHttp.request(port, "GET /ops/telemetry/api/state HTTP/1.1", "Host: proxy.example")
                            .status());
            assertEquals(
                    200,
                    RawHttp.request(port, "GET /ops/telemetry/api/state HTTP/1.1", "Host: 10.1.2.3:8080")
                            .status());
            assertEquals(
                    403,
                    RawHttp.request(port, "GET /ops/telemetry/api/state HTTP/1.1", "Host: proxy.example:8443")
                            .status());
            assertEquals(
                    403,
                    RawHttp.request(port, "GET /ops/telemetry/api/state HTTP/1.1", "Host: evil.example")
                            .status());
            assertEquals(
                    200,
                    RawHttp.request(
                                    port,
                                    "POST /ops/telemetry/api/slow/clear HTTP/1.1",
                                    "Host: proxy.example",
                                    "Content-Length: 0",
                                    "Origin: https://proxy.example")
                            .status());
            assertEquals(
                    403,
                    RawHttp.request(
                                    port,
                                    "POST /ops/telemetry/api/slow/clear HTTP/1.1",
                                    "Host: proxy.example",
                                    "Content-Length: 0",
                                    "Origin: http://proxy.example")
                            .status(),
                    "another scheme is another origin");
            assertEquals(
                    403,
                    RawHttp.request(
                                    port,
                                    "POST /ops/telemetry/api/slow/clear HTTP/1.1",
                                    "Host: proxy.example",
                                    "Content-Length: 0",
                                    "Origin: https://evil.example")
                            .status());

            // the WebSocket under the prefix, opened from the proxy's origin
            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "https://proxy.example")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ops/telemetry/ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                first.complete(text.toString());
                            }
                            webSocket.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            assertEquals(
                    "snapshot",
                    JsonTrees.parse(first.get(10, TimeUnit.SECONDS)).get("type").asText());
            ws.abort();
        }
    }
}
