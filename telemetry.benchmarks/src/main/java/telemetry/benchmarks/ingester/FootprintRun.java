package telemetry.benchmarks.ingester;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resident memory of the ingester as operators run it: {@code <home>/bin/telemetry-ingester serve}
 * (the launcher script and its JVM options; {@code JAVA_OPTS} passes through) fed by
 * {@code simulate} with N processes at a 1 s interval, sampled from {@code /proc/<pid>/status}
 * every 30 s for the whole run. Reports VmRSS over time, the peak (VmHWM), and the size and fetch
 * time of {@code /api/state} at the end.
 *
 * <pre>
 * java -cp target/benchmarks.jar telemetry.benchmarks.ingester.FootprintRun HOME [processes] [seconds]
 * </pre>
 * {@code HOME} holds {@code bin/telemetry-ingester} and {@code lib/telemetry-ingester.jar}. Not a JMH
 * benchmark: it measures a daemon over minutes.
 */
public final class FootprintRun {

    private FootprintRun() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "target/ingester-home");
        int processes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        Path dir = Files.createTempDirectory("footprint-run");
        Path socket = dir.resolve("f.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        home.resolve("bin/telemetry-ingester").toString(),
                        "serve",
                        "--listen",
                        "unix:" + socket,
                        "--http-port",
                        "0")
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process serve = pb.start();
        try {
            BufferedReader serveOut =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; port < 0 && (line = serveOut.readLine()) != null; ) {
                Matcher m = Pattern.compile("\\(port (\\d+)\\)").matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            if (port < 0) {
                throw new IllegalStateException("serve did not start");
            }
            Process sim = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-XX:+UseSerialGC",
                            "-jar",
                            home.resolve("lib/telemetry-ingester.jar").toString(),
                            "simulate",
                            "--target",
                            "unix:" + socket,
                            "--processes",
                            Integer.toString(processes),
                            "--interval",
                            "1s",
                            "--duration",
                            seconds + "s",
                            "--lifetime",
                            "0")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("simulate.out").toFile())
                    .start();
            long start = System.nanoTime();
            System.out.printf(
                    "serve (%s) with %d simulated processes at 1 s for %d s%n",
                    System.getenv().getOrDefault("JAVA_OPTS", "default JVM options"), processes, seconds);
            while (!sim.waitFor(30, TimeUnit.SECONDS)) {
                String status = Files.readString(Path.of("/proc", Long.toString(serve.pid()), "status"));
                System.out.printf("  %4.0f s: %s%n", (System.nanoTime() - start) / 1e9, line(status, "VmRSS"));
            }
            System.out.println(Files.readString(dir.resolve("simulate.out")).trim());
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest state = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/state"))
                    .build();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                long bytes;
                try (InputStream body = http.send(state, HttpResponse.BodyHandlers.ofInputStream())
                        .body()) {
                    bytes = body.transferTo(OutputStream.nullOutputStream());
                }
                System.out.printf("GET /api/state: %d bytes in %.0f ms%n", bytes, (System.nanoTime() - t0) / 1e6);
            }
            String status = Files.readString(Path.of("/proc", Long.toString(serve.pid()), "status"));
            System.out.printf(
                    "ingester after %d s: %s, peak %s%n", seconds, line(status, "VmRSS"), line(status, "VmHWM"));
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            for (Path p : List.of(socket, dir.resolve("simulate.out"), dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String line(String status, String key) throws IOException {
        return status.lines()
                .filter(l -> l.startsWith(key + ":"))
                .findFirst()
                .orElse(key + ": ?")
                .replaceAll("\\s+", " ");
    }
}
