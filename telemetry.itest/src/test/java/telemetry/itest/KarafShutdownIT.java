package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static telemetry.testing.Datagrams.kind;
import static telemetry.testing.Datagrams.lifecycle;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import telemetry.testing.DatagramReceiver;
import telemetry.testing.Datagrams;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;

/**
 * A stock Karaf 4.4.10 started as operators start it ({@code bin/karaf server}), with the telemetry
 * feature booted from this build's features repository, stopped by {@code system:shutdown -f} typed
 * through {@code bin/client}: the reporter sends PROCESS_STOPPING and PROCESS_STOPPED with reason
 * {@code framework_stopping}, and Karaf exits. (Pax Exam cannot watch its own container shut down.)
 */
public class KarafShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    public void systemShutdownSendsStoppingAndStopped() throws Exception {
        String version = ItestOptions.required("telemetry.version");
        Path home = unpackKaraf(ItestOptions.workFolder("karaf-shutdown"));
        int httpPort = ItestOptions.freePort();
        int sshPort = ItestOptions.freePort();
        Path socket = ItestOptions.socketPath("tlm-kshut");
        try (DatagramReceiver receiver = DatagramReceiver.bind(socket)) {
            configure(home, version, httpPort, sshPort, receiver);
            ProcessBuilder start = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
            start.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process karaf = start.directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("karaf-console.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try {
                Datagram started =
                        receiver.await(0, kind(Kind.PROCESS_STARTED), WAIT, "PROCESS_STARTED from bin/karaf");
                assertEquals("itest-karaf-shutdown", started.text(Field.PROCESS_GROUP));
                HttpCalls http = HttpCalls.local(httpPort);
                http.awaitStatus("/demo/fast", 200, WAIT);
                // Pax Web may add the preprocessor to the chain after the demo already answers: send
                // until the reporter has counted a request, then five more.
                Await.until("a request counted by the reporter", WAIT, () -> {
                    assertEquals(200, http.get("/demo/fast").status());
                    return Datagrams.requests(receiver.received()) > 0;
                });
                long counted = Datagrams.requests(receiver.received());
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, http.get("/demo/fast").status());
                }
                receiver.awaitAll(0, all -> Datagrams.requests(all) >= counted + 5, WAIT, "the five requests reported");

                ProcessBuilder shutdown = new ProcessBuilder(
                        home.resolve("bin/client").toString(),
                        "-a",
                        Integer.toString(sshPort),
                        "-h",
                        "127.0.0.1",
                        "-u",
                        "karaf",
                        "-p",
                        "karaf",
                        "system:shutdown -f");
                shutdown.environment().put("JAVA_HOME", System.getProperty("java.home"));
                // bin/client's standard input stays open: at end of input it closes the channel before the
                // command has run ("Closed"), which is what it does with /dev/null.
                Process client = shutdown.directory(home.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("client.log").toFile())
                        .start();

                Datagram stopping = receiver.await(
                        0,
                        lifecycle(Kind.PROCESS_STOPPING, "framework_stopping"),
                        WAIT,
                        "STOPPING after system:shutdown");
                Datagram stopped = receiver.await(
                        0,
                        lifecycle(Kind.PROCESS_STOPPED, "framework_stopping"),
                        WAIT,
                        "STOPPED after system:shutdown");
                assertTrue("STOPPING before STOPPED", stopping.seq() < stopped.seq());
                assertEquals("one process", started.pid(), stopped.pid());
                assertTrue("Karaf exited after system:shutdown", karaf.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
                client.getOutputStream().close();
                assertTrue("bin/client returned", client.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
                List<Datagram> all = receiver.received();
                assertEquals(
                        "lifetime_request_count equals the requests reported",
                        Datagrams.requests(all),
                        stopped.longValue(Field.LIFETIME_REQUEST_COUNT, -1));
                assertEquals("graceful drain", 1, stopped.longValue(Field.GRACEFUL_DRAIN, -1));
                assertEquals("malformed datagrams", 0, receiver.malformed());
            } finally {
                if (karaf.isAlive()) {
                    karaf.descendants().forEach(ProcessHandle::destroyForcibly);
                    karaf.destroyForcibly();
                }
            }
        } finally {
            ItestOptions.removeSocketFolder(socket);
        }
    }

    /** Unpacks the stock distribution (a dependency of this module, so in the local repository). */
    private static Path unpackKaraf(Path work) throws IOException, InterruptedException {
        Path archive = Paths.get(
                ItestOptions.required("org.ops4j.pax.url.mvn.localRepository"),
                "org",
                "apache",
                "karaf",
                "apache-karaf",
                KarafOptions.VERSION,
                "apache-karaf-" + KarafOptions.VERSION + ".tar.gz");
        assertTrue(archive + " is missing", Files.isRegularFile(archive));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", work.toString())
                .inheritIO()
                .start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertEquals("tar exit status", 0, tar.exitValue());
        return work.resolve("apache-karaf-" + KarafOptions.VERSION);
    }

    /**
     * What an operator edits in etc/: our features repository and feature at boot, the reactor's
     * artifacts as a Maven repository (as KarafOptions does for Pax Exam), loopback ports, the karaf
     * user for bin/client, and the reporter's configuration.
     */
    private static void configure(Path home, String version, int httpPort, int sshPort, DatagramReceiver receiver)
            throws IOException {
        Path etc = home.resolve("etc");
        Path features = etc.resolve("org.apache.karaf.features.cfg");
        String text = Files.readString(features, StandardCharsets.UTF_8)
                .replace(
                        "featuresRepositories = \\\n",
                        "featuresRepositories = \\\n    mvn:telemetry/telemetry.distribution/" + version
                                + "/xml/features, \\\n")
                .replace(
                        "featuresBoot = \\\n",
                        "featuresBoot = \\\n    scr, \\\n    http-whiteboard, \\\n    telemetry-demo, \\\n");
        Files.writeString(features, text, StandardCharsets.UTF_8);
        String repo =
                Paths.get(ItestOptions.required("telemetry.itest.repo")).toUri().toString();
        append(
                etc.resolve("org.ops4j.pax.url.mvn.cfg"),
                "org.ops4j.pax.url.mvn.defaultRepositories = " + repo + "@id=telemetry.build@snapshots, "
                        + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.localRepository = "
                        + ItestOptions.required("org.ops4j.pax.url.mvn.localRepository"));
        append(
                etc.resolve("org.ops4j.pax.web.cfg"),
                "org.osgi.service.http.port = " + httpPort,
                "org.ops4j.pax.web.listening.addresses = 127.0.0.1");
        append(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = " + sshPort, "sshHost = 127.0.0.1");
        append(
                etc.resolve("org.apache.karaf.management.cfg"),
                "rmiRegistryPort = " + ItestOptions.freePort(),
                "rmiServerPort = " + ItestOptions.freePort(),
                "rmiRegistryHost = 127.0.0.1",
                "rmiServerHost = 127.0.0.1");
        append(
                etc.resolve("users.properties"),
                "karaf = karaf,_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh");
        Files.writeString(
                etc.resolve("telemetry.reporter.cfg"),
                String.join("\n", "service = " + receiver.service(0.5), "process.group = itest-karaf-shutdown", ""),
                StandardCharsets.UTF_8);
    }

    private static void append(Path file, String... lines) throws IOException {
        Files.writeString(
                file,
                "\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
