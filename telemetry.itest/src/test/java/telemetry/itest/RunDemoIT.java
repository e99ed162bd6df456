package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The README's run command, {@code ./run-demo.sh}, with the jars of this build: it starts the
 * ingester and the Felix assembly, the demo's traffic reaches the ingester under process group
 * {@code demo}, and SIGTERM stops both and leaves no socket file.
 */
public class RunDemoIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    public void runsTheDemoAndStopsCleanly() throws Exception {
        Path root = Paths.get(ItestOptions.required("telemetry.root"));
        Path script = root.resolve("run-demo.sh");
        assertTrue(script + " is missing", Files.isRegularFile(script));
        Path runDir = ItestOptions.workFolder("run-demo");
        int ingesterPort = ItestOptions.freePort();
        int demoPort = ItestOptions.freePort();

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment().put("TELEMETRY_SKIP_BUILD", "1");
        builder.environment().put("TELEMETRY_RUN_DIR", runDir.toString());
        builder.environment().put("TELEMETRY_INGESTER_PORT", Integer.toString(ingesterPort));
        builder.environment().put("TELEMETRY_DEMO_PORT", Integer.toString(demoPort));
        builder.environment().put("TELEMETRY_INTERVAL", "0.5");
        builder.environment().put("TELEMETRY_DEMO_RESTART", "2");
        Process demo = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(demo.getInputStream(), output, ready), "run-demo output");
        reader.start();
        Path socket = null;
        try {
            ready.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            String printed = output.toString();
            assertTrue(
                    "the browser UI's address comes first: " + printed,
                    printed.startsWith("Telemetry UI: http://127.0.0.1:" + ingesterPort + "/ "));
            assertTrue(printed, printed.contains("http://127.0.0.1:" + ingesterPort + "/api/state"));
            assertTrue(printed, printed.contains("http://127.0.0.1:" + demoPort + "/demo/"));

            HttpClient client = HttpClient.newHttpClient();
            HttpRequest state = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingesterPort + "/api/state"))
                    .build();
            Pattern total =
                    Pattern.compile("\"process_group\":\"demo\",\"state\":\"running\",\"requests_total\":(\\d+)");
            long requests = Await.until("demo traffic at the ingester", WAIT, () -> {
                Matcher m = total.matcher(
                        client.send(state, HttpResponse.BodyHandlers.ofString()).body());
                return m.find() && Long.parseLong(m.group(1)) >= 20 ? Long.parseLong(m.group(1)) : null;
            });
            assertTrue(requests >= 20);
            // the demo's restart of the reporter: its configuration goes and comes back
            Pattern stopped =
                    Pattern.compile("\"kind\":\"process_stopped\"[^}]*\"shutdown_reason\":\"configuration_deleted\"");
            Pattern started = Pattern.compile("\"kind\":\"process_started\"");
            Await.until("the reporter restarted by the demo", WAIT, () -> {
                String body =
                        client.send(state, HttpResponse.BodyHandlers.ofString()).body();
                return stopped.matcher(body).find()
                                && started.matcher(body).results().count() == 2
                        ? body
                        : null;
            });
            Matcher socketLine = Pattern.compile("Socket \\.+ (\\S+)").matcher(printed);
            assertTrue(printed, socketLine.find());
            socket = Paths.get(socketLine.group(1));
            assertTrue("the socket " + socket, Files.exists(socket));
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close the script's output pipe.
            demo.toHandle().destroy();
            assertTrue("run-demo.sh did not stop within 60 s:\n" + output, demo.waitFor(60, TimeUnit.SECONDS));
            reader.join(5000);
        }
        assertEquals("exit status after SIGTERM\n" + output, 143, demo.exitValue());
        assertTrue(output.toString(), output.toString().contains("Stopped."));
        assertFalse("socket file left behind", Files.exists(socket));
        assertFalse("the ingester still listens", listening(ingesterPort));
        assertFalse("the Felix assembly still listens", listening(demoPort));
        String felixLog = Files.readString(runDir.resolve("felix.log"), StandardCharsets.UTF_8);
        // The demo's /demo/fail throws on purpose (Jetty logs those); telemetry itself logs no error.
        assertFalse(felixLog, felixLog.contains("ERROR [telemetry."));
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void read(InputStream in, StringBuilder output, CompletableFuture<Void> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.startsWith("Press Ctrl-C")) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new AssertionError("run-demo.sh ended before it was ready:\n" + output));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }
}
