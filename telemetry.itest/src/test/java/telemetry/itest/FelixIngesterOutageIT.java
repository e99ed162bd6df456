package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Hashtable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/**
 * The faults an ingester meets in production, with the real reporter in Felix and the real ingester
 * in its own process: stalled (SIGSTOP) while reporting, then resumed; killed (SIGKILL, its socket
 * file left behind), then restarted on the same path. Requests are served throughout, the reporter
 * counts what it could not send, the ingester sees exactly as many seq gaps, and a restarted
 * ingester hears the process again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixIngesterOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double INTERVAL = 0.5;
    private static final Pattern DROPPED = Pattern.compile("datagrams dropped:\\s+(\\d+)");

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] configuration() {
        return options(
                ItestOptions.felixCore(ItestOptions.workFolder("felix-outage-etc")),
                ItestOptions.felixJetty9(ItestOptions.freePort()),
                ItestOptions.telemetryBundles(),
                ItestOptions.jacksonBundles());
    }

    /** The reporter's own count of datagrams it could not send, from telemetry:status. */
    private long reporterDropped() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=telemetry)");
        Object command = context.getService(refs[0]);
        try {
            String status = (String) command.getClass().getMethod("status").invoke(command);
            Matcher m = DROPPED.matcher(status);
            assertTrue(status, m.find());
            return Long.parseLong(m.group(1));
        } finally {
            context.ungetService(refs[0]);
        }
    }

    /**
     * How long the kernel queue of a stalled receiver takes to fill at the reporter's pace (about two
     * datagrams a tick), whatever {@code net.unix.max_dgram_qlen} this host has.
     */
    private static Duration timeToFillTheQueue() throws Exception {
        long qlen = Long.parseLong(
                Files.readString(Paths.get("/proc/sys/net/unix/max_dgram_qlen")).trim());
        return WAIT.plusSeconds((long) (qlen * INTERVAL));
    }

    @Test
    public void stalledAndKilledIngesterNeverBreaksServingAndLossesAreAccountedFor() throws Exception {
        long pid = ProcessHandle.current().pid();
        HttpCalls http = HttpCalls.local(Integer.parseInt(context.getProperty(ItestOptions.HTTP_PORT)));
        http.awaitStatus("/demo/fast", 200, WAIT);
        Path socket = ItestOptions.socketPath("tlm-out");
        try {
            IngesterServe ingester = IngesterServe.start(socket);
            try {
                Hashtable<String, Object> settings = new Hashtable<>();
                settings.put("service", "unix:" + socket + " interval=" + INTERVAL);
                configAdmin.getConfiguration("telemetry.reporter", "?").update(settings);
                Await.until("the ingester hearing this framework", WAIT, () -> ingester.process(pid));
                assertEquals("nothing dropped before the stall", 0, reporterDropped());

                // Stalled: the kernel queue fills, the reporter drops and counts; requests are served.
                ingester.signal("STOP");
                for (int i = 0; i < 200; i++) {
                    assertEquals(200, http.get("/demo/fast").status());
                }
                Await.until(
                        "the reporter dropping while the ingester is stalled",
                        timeToFillTheQueue(),
                        () -> reporterDropped() > 0);
                ingester.signal("CONT");
                // Every datagram the reporter dropped is a seq gap the ingester sees once the next one arrives.
                JsonNode accounted = Await.until("the ingester's drops equal to the reporter's", WAIT, () -> {
                    JsonNode p = ingester.process(pid);
                    return p != null && p.path("drops").asLong() == reporterDropped() ? p : null;
                });
                assertTrue("drops seen on both sides", accounted.path("drops").asLong() > 0);

                // Killed: the socket file stays behind and nobody reads it.
                ingester.signal("KILL");
                assertTrue("the ingester died", ingester.awaitExit());
                assertTrue("SIGKILL leaves the socket file", Files.exists(socket));
                long beforeDead = reporterDropped();
                for (int i = 0; i < 50; i++) {
                    assertEquals(200, http.get("/demo/fast").status());
                }
                Await.until("the reporter dropping while nobody listens", WAIT, () -> reporterDropped() > beforeDead);
            } finally {
                ingester.close();
            }

            // Restarted on the same path: the stale socket is replaced and the process is heard again.
            try (IngesterServe restarted = IngesterServe.start(socket)) {
                JsonNode heard = Await.until(
                        "the restarted ingester hearing this framework", WAIT, () -> restarted.process(pid));
                assertEquals("running", heard.path("state").asText());
                long dropped = reporterDropped();
                // Two more samples reach it, and the reporter drops nothing more: it is connected again.
                double seen = heard.path("last_seen").asDouble();
                Await.until(
                        "two more samples",
                        WAIT,
                        () -> restarted.process(pid).path("last_seen").asDouble() >= seen + 2 * INTERVAL - 0.05);
                assertEquals("nothing dropped once the ingester is back", dropped, reporterDropped());
                assertEquals(
                        "no seq gap after the restart",
                        0,
                        restarted.process(pid).path("drops").asLong());
            }
        } finally {
            configAdmin.getConfiguration("telemetry.reporter", "?").delete();
            ItestOptions.removeSocketFolder(socket);
        }
    }
}
