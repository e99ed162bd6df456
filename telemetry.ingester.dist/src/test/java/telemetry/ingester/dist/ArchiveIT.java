package telemetry.ingester.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive as an operator meets it: its layout, its launcher, its systemd unit. */
class ArchiveIT {

    private static final String INSTALL_PREFIX = "/opt/telemetry-ingester";

    @TempDir
    static Path unpacked;

    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = Dist.unpack(unpacked);
    }

    @Test
    void layoutAndModes() throws Exception {
        assertEquals("rwxr-xr-x", mode(home.resolve("bin/telemetry-ingester")), "launcher executable by everyone");
        for (String file : List.of(
                "lib/telemetry-ingester.jar",
                "LICENSE",
                "README.md",
                "licenses/THIRD-PARTY.txt",
                "etc/systemd/telemetry-ingester.service",
                "etc/default/telemetry-ingester",
                "etc/prometheus/prometheus.yml",
                "etc/prometheus/telemetry-rules.yml",
                "etc/grafana/telemetry-dashboard.json")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
            assertEquals("rw-r--r--", mode(home.resolve(file)), file);
        }
    }

    /** Every library the shaded jar bundles is named, with its licence, in licenses/THIRD-PARTY.txt. */
    @Test
    void thirdPartyLicencesCoverTheJar() throws Exception {
        String thirdParty = Files.readString(home.resolve("licenses/THIRD-PARTY.txt"));
        Set<String> bundled = new TreeSet<>();
        Pattern pom = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");
        try (ZipFile jar =
                new ZipFile(home.resolve("lib/telemetry-ingester.jar").toFile())) {
            jar.stream().forEach(e -> {
                Matcher m = pom.matcher(e.getName());
                if (m.matches() && !m.group(1).equals("telemetry")) {
                    bundled.add(m.group(1) + ":" + m.group(2) + ":");
                }
            });
        }
        assertTrue(bundled.size() >= 5, "the jar bundles Jetty, junixsocket, slf4j: " + bundled);
        List<String> missing = new ArrayList<>();
        for (String artifact : bundled) {
            // org.jline:jline is JLine's one-jar distribution: it carries the pom.properties of the
            // modules it is made of, all under its licence.
            boolean inJline = artifact.startsWith("org.jline:") && thirdParty.contains("(org.jline:jline:");
            if (!inJline && !thirdParty.contains("(" + artifact)) {
                missing.add(artifact);
            }
        }
        assertEquals(List.of(), missing, "bundled but not in licenses/THIRD-PARTY.txt");
        assertFalse(thirdParty.contains("Unknown license"), thirdParty);
    }

    /** bin/telemetry-ingester serve, from the unpacked folder: socket and HTTP up, socket gone on SIGTERM. */
    @Test
    void serveRunsFromTheArchive(@TempDir Path run) throws Exception {
        Path socket = run.resolve("telemetry.sock");
        try (IngesterProcess serve = IngesterProcess.serve(home, socket, "--socket-mode", "0620")) {
            assertEquals("rw--w----", mode(socket), "socket mode as asked");
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(serve.url("/metrics")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("telemetry_ingester_datagrams_total"), metrics.body());

            serve.process().destroy(); // SIGTERM, as systemctl stop sends
            serve.waitFor(Duration.ofSeconds(30));
            assertFalse(
                    Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "socket removed on SIGTERM:\n" + serve.output());
        }
    }

    /** The launcher finds its jar when started through a symlink, e.g. /usr/local/bin/telemetry-ingester. */
    @Test
    void launcherWorksThroughASymlink(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(
                elsewhere.resolve("telemetry-ingester"), home.resolve("bin/telemetry-ingester"));
        Command help = Command.run(Duration.ofMinutes(1), link.toString(), "--help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().contains("serve"), help::toString);
    }

    /** systemd's own checker accepts the unit without a single complaint (installed at its documented place). */
    @Test
    void systemdAnalyzeVerifiesTheUnit(@TempDir Path units) throws Exception {
        String unit = Files.readString(home.resolve("etc/systemd/telemetry-ingester.service"));
        assertTrue(unit.contains("ExecStart=" + INSTALL_PREFIX + "/bin/telemetry-ingester serve"), unit);
        // systemd-analyze checks that ExecStart is executable: point it at the unpacked folder.
        Path file = Files.writeString(
                units.resolve("telemetry-ingester.service"), unit.replace(INSTALL_PREFIX, home.toString()));
        Command verify = Command.run(Duration.ofMinutes(1), "systemd-analyze", "verify", file.toString());
        assertEquals(0, verify.exit(), verify::toString);
        assertEquals("", verify.err().strip(), "systemd-analyze verify warned:\n" + verify);
    }

    /**
     * The unit's ExecStart with the shipped options, run as written (paths moved into a temporary
     * folder, the group swapped for one this user has): every option is accepted, and the socket
     * gets the unit's mode and group.
     */
    @Test
    void theUnitsServeOptionsWork(@TempDir Path run) throws Exception {
        String unit = Files.readString(home.resolve("etc/systemd/telemetry-ingester.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=((?:.*\\\\\\n)*.*)$").matcher(unit);
        assertTrue(exec.find(), unit);
        String line = exec.group(1).replace("\\\n", " ");
        Matcher group = Pattern.compile("--socket-group (\\S+)").matcher(line);
        assertTrue(group.find(), line);
        assertEquals("telemetry", group.group(1), "the group the README tells people to join");
        assertTrue(
                unit.contains("RuntimeDirectory=telemetry\n"), "the socket folder /run/telemetry comes from systemd");
        Matcher opts = Pattern.compile("(?m)^TELEMETRY_INGESTER_OPTS=\"([^\"]*)\"$")
                .matcher(Files.readString(home.resolve("etc/default/telemetry-ingester")));
        assertTrue(opts.find(), "etc/default/telemetry-ingester sets TELEMETRY_INGESTER_OPTS");

        String myGroup = Command.run(Duration.ofSeconds(10), "id", "-gn").out().strip();
        String command = line.replace(INSTALL_PREFIX, home.toString())
                .replace("/run/telemetry/", run + "/")
                .replace("--socket-group telemetry", "--socket-group " + myGroup)
                .replace("$TELEMETRY_INGESTER_OPTS", opts.group(1).replace("--http-port 8888", "--http-port 0"));
        List<String> argv = new ArrayList<>(List.of(command.trim().split("\\s+")));
        assertEquals(home.resolve("bin/telemetry-ingester").toString(), argv.remove(0));
        Path socket = run.resolve("telemetry.sock");
        try (IngesterProcess serve = IngesterProcess.start(home, argv.toArray(String[]::new))) {
            serve.httpPort();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
            assertEquals("rw-rw----", mode(socket), serve.output());
            assertEquals(
                    myGroup,
                    Files.getAttribute(socket, "posix:group", LinkOption.NOFOLLOW_LINKS)
                            .toString());
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
