package telemetry.ingester.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A process started from the unpacked archive's launcher ({@code bin/telemetry-ingester ARGS}): its
 * output is collected for assertions and failure messages; {@link #close()} stops it with SIGTERM
 * (SIGKILL if it does not go).
 */
final class IngesterProcess implements AutoCloseable {

    private static final Pattern HTTP_PORT = Pattern.compile("http http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final List<String> output = new ArrayList<>();

    private IngesterProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collect, "output of pid " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static IngesterProcess start(Path home, String... args) throws IOException {
        return start(List.of(), home, args);
    }

    /** The launcher run through {@code prefix}, e.g. {@code setpriv --reuid …} to run it as another user. */
    static IngesterProcess start(List<String> prefix, Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(home.resolve("bin/telemetry-ingester").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The JVM running the tests, not whatever java is first on the PATH.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return new IngesterProcess(builder.start());
    }

    /** {@code serve} on loopback with a free HTTP port; answers once both the socket and HTTP are up. */
    static IngesterProcess serve(Path home, Path socket, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "unix:" + socket, "--http-port", "0"));
        args.addAll(List.of(more));
        IngesterProcess p = start(home, args.toArray(String[]::new));
        p.httpPort();
        return p;
    }

    /** The HTTP port that {@code serve} printed, waiting for it (fails early if the process ended). */
    int httpPort() {
        return Awaitility.await("serve to print its HTTP port")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            if (!process.isAlive() && port() < 0) {
                                throw new AssertionError("serve ended with " + process.exitValue() + ":\n" + output());
                            }
                            return port();
                        },
                        port -> port > 0);
    }

    private int port() {
        Matcher m = HTTP_PORT.matcher(output());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort() + path;
    }

    Process process() {
        return process;
    }

    synchronized String output() {
        return String.join("\n", output);
    }

    private void collect() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (this) {
                    output.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for the process to end by itself; answers its exit status. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("pid " + process.pid() + " still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
