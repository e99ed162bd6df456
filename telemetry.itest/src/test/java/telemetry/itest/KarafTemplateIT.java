package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static telemetry.testing.Datagrams.kind;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import telemetry.api.MetricsAccessor;
import telemetry.testing.DatagramReceiver;
import telemetry.testing.Datagrams;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;

/**
 * The README's Karaf steps with nothing prepared: {@code feature:install} puts the commented
 * {@code etc/telemetry.reporter.cfg} in place, nothing reports and nothing is rejected; the
 * in-process accessor works; the user uncomments {@code service} in the file and reporting starts
 * without a restart. {@code telemetry:status} in Karaf's shell says so.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafTemplateIT {

    private static final String PORT_PROPERTY = "telemetry.itest.http.port";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BundleContext context;

    @Inject
    MetricsAccessor accessor;

    @Inject
    SessionFactory shell;

    @Configuration
    public Option[] configuration() {
        int port = ItestOptions.freePort();
        return options(
                KarafOptions.karaf(port),
                systemProperty(PORT_PROPERTY).value(Integer.toString(port)),
                features(KarafOptions.telemetryFeatures(), "telemetry-demo"),
                ItestOptions.receiverBundle());
    }

    private String run(String... commands) throws Exception {
        return KarafShell.run(shell, commands);
    }

    private String status(String property) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(telemetry.reporter.state=*)");
        return refs == null || refs[0].getProperty(property) == null
                ? null
                : refs[0].getProperty(property).toString();
    }

    @Test
    public void templateReportsNothingUntilServiceIsSet() throws Exception {
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "telemetry.reporter.cfg");
        String template = Await.until(
                "etc/telemetry.reporter.cfg installed by the feature",
                WAIT,
                () -> Files.isRegularFile(cfg) ? Files.readString(cfg, StandardCharsets.UTF_8) : null);
        assertTrue(template, template.contains("#service = unix:"));

        HttpCalls http = HttpCalls.local(Integer.getInteger(PORT_PROPERTY));
        http.awaitStatus("/demo/fast", 200, WAIT);
        assertEquals("off", Await.until("the reporter's status", WAIT, () -> status("telemetry.reporter.state")));
        assertNull("nothing rejected", status("telemetry.reporter.rejection"));
        String printed = run("telemetry:status");
        assertTrue(
                printed, printed.matches("(?s).*reporting:\\s+off.*") && printed.contains("rejected configuration:"));

        // Not reporting externally: the in-process accessor works.
        accessor.startRecordingMetrics();
        accessor.requestMetrics();
        assertEquals(200, http.get("/demo/fast").status());
        long[] seen = {0};
        Await.until("the request in the accessor", WAIT, () -> {
            var m = accessor.requestMetrics();
            seen[0] += m == null ? 0 : m.requestCount();
            return seen[0] >= 1 ? Boolean.TRUE : null;
        });
        assertNotNull(accessor.processMetrics());

        // The user sets 'service' in the file: reporting starts, no restart.
        Path socket = ItestOptions.socketPath("tlm-kt");
        try (DatagramReceiver receiver = DatagramReceiver.bind(socket)) {
            Files.writeString(
                    cfg,
                    template.replace(
                            "#service = unix:/run/telemetry/telemetry.sock interval=1.0",
                            "service = " + receiver.service(0.5)),
                    StandardCharsets.UTF_8);
            Datagram started =
                    receiver.await(0, kind(Kind.PROCESS_STARTED), WAIT, "PROCESS_STARTED after editing the file");
            assertEquals(
                    "the default process group in Karaf is karaf.name",
                    System.getProperty("karaf.name"),
                    started.text(Field.PROCESS_GROUP));
            receiver.await(receiver.count(), kind(Kind.REQUEST_METRICS), WAIT, "a sample");
            int mark = receiver.count();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, http.get("/demo/fast").status());
            }
            List<Datagram> after =
                    receiver.awaitAll(mark, all -> Datagrams.requests(all) >= 3, WAIT, "3 requests reported");
            assertEquals(3, Datagrams.sum(after, Field.STATUS_2XX_TOTAL));
            Await.until("the accessor standing down", WAIT, () -> accessor.processMetrics() == null);
            String reporting = run("telemetry:status");
            assertTrue(
                    reporting,
                    reporting.matches("(?s).*reporting:\\s+on.*")
                            && reporting.contains(receiver.path().toString()));
        } finally {
            ItestOptions.removeSocketFolder(socket);
        }
    }
}
