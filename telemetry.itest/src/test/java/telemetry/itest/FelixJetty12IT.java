package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static telemetry.testing.Datagrams.kind;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import telemetry.testing.DatagramReceiver;
import telemetry.testing.Datagrams;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;
import telemetry.wire.Phase;

/**
 * The same bundles on Felix HTTP Jetty12 1.1.8 (Jetty 12, the Jakarta Servlet Whiteboard, which
 * also serves javax whiteboard services): a Jakarta servlet registered by the test and the javax
 * demo application are both captured, each request exactly once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixJetty12IT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] configuration() {
        int port = ItestOptions.freePort();
        return options(
                ItestOptions.felixCore(ItestOptions.workFolder("jetty12-etc")),
                composite(
                        frameworkProperty(ItestOptions.HTTP_PORT).value(Integer.toString(port)),
                        frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                        // Both servlet contracts (javax 4 and Jakarta 6) in one bundle.
                        mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api", "3.0.0"),
                        mavenBundle("commons-io", "commons-io").versionAsInProject(),
                        mavenBundle("commons-fileupload", "commons-fileupload").versionAsInProject(),
                        mavenBundle("org.ow2.asm", "asm").versionAsInProject(),
                        mavenBundle("org.ow2.asm", "asm-tree").versionAsInProject(),
                        mavenBundle("org.ow2.asm", "asm-analysis").versionAsInProject(),
                        mavenBundle("org.ow2.asm", "asm-commons").versionAsInProject(),
                        mavenBundle("org.ow2.asm", "asm-util").versionAsInProject(),
                        mavenBundle("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle")
                                .versionAsInProject(),
                        mavenBundle("org.slf4j", "slf4j-api").versionAsInProject(),
                        mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject(),
                        mavenBundle("org.apache.felix", "org.apache.felix.http.jetty12")
                                .versionAsInProject()),
                ItestOptions.telemetryBundles());
    }

    /** A plain Jakarta servlet, registered with the Jakarta Servlet Whiteboard. */
    static final class JakartaHelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getPathInfo() != null && request.getPathInfo().startsWith("/missing")) {
                response.sendError(404);
                return;
            }
            response.setContentType("text/plain");
            response.getWriter().println("hello from jakarta");
        }
    }

    @Test
    public void jakartaAndJavaxRequestsAreCapturedOnceEach() throws Exception {
        Bundle jetty = Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.felix.http.jetty12".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        assertEquals("jetty12 state", Bundle.ACTIVE, jetty.getState());
        for (String name :
                List.of("telemetry.api", "telemetry.reporter", "telemetry.http.whiteboard", "telemetry.demo")) {
            Bundle bundle = Arrays.stream(context.getBundles())
                    .filter(b -> name.equals(b.getSymbolicName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is not installed"));
            assertEquals(name + " state", Bundle.ACTIVE, bundle.getState());
        }

        Dictionary<String, Object> servletProperties = new Hashtable<>();
        servletProperties.put("osgi.http.whiteboard.servlet.pattern", "/jakarta/*");
        servletProperties.put("osgi.http.whiteboard.servlet.name", "itest.jakarta");
        ServiceRegistration<Servlet> servlet =
                context.registerService(Servlet.class, new JakartaHelloServlet(), servletProperties);
        try (DatagramReceiver receiver = DatagramReceiver.bind(ItestOptions.socketPath("tlm-j12"))) {
            HttpCalls http = HttpCalls.local(Integer.parseInt(context.getProperty(ItestOptions.HTTP_PORT)));
            http.awaitStatus("/jakarta/hello", 200, WAIT);
            http.awaitStatus("/demo/fast", 200, WAIT);

            org.osgi.service.cm.Configuration config = configAdmin.getConfiguration("telemetry.reporter", "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("service", receiver.service(0.5));
            properties.put("slow.requests", "1.0");
            config.update(properties);
            Datagram started = receiver.await(0, kind(Kind.PROCESS_STARTED), WAIT, "PROCESS_STARTED");
            assertEquals("jetty", started.text(Field.MPM_NAME));
            receiver.await(receiver.count(), kind(Kind.REQUEST_METRICS), WAIT, "a first sample");
            int mark = receiver.count();

            int ok = 0;
            int notFound = 0;
            int failed = 0;
            for (int i = 0; i < 8; i++) {
                assertEquals(200, http.get("/jakarta/hello?secret=j12-query").status());
                ok++;
            }
            assertEquals(404, http.get("/jakarta/missing").status());
            notFound++;
            for (int i = 0; i < 5; i++) {
                assertEquals(200, http.get("/demo/fast").status());
                ok++;
            }
            assertEquals(500, http.get("/demo/fail").status());
            failed++;
            assertEquals(200, http.get("/demo/async?seconds=0.1").status());
            ok++;
            assertEquals(200, http.post("/demo/upload", 5000).status());
            ok++;
            assertEquals(
                    200, http.get("/demo/slow?seconds=1.2&secret=j12-query").status());
            ok++;
            int total = ok + notFound + failed;

            receiver.awaitAll(mark, all -> Datagrams.requests(all) >= total, WAIT, total + " requests reported");
            receiver.await(receiver.count(), kind(Kind.REQUEST_METRICS), WAIT, "one more sample");
            List<Datagram> seen = receiver.since(mark);
            assertEquals("request_count (each request once)", total, Datagrams.requests(seen));
            assertEquals("status_2xx_total", ok, Datagrams.sum(seen, Field.STATUS_2XX_TOTAL));
            assertEquals("status_4xx_total", notFound, Datagrams.sum(seen, Field.STATUS_4XX_TOTAL));
            assertEquals("status_5xx_total", failed, Datagrams.sum(seen, Field.STATUS_5XX_TOTAL));
            assertEquals("request_time histogram", total, Datagrams.histogramTotal(seen, Phase.REQUEST_TIME));
            assertTrue("input bytes", Datagrams.sum(seen, Field.INPUT_BYTES_TOTAL) >= 5000);
            assertTrue(
                    "the slow request completed",
                    seen.stream()
                            .filter(kind(Kind.SLOW_REQUEST))
                            .anyMatch(d -> d.longValue(Field.SLOW_RECORD_STATE, -1) == 1
                                    && d.longValue(Field.SLOW_STATUS, 0) == 200));
            // The slow request's path is on the wire, its query string is not.
            assertTrue("the slow request's path was sent", Datagrams.anyContains(receiver.receivedRaw(), "/slow"));
            assertFalse("a query string was sent", Datagrams.anyContains(receiver.receivedRaw(), "j12-query"));
            config.delete();
            receiver.await(
                    mark, kind(Kind.PROCESS_STOPPED), WAIT, "PROCESS_STOPPED after the configuration was deleted");
        } finally {
            servlet.unregister();
        }
    }
}
