package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What a Karaf operator types, in a stock Karaf 4.4.10 with nothing of ours installed up front:
 * every shell command the README shows, Karaf's write-back of {@code etc/telemetry.reporter.cfg},
 * {@code bundle:refresh telemetry.api} under traffic, and {@code feature:uninstall} then
 * {@code feature:install}.
 *
 * <p>The datagrams are received by the real ingester ({@code telemetry-ingester.jar dump --format
 * json}) in a child process, and this class uses no telemetry type: the test probe must not be
 * wired to {@code telemetry.api}, or refreshing that bundle would refresh the test itself.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafShellIT {

    private static final String PORT_PROPERTY = "telemetry.itest.http.port";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    @Inject
    SessionFactory shell;

    @Configuration
    public Option[] configuration() {
        int port = ItestOptions.freePort();
        return options(
                KarafOptions.karaf(port),
                systemProperty(PORT_PROPERTY).value(Integer.toString(port)),
                systemProperty("telemetry.version").value(ItestOptions.required("telemetry.version")),
                systemProperty("telemetry.root").value(ItestOptions.required("telemetry.root")),
                // Only what stock Karaf brings: our repository and features are added from the shell.
                features(KarafOptions.standardFeatures(), "scr", "http-whiteboard"),
                ItestOptions.jacksonBundles());
    }

    private String run(String... commands) throws Exception {
        return KarafShell.run(shell, commands);
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElse(null);
    }

    private static String readme() throws Exception {
        return Files.readString(Paths.get(System.getProperty("telemetry.root"), "README.md"), StandardCharsets.UTF_8);
    }

    /** Asserts that the README shows {@code command} literally, so what is tested is what users are told. */
    private static void assertInReadme(String readme, String command) {
        assertTrue("README.md shows `" + command + "`", readme.contains(command));
    }

    @Test
    public void readmeCommandsConfigurationWriteBackRefreshAndReinstall() throws Exception {
        String readme = readme();
        String version = System.getProperty("telemetry.version");

        // README, Deploying into Karaf, step 2.
        String repoAdd = "feature:repo-add mvn:telemetry/telemetry.distribution/" + version + "/xml/features";
        assertInReadme(readme, repoAdd);
        assertInReadme(readme, "feature:install telemetry");
        assertInReadme(readme, "feature:install telemetry-demo");
        run(repoAdd, "feature:install telemetry", "feature:install telemetry-demo");
        for (String name :
                List.of("telemetry.api", "telemetry.reporter", "telemetry.http.whiteboard", "telemetry.demo")) {
            String current = name;
            Await.until(
                    name + " active",
                    WAIT,
                    () -> bundle(current) != null && bundle(current).getState() == Bundle.ACTIVE);
        }
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "telemetry.reporter.cfg");
        String template = Await.until(
                "the shipped etc/telemetry.reporter.cfg",
                WAIT,
                () -> Files.isRegularFile(cfg) ? Files.readString(cfg, StandardCharsets.UTF_8) : null);

        // The metatype is really read: config:meta describes every property (Karaf 4.4 takes the PID as argument).
        assertInReadme(readme, "config:meta telemetry.reporter");
        assertFalse("README.md shows `config:meta -p`, which Karaf 4.4 rejects", readme.contains("config:meta -p"));
        String meta = Await.until("config:meta listing the metatype", WAIT, () -> {
            String printed = run("config:meta telemetry.reporter");
            return printed.contains("slow.requests") ? printed : null;
        });
        for (String property : List.of(
                "service", "slow.requests", "options", "process.group", "request.threads.maximum", "drain.timeout")) {
            assertTrue("config:meta shows " + property + ":\n" + meta, meta.contains(property));
        }
        assertTrue("config:meta shows the descriptions:\n" + meta, meta.contains("unix:"));

        HttpCalls http = HttpCalls.local(Integer.getInteger(PORT_PROPERTY));
        http.awaitStatus("/demo/fast", 200, WAIT);
        Path socket = ItestOptions.socketPath("tlm-ksh");
        try (IngesterDump dump = IngesterDump.start(socket)) {
            long pid = ProcessHandle.current().pid();

            // README step 3, with the shell instead of the file.
            assertInReadme(readme, "config:edit telemetry.reporter");
            assertInReadme(readme, "config:property-set service \"unix:/run/telemetry/telemetry.sock\"");
            assertInReadme(readme, "config:update");
            // FileInstall turns the shipped file into a configuration (polling etc/ every second): only
            // then does Karaf write a change back into that file rather than a new one.
            Await.until(
                    "FileInstall's configuration of etc/telemetry.reporter.cfg",
                    WAIT,
                    () -> run("config:list \"(service.pid=telemetry.reporter)\"")
                            .contains("felix.fileinstall.filename"));
            run(
                    "config:edit telemetry.reporter",
                    "config:property-set service \"unix:" + socket + " interval=0.5\"",
                    "config:property-set slow.requests 30",
                    "config:update");
            dump.await(0, "PROCESS_STARTED after config:update", IngesterDump.kind("process_started"), WAIT);

            // Karaf writes the change back to the shipped file and keeps its comments.
            String written = Await.until("the service written back to etc/", WAIT, () -> {
                String text = Files.readString(cfg, StandardCharsets.UTF_8);
                return text.contains(socket.toString()) ? text : null;
            });
            for (String line : template.lines()
                    .filter(l -> l.startsWith("#") && !l.startsWith("#service"))
                    .toList()) {
                assertTrue("the comment line '" + line + "' kept in\n" + written, written.contains(line));
            }

            // README step 4.
            assertInReadme(readme, "telemetry:status");
            String status = run("telemetry:status");
            assertTrue(status, status.matches("(?s).*reporting:\\s+on.*") && status.contains(socket.toString()));

            // bundle:refresh telemetry.api under traffic: every request is served, the reporter says why it
            // stopped and starts again, and what is served afterwards is counted exactly.
            AtomicBoolean trafficOn = new AtomicBoolean(true);
            List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
            Thread traffic = new Thread(
                    () -> {
                        while (trafficOn.get()) {
                            try {
                                answers.add(http.get("/demo/fast").status());
                            } catch (Exception e) {
                                answers.add(-1);
                            }
                        }
                    },
                    "karaf-shell-it-traffic");
            traffic.start();
            int beforeRefresh = dump.count();
            Await.until("traffic reported", WAIT, () -> dump.sum(beforeRefresh, "request_count") > 0);
            run("bundle:refresh telemetry.api");
            dump.await(
                    beforeRefresh,
                    "PROCESS_STOPPING (bundle_stopping) on refresh",
                    IngesterDump.lifecycle("process_stopping", "bundle_stopping"),
                    WAIT);
            int stopped = dump.await(
                    beforeRefresh,
                    "PROCESS_STOPPED (bundle_stopping) on refresh",
                    IngesterDump.lifecycle("process_stopped", "bundle_stopping"),
                    WAIT);
            int restarted = dump.await(
                    stopped, "PROCESS_STARTED after the refresh", IngesterDump.kind("process_started"), WAIT);
            Await.until("traffic reported after the refresh", WAIT, () -> dump.sum(restarted, "request_count") > 0);
            trafficOn.set(false);
            traffic.join(WAIT.toMillis());
            synchronized (answers) {
                assertTrue("requests served during the refresh", answers.size() > 0);
                assertTrue(
                        "every request during the refresh answered 200: "
                                + answers.stream().distinct().toList(),
                        answers.stream().allMatch(s -> s == 200));
            }
            assertExactCount(dump, http, 25);

            // feature:uninstall then feature:install: reporting stops with a reason and resumes from the
            // configuration Karaf kept.
            int beforeUninstall = dump.count();
            run("feature:uninstall telemetry-demo", "feature:uninstall telemetry");
            dump.await(
                    beforeUninstall,
                    "PROCESS_STOPPED on feature:uninstall",
                    IngesterDump.lifecycle("process_stopped", "bundle_stopping"),
                    WAIT);
            Await.until("the telemetry bundles uninstalled", WAIT, () -> bundle("telemetry.reporter") == null);
            assertTrue("etc/telemetry.reporter.cfg kept", Files.readString(cfg).contains(socket.toString()));
            int beforeInstall = dump.count();
            run("feature:install telemetry", "feature:install telemetry-demo");
            dump.await(
                    beforeInstall, "PROCESS_STARTED after feature:install", IngesterDump.kind("process_started"), WAIT);
            http.awaitStatus("/demo/fast", 200, WAIT);
            assertExactCount(dump, http, 10);
            assertEquals("every datagram decoded by the ingester", 0, dump.invalid());
            assertTrue("all from this Karaf", dump.pids().stream().allMatch(p -> p == pid));
        } finally {
            ItestOptions.removeSocketFolder(socket);
        }
    }

    /**
     * Sends {@code n} requests once the reporter has reported everything before them (a sample stamped after
     * the quiet point), then checks that exactly {@code n} more are reported, and no more after another sample.
     */
    private static void assertExactCount(IngesterDump dump, HttpCalls http, int n) throws Exception {
        // A request's end is recorded just after its response reaches the client: leave a margin.
        double quiet = System.currentTimeMillis() / 1000.0 + 0.2;
        int mark = Await.until("a sample stamped after the quiet point", WAIT, () -> dump.firstSampleAfter(quiet));
        for (int i = 0; i < n; i++) {
            assertEquals(200, http.get("/demo/fast").status());
        }
        double sent = System.currentTimeMillis() / 1000.0 + 0.2;
        int after = Await.until("a sample stamped after the last request", WAIT, () -> dump.firstSampleAfter(sent));
        assertEquals("requests reported for " + n + " served", n, dump.sum(mark + 1, "request_count", after + 1));
        assertEquals("status_2xx_total", n, dump.sum(mark + 1, "status_2xx_total", after + 1));
    }
}
