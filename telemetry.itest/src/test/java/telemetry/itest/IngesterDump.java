package telemetry.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The real ingester as a receiver in a child process: {@code telemetry-ingester.jar dump --format json}
 * bound to a socket, one JSON object per datagram on its standard output ({@code version, kind, pid,
 * seq, stamp, fields}, kinds by code). For tests whose probe must not use telemetry types.
 */
final class IngesterDump implements Closeable {

    static final int REQUEST_METRICS = 2;

    private final Process process;
    private final List<JsonNode> received = new ArrayList<>();
    private final StringBuilder errors = new StringBuilder();
    private long invalid;

    private IngesterDump(Process process) {
        this.process = process;
    }

    /** Starts {@code dump} on {@code socket} and waits until the socket exists. */
    static IngesterDump start(Path socket) throws Exception {
        Path jar = Paths.get(
                ItestOptions.required("telemetry.root"), "telemetry.ingester", "target", "telemetry-ingester.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: the reactor builds telemetry.ingester before telemetry.itest");
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-jar", jar.toString(), "dump", "--listen", "unix:" + socket, "--format", "json")
                .start();
        IngesterDump dump = new IngesterDump(process);
        dump.readInBackground();
        Await.until("the ingester's socket at " + socket, Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("dump exited " + process.exitValue() + ": " + dump.errors());
            }
            return Files.exists(socket);
        });
        return dump;
    }

    private void readInBackground() {
        ObjectMapper json = new ObjectMapper();
        Thread out = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            JsonNode datagram = json.readTree(line);
                            synchronized (this) {
                                received.add(datagram);
                                notifyAll();
                            }
                        }
                    } catch (IOException e) {
                        synchronized (this) {
                            errors.append(e).append('\n');
                        }
                    }
                },
                "ingester-dump-stdout");
        Thread err = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            synchronized (this) {
                                errors.append(line).append('\n');
                                if (line.contains("invalid datagram")) {
                                    invalid++;
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "ingester-dump-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    static Predicate<JsonNode> kind(int code) {
        return d -> d.path("kind").asInt() == code;
    }

    static Predicate<JsonNode> kind(String name) {
        return kind(
                switch (name) {
                    case "process_started" -> 5;
                    case "process_stopping" -> 6;
                    case "process_stopped" -> 7;
                    default -> throw new IllegalArgumentException(name);
                });
    }

    static Predicate<JsonNode> lifecycle(String kindName, String reason) {
        return kind(kindName)
                .and(d -> reason.equals(d.path("fields").path("shutdown_reason").asText()));
    }

    synchronized int count() {
        return received.size();
    }

    /** Datagrams the ingester reported as invalid on its standard error. */
    synchronized long invalid() {
        return invalid;
    }

    synchronized String errors() {
        return errors.toString();
    }

    synchronized Set<Long> pids() {
        Set<Long> pids = new TreeSet<>();
        received.forEach(d -> pids.add(d.path("pid").asLong()));
        return pids;
    }

    /** Sum of a numeric field over the periodic samples from index {@code from} on. */
    synchronized long sum(int from, String field) {
        return sum(from, field, received.size());
    }

    /** Sum of a numeric field over the periodic samples with index in [from, to). */
    synchronized long sum(int from, String field, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            JsonNode d = received.get(i);
            if (d.path("kind").asInt() == REQUEST_METRICS) {
                sum += d.path("fields").path(field).asLong();
            }
        }
        return sum;
    }

    /** Index of the first periodic sample stamped after {@code stamp}, or null. */
    synchronized Integer firstSampleAfter(double stamp) {
        for (int i = 0; i < received.size(); i++) {
            JsonNode d = received.get(i);
            if (d.path("kind").asInt() == REQUEST_METRICS && d.path("stamp").asDouble() > stamp) {
                return i;
            }
        }
        return null;
    }

    /** Waits for a datagram at index {@code from} or later matching {@code match}; answers its index. */
    synchronized int await(int from, String what, Predicate<JsonNode> match, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = from; ; ) {
            for (; i < received.size(); i++) {
                if (match.test(received.get(i))) {
                    return i;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + what + " within " + timeout + "; " + (received.size() - from)
                        + " datagram(s) since the mark; ingester stderr: " + errors);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
