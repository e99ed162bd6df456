package telemetry.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real ingester, {@code telemetry-ingester.jar serve}, in a child process on a socket and a free
 * HTTP port, read through its {@code /api/state}; it can be stalled (SIGSTOP), resumed and killed.
 */
final class IngesterServe implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private IngesterServe(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    static IngesterServe start(Path socket) throws IOException {
        Path jar = Paths.get(
                ItestOptions.required("telemetry.root"), "telemetry.ingester", "target", "telemetry-ingester.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: the reactor builds telemetry.ingester before telemetry.itest");
        }
        Process process = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-jar",
                        jar.toString(),
                        "serve",
                        "--listen",
                        "unix:" + socket,
                        "--http-port",
                        "0")
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // serve prints where it listens, then "http http://127.0.0.1:PORT/ (port PORT)".
        StringBuilder printed = new StringBuilder();
        Pattern port = Pattern.compile("\\(port (\\d+)\\)");
        for (String line; (line = out.readLine()) != null; ) {
            printed.append(line).append('\n');
            Matcher m = port.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "ingester-serve-output");
                drain.setDaemon(true);
                drain.start();
                return new IngesterServe(process, "http://127.0.0.1:" + m.group(1));
            }
        }
        throw new IllegalStateException("serve exited without an HTTP port: " + printed);
    }

    long pid() {
        return process.pid();
    }

    /** GET /api/state, parsed. */
    JsonNode state() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/state")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/api/state answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** The entry of {@code pid} in /api/state's processes, or null. */
    JsonNode process(long pid) throws IOException, InterruptedException {
        for (JsonNode p : state().path("processes")) {
            if (p.path("pid").asLong() == pid) {
                return p;
            }
        }
        return null;
    }

    /** Sends a signal by name (STOP, CONT, KILL) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean awaitExit() throws InterruptedException {
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (IOException | InterruptedException e) {
                // it is being ended anyway
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
