package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static telemetry.testing.Datagrams.kind;
import static telemetry.testing.Datagrams.lifecycle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogReaderService;
import telemetry.testing.DatagramReceiver;
import telemetry.testing.Datagrams;
import telemetry.wire.Kind;

/**
 * The singleton {@code telemetry.reporter} configures the reporter whatever the order in which it
 * and a factory configuration {@code telemetry.reporter~name} arrive, in a real Felix with SCR,
 * Config Admin and FileInstall. Felix SCR gives each configuration PID of a component either to
 * singleton or to factory configurations, whichever it sees first (and, when a component is
 * enabled, to the factory ones if any exist), and then drops the other kind: a reporter whose
 * singleton went through SCR never started once a factory configuration had been seen. The
 * factory configuration is rejected with an ERROR either way and left as it is.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixConfigurationOrderIT {

    private static final String PID = "telemetry.reporter";
    private static final String FACTORY_NAME = "extra";
    private static final String FACTORY_PID = PID + "~" + FACTORY_NAME;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    LogReaderService logReader;

    private ReporterState reporterState;

    @Configuration
    public Option[] configuration() {
        return options(
                ItestOptions.felixCore(ItestOptions.workFolder("felix-order-etc")),
                ItestOptions.felixJetty9(ItestOptions.freePort()),
                ItestOptions.telemetryBundles());
    }

    private Path etc() {
        return Paths.get(context.getProperty(ItestOptions.FILEINSTALL_DIR));
    }

    private Path singletonFile() {
        return etc().resolve(PID + ".cfg");
    }

    /** FileInstall makes {@code telemetry.reporter~extra} from {@code telemetry.reporter-extra.cfg}. */
    private Path factoryFile() {
        return etc().resolve(PID + "-" + FACTORY_NAME + ".cfg");
    }

    private HttpCalls http() {
        return HttpCalls.local(Integer.parseInt(context.getProperty(ItestOptions.HTTP_PORT)));
    }

    private Bundle reporterBundle() {
        return Arrays.stream(context.getBundles())
                .filter(b -> PID.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + PID + " is not installed"));
    }

    /** Puts a .cfg in the FileInstall folder, as a user (or a provisioning tool) does. */
    private static void write(Path cfg, String service) throws Exception {
        Files.writeString(cfg, "service = " + service + "\n", StandardCharsets.UTF_8);
    }

    /** Waits until the factory configuration is rejected and answers the rejection. */
    private String awaitFactoryRejected(long since) throws Exception {
        String rejection = Await.until("the factory configuration " + FACTORY_PID + " rejected", WAIT, () -> {
            String r = reporterState.status("telemetry.reporter.rejection");
            return r != null && r.contains(FACTORY_PID) ? r : null;
        });
        // What was wrong (a factory configuration, named) and what is accepted (the singleton PID).
        assertTrue(
                rejection, rejection.contains("factory configuration") && rejection.contains("singleton PID " + PID));
        List<String> errors = Await.until("an ERROR entry for " + FACTORY_PID, WAIT, () -> {
            List<String> e =
                    reporterState.errorsSince(since, FACTORY_PID, "factory configuration", "singleton PID " + PID);
            return e.isEmpty() ? null : e;
        });
        assertEquals(errors.toString(), 1, errors.size());
        return rejection;
    }

    /** The reporter sends from {@code mark} on and counts a request served now. */
    private void awaitReporting(DatagramReceiver receiver, int mark, String when) throws Exception {
        receiver.await(mark, kind(Kind.PROCESS_STARTED), WAIT, "PROCESS_STARTED " + when);
        Await.until(
                "state reporting " + when,
                WAIT,
                () -> "reporting".equals(reporterState.status("telemetry.reporter.state")));
        receiver.await(receiver.count(), kind(Kind.REQUEST_METRICS), WAIT, "a sample " + when);
        int before = receiver.count();
        assertEquals(200, http().get("/demo/fast").status());
        receiver.awaitAll(before, all -> Datagrams.requests(all) == 1, WAIT, "the request reported " + when);
    }

    /**
     * Every test starts from nothing: no .cfg of the reporter in the FileInstall folder, no
     * configuration of the PID (singleton or factory), reporting off, nothing rejected.
     */
    @Before
    public void nothingConfigured() throws Exception {
        reporterState = new ReporterState(context, configAdmin, logReader);
        reporterState.clear(WAIT);
    }

    /**
     * FileInstall delivers {@code telemetry.reporter-extra.cfg} before {@code telemetry.reporter.cfg}:
     * the factory configuration is rejected, the singleton starts the reporter all the same, and the
     * factory configuration is left in Config Admin.
     */
    @Test
    public void factoryConfigurationFirst() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(ItestOptions.socketPath("tlm-ord"))) {
            long since = System.currentTimeMillis();
            write(factoryFile(), receiver.service(1.0));
            awaitFactoryRejected(since);
            assertEquals("off", reporterState.status("telemetry.reporter.state"));
            assertEquals("nothing sent for a factory configuration", 0, receiver.count());

            write(singletonFile(), receiver.service(0.5));
            try {
                awaitReporting(receiver, 0, "after the singleton, which came second");
            } catch (Exception e) {
                throw new AssertionError(
                        "state " + reporterState.status("telemetry.reporter.state") + ", rejection "
                                + reporterState.status("telemetry.reporter.rejection") + ", errors "
                                + reporterState.errorsSince(since),
                        e);
            }
            String rejection = reporterState.status("telemetry.reporter.rejection");
            assertTrue(
                    "the factory configuration is still reported as rejected: " + rejection,
                    rejection != null && rejection.contains(FACTORY_PID));
            assertFactoryConfigurationKept();
            assertEquals(
                    "PROCESS_STARTED",
                    1,
                    receiver.received().stream()
                            .filter(kind(Kind.PROCESS_STARTED))
                            .count());
        } finally {
            Files.deleteIfExists(singletonFile());
            Files.deleteIfExists(factoryFile());
        }
    }

    /**
     * The singleton first, then the factory configuration: rejected while reporting goes on. With
     * both present, a restart of the reporter bundle (SCR then sees both at once) and removing the
     * factory configuration leave reporting on.
     */
    @Test
    public void singletonFirstAndBothAtRestart() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(ItestOptions.socketPath("tlm-ord"))) {
            write(singletonFile(), receiver.service(0.5));
            awaitReporting(receiver, 0, "after the singleton");

            long since = System.currentTimeMillis();
            int mark = receiver.count();
            write(factoryFile(), receiver.service(1.0));
            awaitFactoryRejected(since);
            assertEquals("reporting", reporterState.status("telemetry.reporter.state"));
            assertFactoryConfigurationKept();

            // Both configurations exist when the bundle starts: the singleton wins again.
            Bundle reporter = reporterBundle();
            reporter.stop();
            receiver.await(mark, lifecycle(Kind.PROCESS_STOPPED, "bundle_stopping"), WAIT, "STOPPED (bundle_stopping)");
            mark = receiver.count();
            since = System.currentTimeMillis();
            reporter.start();
            try {
                awaitReporting(receiver, mark, "after a restart with both configurations present");
            } catch (Exception e) {
                throw new AssertionError(
                        "state " + reporterState.status("telemetry.reporter.state") + ", rejection "
                                + reporterState.status("telemetry.reporter.rejection") + ", errors "
                                + reporterState.errorsSince(since),
                        e);
            }
            awaitFactoryRejected(since);

            // Removing the factory file clears its rejection and touches nothing else.
            mark = receiver.count();
            Files.delete(factoryFile());
            Await.until(
                    "the factory rejection cleared",
                    WAIT,
                    () -> reporterState.status("telemetry.reporter.rejection") == null);
            assertEquals("reporting", reporterState.status("telemetry.reporter.state"));
            receiver.await(receiver.count(), kind(Kind.REQUEST_METRICS), WAIT, "a sample after the factory file left");
            assertFalse(
                    "no STOPPING when the factory configuration left",
                    receiver.since(mark).stream().anyMatch(kind(Kind.PROCESS_STOPPING)));
        } finally {
            Files.deleteIfExists(singletonFile());
            Files.deleteIfExists(factoryFile());
        }
    }

    /** Rejected, not deleted: the user's factory configuration stays in Config Admin. */
    private void assertFactoryConfigurationKept() throws Exception {
        org.osgi.service.cm.Configuration[] factory =
                configAdmin.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + PID + ")");
        assertTrue("the factory configuration is kept", factory != null && factory.length == 1);
        assertEquals(FACTORY_PID, factory[0].getPid());
    }
}
