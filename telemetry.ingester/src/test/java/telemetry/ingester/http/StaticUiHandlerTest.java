package telemetry.ingester.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;

/**
 * The browser UI's files as a real Jetty serves them: the page, its modules and the vendored chart
 * library with its licence, under a strict Content-Security-Policy, and nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticUiHandlerTest {

    private Path dir;
    private Ingester ingester;
    private int port;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("ingester-ui");
        ingester = Ingester.start(IngesterConfig.defaults(dir.resolve("t.sock"), 0), InstantSource.system());
        port = ingester.httpPort();
    }

    @AfterAll
    void stop() throws Exception {
        ingester.close();
        Files.deleteIfExists(dir);
    }

    private RawHttp.Reply get(String path) throws Exception {
        return RawHttp.request(port, "GET " + path + " HTTP/1.1", "Host: 127.0.0.1:" + port);
    }

    private static String header(RawHttp.Reply reply, String name) {
        Matcher m =
                Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*)$").matcher(reply.head());
        return m.find() ? m.group(1).trim() : null;
    }

    @Test
    void thePageLoadsItsModulesFromThisOriginWithNoInlineScript() throws Exception {
        RawHttp.Reply page = get("/");
        assertEquals(200, page.status());
        assertTrue(header(page, "Content-Type").startsWith("text/html"), page.head());
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"), page.body());
        // every <script> has a src: nothing inline for the policy to forbid
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page.body());
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src="), "inline script: " + scripts.group());
        }
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from another origin");
    }

    @Test
    void everyResponseCarriesTheStrictPolicy() throws Exception {
        for (String path : new String[] {"/", "/js/app.js", "/css/app.css", "/api/state", "/nope"}) {
            String csp = header(get(path), "Content-Security-Policy");
            assertEquals(StaticUiHandler.CONTENT_SECURITY_POLICY, csp, path);
        }
        String csp = StaticUiHandler.CONTENT_SECURITY_POLICY;
        assertTrue(csp.contains("script-src 'self';") && csp.contains("connect-src 'self';"), csp);
        assertFalse(csp.contains("unsafe"), csp);
        assertEquals("nosniff", header(get("/js/app.js"), "X-Content-Type-Options"));
    }

    @Test
    void modulesAndTheChartLibraryAreServedWithTheirTypesAndLicence() throws Exception {
        RawHttp.Reply app = get("/js/app.js");
        assertEquals(200, app.status());
        assertTrue(header(app, "Content-Type").startsWith("text/javascript"), app.head());
        RawHttp.Reply uplot = get("/vendor/uplot/uPlot.esm.js");
        assertEquals(200, uplot.status());
        assertTrue(uplot.body().contains("export { uPlot as default }"), "the ES module build of uPlot");
        RawHttp.Reply licence = get("/vendor/uplot/LICENSE");
        assertEquals(200, licence.status());
        assertTrue(licence.body().contains("MIT License"), licence.body());
        assertEquals(200, get("/vendor/uplot/uPlot.min.css").status());
    }

    @Test
    void noFolderListingsNoEscapesAndTheApiStillAnswers() throws Exception {
        assertTrue(get("/js/").status() >= 400, "no directory listing");
        assertTrue(get("/../pom.xml").status() >= 400);
        assertTrue(get("/js/../../telemetry/ingester/Main.class").status() >= 400);
        assertEquals(404, get("/nope").status());
        RawHttp.Reply state = get("/api/state");
        assertEquals(200, state.status());
        assertTrue(state.body().startsWith("{\"type\":\"state\""), state.body());
        assertEquals(200, get("/metrics").status());
        assertEquals(
                403,
                RawHttp.request(port, "GET / HTTP/1.1", "Host: evil.example:" + port)
                        .status(),
                "the Host guard stays in front of the UI");
    }
}
