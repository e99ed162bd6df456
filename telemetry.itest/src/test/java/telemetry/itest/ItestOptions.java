package telemetry.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.ops4j.pax.exam.Option;

/**
 * Provisioning shared by the Pax Exam configurations (driver side). The telemetry bundles come
 * from this reactor's build (target/repo, filled at pre-integration-test), never from a remote
 * repository.
 */
final class ItestOptions {

    /** Framework property naming the FileInstall folder (read back in the probe). */
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    static final String HTTP_PORT = "org.osgi.service.http.port";

    private ItestOptions() {}

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property " + property + " is not set: run the tests with failsafe (mvn verify)");
        }
        return value;
    }

    /** file: URL of a telemetry artifact of this build. */
    static String telemetryUrl(String artifactId, String classifier, String extension) {
        String version = required("telemetry.version");
        Path file = Paths.get(
                required("telemetry.itest.repo"),
                "telemetry",
                artifactId,
                version,
                artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    file + " is missing: the reactor must build " + artifactId + " before telemetry.itest");
        }
        return file.toUri().toString();
    }

    static Option telemetryBundle(String artifactId) {
        return bundle(telemetryUrl(artifactId, null, "jar"));
    }

    /** The telemetry.testing bundle: the junixsocket datagram receiver and datagram helpers. */
    static Option receiverBundle() {
        return telemetryBundle("telemetry.testing");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A path for a UNIX socket in a new private folder under /tmp (a socket path holds at most 107
     * bytes, too few for target/); the folder goes when the JVM exits, the socket with its receiver.
     */
    static Path socketPath(String prefix) {
        try {
            Path dir = Files.createTempDirectory(Paths.get("/tmp"), prefix);
            dir.toFile().deleteOnExit();
            return dir.resolve("t.sock");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes the folder of a {@link #socketPath} now (after its receiver closed): a Karaf run ends
     * with the forked JVM halted, before exit-time deletion.
     */
    static void removeSocketFolder(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }

    /** A new empty folder under target/itest-work. */
    static Path workFolder(String prefix) {
        try {
            Path base = Paths.get(required("telemetry.itest.work"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Felix with DS, Config Admin, Metatype, Log and FileInstall watching a fresh folder. */
    static Option felixCore(Path fileInstallDir) {
        return composite(
                cleanCaches(true),
                junitBundles(),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"),
                frameworkProperty(FILEINSTALL_DIR).value(fileInstallDir.toString()),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                // The test's files are the truth: no asynchronous write-back of Config Admin changes
                // that could overwrite the next version of a file the test just wrote.
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false"),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.log").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.fileinstall").versionAsInProject());
    }

    /** Felix HTTP Jetty 4.2 (javax HTTP Whiteboard, Jetty 9.4) on a loopback port. */
    static Option felixJetty9(int port) {
        return composite(
                frameworkProperty(HTTP_PORT).value(Integer.toString(port)),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api", "1.2.0"),
                mavenBundle("org.apache.felix", "org.apache.felix.http.jetty").versionAsInProject());
    }

    /** Jackson, for tests that read the real ingester's JSON inside the framework. */
    static Option jacksonBundles() {
        return composite(
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject());
    }

    /** The telemetry bundles (API, reporter, whiteboard preprocessor), the demo and the receiver. */
    static Option telemetryBundles() {
        return composite(
                telemetryBundle("telemetry.api"),
                telemetryBundle("telemetry.reporter"),
                telemetryBundle("telemetry.http.whiteboard"),
                telemetryBundle("telemetry.demo"),
                receiverBundle());
    }
}
