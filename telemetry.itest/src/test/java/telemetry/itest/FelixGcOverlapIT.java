package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The question GC telemetry exists for, end to end and all real: the reporter in Felix with Jetty
 * reports into the real ingester ({@code serve} in its own process); a request to the demo's slow
 * endpoint is running when this JVM runs a full collection ({@code System.gc()}); the ingester's
 * {@code /api/state} then shows that pause among the GC pauses that overlapped the request's slow
 * record.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixGcOverlapIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] configuration() {
        return options(
                ItestOptions.felixCore(ItestOptions.workFolder("felix-gc-etc")),
                ItestOptions.felixJetty9(ItestOptions.freePort()),
                ItestOptions.telemetryBundles(),
                ItestOptions.jacksonBundles());
    }

    /** This process's slow record for the demo's slow endpoint in {@code state} ("active" or "completed"), or null. */
    private static JsonNode slowRecord(IngesterServe ingester, long pid, String state) throws Exception {
        for (JsonNode s : ingester.state().path("slow_requests")) {
            if (s.path("pid").asLong() == pid
                    && s.path("path_info").asText().endsWith("/slow")
                    && s.path("state").asText().equals(state)) {
                return s;
            }
        }
        return null;
    }

    @Test
    public void aFullGcDuringASlowRequestOverlapsItsRecordInApiState() throws Exception {
        long pid = ProcessHandle.current().pid();
        HttpCalls http = HttpCalls.local(Integer.parseInt(context.getProperty(ItestOptions.HTTP_PORT)));
        http.awaitStatus("/demo/fast", 200, WAIT);
        Path socket = ItestOptions.socketPath("tlm-gc");
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (IngesterServe ingester = IngesterServe.start(socket)) {
            Hashtable<String, Object> settings = new Hashtable<>();
            settings.put("service", "unix:" + socket + " interval=0.5");
            settings.put("slow.requests", "0.5");
            configAdmin.getConfiguration("telemetry.reporter", "?").update(settings);
            Await.until("the ingester hearing this framework's GC snapshots", WAIT, () -> {
                JsonNode p = ingester.process(pid);
                return p != null && !p.path("gc").isNull() && !p.path("gc").isMissingNode() ? p : null;
            });

            Future<Integer> slow =
                    client.submit(() -> http.get("/demo/slow?seconds=3").status());
            Await.until("the slow request running in /api/state", WAIT, () -> slowRecord(ingester, pid, "active"));
            double before = System.currentTimeMillis() / 1000.0;
            System.gc();
            double after = System.currentTimeMillis() / 1000.0;
            assertEquals(200, (int) slow.get(WAIT.toSeconds(), TimeUnit.SECONDS));

            JsonNode completed = Await.until("the completed record, overlapped by the System.gc() pause", WAIT, () -> {
                JsonNode s = slowRecord(ingester, pid, "completed");
                if (s == null) {
                    return null;
                }
                for (JsonNode pause : s.path("gc_pauses").path("pauses")) {
                    if (pause.path("generation").asInt() == 2) {
                        return s;
                    }
                }
                return null;
            });
            JsonNode overlap = completed.path("gc_pauses");
            JsonNode full = null;
            for (JsonNode pause : overlap.path("pauses")) {
                if (pause.path("generation").asInt() == 2) {
                    full = pause;
                }
            }
            assertNotNull(overlap.toString(), full);
            double start = full.path("start_stamp").asDouble();
            double duration = full.path("duration").asDouble();
            String what = "pause " + full + " of " + completed;
            assertEquals("full", full.path("generation_name").asText());
            assertTrue(what, start >= before - 0.005 && start + duration <= after + 0.005);
            double requestStart = completed.path("start_stamp").asDouble();
            assertTrue(
                    what,
                    start >= requestStart
                            && start + duration
                                    <= requestStart + completed.path("duration").asDouble());
            assertEquals(
                    "wholly inside the request: it overlaps by all its duration",
                    duration,
                    full.path("overlap").asDouble(),
                    1e-9);
            assertTrue(what, overlap.path("count").asInt() >= 1);
            assertTrue(what, overlap.path("seconds").asDouble() >= duration - 1e-9);
            assertTrue(
                    what,
                    overlap.path("seconds").asDouble()
                            <= completed.path("duration").asDouble());
        } finally {
            client.shutdownNow();
            configAdmin.getConfiguration("telemetry.reporter", "?").delete();
            ItestOptions.removeSocketFolder(socket);
        }
    }
}
