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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.Test;
import telemetry.testing.DatagramReceiver;
import telemetry.testing.Datagrams;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;

/**
 * The Felix assembly as an operator runs it: {@code java -Dfelix.fileinstall.dir=DIR
 * -Dorg.osgi.service.http.port=PORT -jar telemetry-felix.jar} in its own JVM, configured by a .cfg
 * in DIR, serving the demo on PORT, reporting to a socket bound here, and stopping cleanly on
 * SIGTERM (PROCESS_STOPPING and PROCESS_STOPPED with reason framework_stopping); and the Log Service
 * errors the launcher prints on the console.
 */
public class AssemblyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    public void runsFromItsEtcFolderAndStopsCleanlyOnSigterm() throws Exception {
        Path work = ItestOptions.workFolder("assembly");
        Path etc = Files.createDirectories(work.resolve("etc"));
        int port = ItestOptions.freePort();
        try (DatagramReceiver receiver = DatagramReceiver.bind(ItestOptions.socketPath("tlm-asm"))) {
            Files.writeString(
                    etc.resolve("telemetry.reporter.cfg"),
                    "service = " + receiver.service(0.5) + "\nprocess.group = itest-assembly\n",
                    StandardCharsets.UTF_8);
            Files.writeString(
                    etc.resolve("telemetry.demo.traffic.cfg"), "rate = 20\nconcurrency = 2\n", StandardCharsets.UTF_8);

            Process felix = start(work, etc, port);
            try {
                Datagram started =
                        receiver.await(0, kind(Kind.PROCESS_STARTED), WAIT, "PROCESS_STARTED from the assembly");
                assertEquals(felix.pid(), started.pid());
                assertEquals("itest-assembly", started.text(Field.PROCESS_GROUP));
                assertEquals("jetty", started.text(Field.MPM_NAME));
                HttpCalls.local(port).awaitStatus("/demo/fast", 200, WAIT);
                // The demo's own traffic generator (telemetry.demo.traffic.cfg) feeds the reporter.
                receiver.awaitAll(
                        0, all -> Datagrams.requests(all) >= 20, WAIT, "20 requests of demo traffic reported");
            } finally {
                felix.destroy(); // SIGTERM
                assertTrue("the assembly did not exit within 30 s of SIGTERM", felix.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals("exit status after SIGTERM", 143, felix.exitValue());
            Datagram stopping =
                    receiver.await(0, lifecycle(Kind.PROCESS_STOPPING, "framework_stopping"), WAIT, "STOPPING");
            Datagram stopped =
                    receiver.await(0, lifecycle(Kind.PROCESS_STOPPED, "framework_stopping"), WAIT, "STOPPED");
            assertEquals(felix.pid(), stopped.pid());
            assertTrue("STOPPING before STOPPED", stopping.seq() < stopped.seq());
            List<Datagram> all = receiver.received();
            long lifetime = stopped.longValue(Field.LIFETIME_REQUEST_COUNT, -1);
            assertEquals("lifetime_request_count equals the requests reported", Datagrams.requests(all), lifetime);
            assertEquals("malformed datagrams", 0, receiver.malformed());
        }
    }

    /**
     * A rejected configuration reaches the operator: the launcher's console writer prints the
     * reporter's Log Service error as one line (time, level, bundle, message) on the console.
     */
    @Test
    public void printsARejectedConfigurationOnTheConsole() throws Exception {
        Path work = ItestOptions.workFolder("assembly-log");
        Path etc = Files.createDirectories(work.resolve("etc"));
        Files.writeString(
                etc.resolve("telemetry.reporter.cfg"), "service = udp:localhost:9000\n", StandardCharsets.UTF_8);
        Process felix = start(work, etc, ItestOptions.freePort());
        try {
            Path console = work.resolve("felix.log");
            String line = Await.until(
                    "the rejected configuration's line on the console",
                    WAIT,
                    () -> Files.readAllLines(console, StandardCharsets.UTF_8).stream()
                            .filter(l -> l.contains("[telemetry.reporter] configuration telemetry.reporter:"))
                            .findFirst()
                            .orElse(null));
            assertTrue(
                    line,
                    Pattern.matches(
                            "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z ERROR \\[telemetry\\.reporter\\] configuration"
                                    + " telemetry\\.reporter: property 'service' = 'udp:localhost:9000' rejected: .*; reporting is off until"
                                    + " the configuration is fixed \\(no restart needed\\)",
                            line));
        } finally {
            felix.destroy(); // SIGTERM
            assertTrue("the assembly did not exit within 30 s of SIGTERM", felix.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** {@code java -jar telemetry-felix.jar} as the README shows it; console output in {@code work/felix.log}. */
    private static Process start(Path work, Path etc, int port) throws IOException {
        String version = ItestOptions.required("telemetry.version");
        Path jar = Paths.get(
                ItestOptions.required("telemetry.itest.repo"),
                "telemetry",
                "telemetry.distribution",
                version,
                "telemetry.distribution-" + version + "-telemetry-felix.jar");
        assertTrue(jar + " is missing", Files.isRegularFile(jar));
        return new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Dfelix.fileinstall.dir=" + etc,
                        "-Dorg.osgi.service.http.port=" + port,
                        "-jar",
                        jar.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("felix.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }
}
