package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;
import static telemetry.testing.Datagrams.kind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import telemetry.testing.DatagramReceiver;
import telemetry.testing.Datagrams;
import telemetry.wire.Kind;

/**
 * Karaf starts with both {@code etc/telemetry.reporter.cfg} and a factory configuration file
 * {@code etc/telemetry.reporter-extra.cfg} in place, as after any restart once a user has added the
 * second file: the singleton reports, the factory configuration is rejected and kept. (Felix SCR,
 * when both exist as it enables a component, configures it from the factory ones only.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFactoryConfigurationIT {

    private static final String PID = "telemetry.reporter";
    private static final String PORT_PROPERTY = "telemetry.itest.http.port";
    private static final String SOCKET_PROPERTY = "telemetry.itest.socket";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] configuration() {
        int port = ItestOptions.freePort();
        try {
            Path socket = ItestOptions.socketPath("tlm-kfac");
            Path etc = ItestOptions.workFolder("karaf-factory-etc");
            Path singleton = etc.resolve(PID + ".cfg");
            Files.writeString(singleton, "service = unix:" + socket + " interval=0.5\n", StandardCharsets.UTF_8);
            Path factory = etc.resolve(PID + "-extra.cfg");
            Files.writeString(factory, "service = unix:" + socket + " interval=1.0\n", StandardCharsets.UTF_8);
            return options(
                    KarafOptions.karaf(port),
                    systemProperty(PORT_PROPERTY).value(Integer.toString(port)),
                    systemProperty(SOCKET_PROPERTY).value(socket.toString()),
                    replaceConfigurationFile("etc/" + PID + "-extra.cfg", factory.toFile()),
                    replaceConfigurationFile("etc/" + PID + ".cfg", singleton.toFile()),
                    features(KarafOptions.telemetryFeatures(), "telemetry-demo"),
                    ItestOptions.receiverBundle());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String status(String property) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(telemetry.reporter.state=*)");
        return refs == null || refs[0].getProperty(property) == null
                ? null
                : refs[0].getProperty(property).toString();
    }

    @Test
    public void singletonReportsBesideAFactoryConfiguration() throws Exception {
        Path socket = Paths.get(System.getProperty(SOCKET_PROPERTY));
        try (DatagramReceiver receiver = DatagramReceiver.bind(socket)) {
            // The reporter may have started before the receiver existed: it is picked up on the next tick.
            receiver.await(0, kind(Kind.REQUEST_METRICS), WAIT, "a sample from the singleton's reporter");
            assertEquals("reporting", status("telemetry.reporter.state"));
            String rejection = Await.until("the factory configuration rejected", WAIT, () -> {
                String r = status("telemetry.reporter.rejection");
                return r != null && r.contains(PID + "~extra") ? r : null;
            });
            assertTrue(rejection, rejection.contains("singleton PID " + PID));
            org.osgi.service.cm.Configuration[] factory =
                    configAdmin.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + PID + ")");
            assertTrue("the factory configuration is kept", factory != null && factory.length == 1);

            HttpCalls http = HttpCalls.local(Integer.getInteger(PORT_PROPERTY));
            http.awaitStatus("/demo/fast", 200, WAIT);
            // Pax Web may add the preprocessor after the demo already answers: send until one is counted.
            int mark = receiver.count();
            Await.until("a request reported", WAIT, () -> {
                assertEquals(200, http.get("/demo/fast").status());
                return Datagrams.requests(receiver.since(mark)) > 0 ? Boolean.TRUE : null;
            });
        } finally {
            ItestOptions.removeSocketFolder(socket);
        }
    }
}
