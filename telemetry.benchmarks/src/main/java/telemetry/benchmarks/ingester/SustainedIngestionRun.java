package telemetry.benchmarks.ingester;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sustained ingestion through a real socket, two real processes: {@code serve} (heap capped) and
 * {@code simulate --rate R} sending realistic periodic samples for N processes. Reports the rate
 * achieved, the loss at the socket (datagrams the sender gave up on after its retries because the
 * kernel queue stayed full), the loss inside the ingester (its queue overflowing; must be 0), seq
 * gaps seen by the ingester, decode errors, and the ingester's peak resident memory.
 *
 * <pre>
 * java -cp target/benchmarks.jar telemetry.benchmarks.ingester.SustainedIngestionRun \
 *     ../telemetry.ingester/target/telemetry-ingester.jar [rate] [seconds] [processes] [heap] [gc option]
 * </pre>
 * Not a JMH benchmark: it measures a pipeline of two processes over seconds, not a method.
 */
public final class SustainedIngestionRun {

    private SustainedIngestionRun() {}

    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "../telemetry.ingester/target/telemetry-ingester.jar";
        long rate = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int processes = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        String heap = args.length > 4 ? args[4] : "512m";
        String gc = args.length > 5 ? args[5] : "-XX:+UseG1GC";
        Path dir = Files.createTempDirectory("ingestion-run");
        Path socket = dir.resolve("bench.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process serve = new ProcessBuilder(
                        java, "-Xmx" + heap, gc, "-jar", jar, "serve", "--listen", "unix:" + socket, "--http-port", "0")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader serveOut =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int port = -1;
            while (port < 0 && (line = serveOut.readLine()) != null) {
                Matcher m = Pattern.compile("\\(port (\\d+)\\)").matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            if (port < 0) {
                throw new IllegalStateException("serve did not start");
            }
            List<String> simulate = new ArrayList<>(List.of(
                    java,
                    "-jar",
                    jar,
                    "simulate",
                    "--target",
                    "unix:" + socket,
                    "--processes",
                    Integer.toString(processes),
                    "--rate",
                    Long.toString(rate),
                    "--duration",
                    seconds + "s",
                    "--lifetime",
                    "0",
                    "--slow-probability",
                    "0.00002",
                    "--interval",
                    "1s"));
            Process sim = new ProcessBuilder(simulate).redirectErrorStream(true).start();
            String simOut = new String(sim.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            sim.waitFor(seconds + 60L, TimeUnit.SECONDS);
            Thread.sleep(2000); // let the ingester drain its queue
            HttpClient http = HttpClient.newHttpClient();
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String status = Files.readString(Path.of("/proc", Long.toString(serve.pid()), "status"));

            Matcher s = Pattern.compile("(\\d+) datagrams in ([\\d.]+) s .*: (\\d+) sent, (\\d+) dropped")
                    .matcher(simOut);
            if (!s.find()) {
                throw new IllegalStateException("unexpected simulate output: " + simOut);
            }
            long offered = Long.parseLong(s.group(1));
            double took = Double.parseDouble(s.group(2));
            long sent = Long.parseLong(s.group(3));
            long socketLoss = Long.parseLong(s.group(4));
            long received = metric(metrics, "telemetry_ingester_datagrams_total");
            long queueLoss = metric(metrics, "telemetry_ingester_queue_overflows_total");
            long gaps = metric(metrics, "telemetry_ingester_dropped_datagrams_total");
            long errors = metric(metrics, "telemetry_ingester_decode_errors_total");
            long stalls = metric(metrics, "telemetry_ingester_queue_stalls_total");
            System.out.println(simOut.trim());
            System.out.printf(
                    "target rate %d/s, %d processes, %d s, ingester -Xmx%s %s%n", rate, processes, seconds, heap, gc);
            System.out.printf(
                    "offered %d datagrams in %.1f s = %.0f datagrams/s; delivered to the socket %d (%.0f/s)%n",
                    offered, took, offered / took, sent, sent / took);
            System.out.printf(
                    "loss at the socket (sender gave up after retries): %d (%.4f %%)%n",
                    socketLoss, 100.0 * socketLoss / Math.max(1, offered));
            System.out.printf(
                    "ingester: received %d, lost inside (queue overflow) %d, seq gaps %d, decode errors %d, "
                            + "queue-full waits %d%n",
                    received, queueLoss, gaps, errors, stalls);
            System.out.printf("ingester memory: %s, %s%n", procLine(status, "VmHWM"), procLine(status, "VmRSS"));
            if (received != sent) {
                System.out.println("WARNING: the ingester received " + received + " of " + sent + " datagrams sent");
            }
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static long metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(name + " not in /metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    private static String procLine(String status, String key) throws IOException {
        return status.lines()
                .filter(l -> l.startsWith(key + ":"))
                .findFirst()
                .orElse(key + ": ?")
                .replaceAll("\\s+", " ");
    }
}
