package telemetry.ingester.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared-group socket pattern of the systemd unit, with real users: the ingester runs as its own
 * user in a 0750 runtime folder; a sender in the shared group (Karaf's user) is heard, a sender
 * outside it is refused by the kernel. Users are numeric IDs switched to with {@code setpriv}
 * (util-linux), so nothing is added to /etc/passwd; switching users needs root, as CI runs.
 */
class SharedGroupSocketIT {

    /** The unit's "telemetry" user and its group, which the socket belongs to. */
    private static final String INGESTER = "64101";

    private static final String SHARED_GROUP = "64101";
    /** Karaf's user: its own group, plus the shared one. */
    private static final String KARAF = "64102";
    /** Any other local user. */
    private static final String OUTSIDER = "64103";

    @TempDir
    static Path dir;

    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        String uid = Command.run(Duration.ofSeconds(10), "id", "-u").out().strip();
        assertEquals("0", uid, "running processes as other users needs root (.ci/run runs as root)");
        // The other users must be able to read the installation, as under /opt.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Dist.unpack(dir);
    }

    private static List<String> as(String uid, String gid, String... supplementary) {
        return supplementary.length == 0
                ? List.of("setpriv", "--reuid", uid, "--regid", gid, "--clear-groups", "--")
                : List.of("setpriv", "--reuid", uid, "--regid", gid, "--groups", String.join(",", supplementary), "--");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0660", "0620"})
    void groupMembersSendOthersAreRefused(String mode, @TempDir Path parent) throws Exception {
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        // What systemd's RuntimeDirectory= makes: owned by the service user, mode 0750.
        Path run = Files.createDirectory(parent.resolve("run"));
        Command chown = Command.run(Duration.ofSeconds(10), "chown", INGESTER + ":" + SHARED_GROUP, run.toString());
        assertEquals(0, chown.exit(), chown::toString);
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
        Path socket = run.resolve("telemetry.sock");

        try (IngesterProcess serve = IngesterProcess.start(
                as(INGESTER, INGESTER),
                home,
                "serve",
                "--listen",
                "unix:" + socket,
                "--socket-group",
                SHARED_GROUP,
                "--socket-mode",
                mode,
                "--http-port",
                "0")) {
            serve.httpPort();
            assertEquals(
                    mode.equals("0660") ? "rw-rw----" : "rw--w----",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));
            assertEquals(
                    SHARED_GROUP,
                    Command.run(Duration.ofSeconds(10), "stat", "-c", "%g", socket.toString())
                            .out()
                            .strip());

            assertOutsiderRefused(socket, serve); // by the folder, then by the socket's own mode:
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertOutsiderRefused(socket, serve);

            IngesterProcess karaf = IngesterProcess.start(
                    as(KARAF, KARAF, SHARED_GROUP),
                    home,
                    "simulate",
                    "--target",
                    "unix:" + socket,
                    "--processes",
                    "1",
                    "--duration",
                    "1s");
            assertEquals(0, karaf.waitFor(Duration.ofSeconds(60)), karaf.output());
            Awaitility.await("the group member's datagrams to arrive")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> received(serve) > 0);
        }
    }

    private static void assertOutsiderRefused(Path socket, IngesterProcess serve) throws Exception {
        IngesterProcess outsider = IngesterProcess.start(
                as(OUTSIDER, OUTSIDER),
                home,
                "simulate",
                "--target",
                "unix:" + socket,
                "--processes",
                "1",
                "--duration",
                "1s");
        assertEquals(1, outsider.waitFor(Duration.ofSeconds(60)), "nothing delivered: " + outsider.output());
        assertTrue(outsider.output().contains("Permission denied"), outsider.output());
        assertEquals(0, received(serve), "the outsider's datagrams never reached the ingester");
    }

    private static long received(IngesterProcess serve) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(serve.url("/api/state")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return PrometheusServer.JSON.readTree(r.body()).path("total_received").asLong();
    }
}
