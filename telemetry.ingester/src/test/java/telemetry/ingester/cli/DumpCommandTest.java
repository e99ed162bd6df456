package telemetry.ingester.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.Cli;
import telemetry.ingester.JsonTrees;
import telemetry.testing.Datagrams;

class DumpCommandTest {

    private static final Path VECTORS = Path.of(System.getProperty("telemetry.shared"), "vectors");

    static Stream<Path> validVectors() throws IOException {
        return Files.list(VECTORS).filter(p -> p.toString().endsWith(".bin")).sorted();
    }

    static Stream<Path> invalidVectors() throws IOException {
        return Files.list(VECTORS.resolve("invalid"))
                .filter(p -> p.toString().endsWith(".bin"))
                .sorted();
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void everyVectorDumpsAsItsJson(Path bin) throws IOException {
        Cli r = Cli.run("dump", "--file", bin.toString(), "--format", "json");
        assertEquals(0, r.status, r::toString);
        assertEquals("", r.err);
        String[] lines = r.out.split("\n");
        assertEquals(1, lines.length, "one JSON object per line");
        JsonNode expected = JsonTrees.parse(Files.readString(json(bin)));
        assertNull(
                JsonTrees.difference(expected, JsonTrees.parse(lines[0]), "$"),
                bin.getFileName().toString());
    }

    @Test
    void gcRecordsReadAsTextWithTheirMeaning(@TempDir Path dir) throws IOException {
        Datagrams make = new Datagrams();
        Path snapshot = Files.write(
                dir.resolve("snapshot.bin"),
                make.gcSnapshot(
                        42,
                        7,
                        1.8e9,
                        new Datagrams.Snapshot(
                                new long[] {32L << 20, 4L << 20, 300L << 20},
                                new long[] {64L << 20, 8L << 20, 1200L << 20},
                                new long[] {12, 1, 2},
                                new long[] {1, 2, 3},
                                3)));
        Path event = Files.write(
                dir.resolve("event.bin"),
                make.gcEvent(42, 8, 1.8e9, new Datagrams.Pause(1.8e9 - 1, 0.6405, 2, 3L << 20)));
        Cli r = Cli.run("dump", "--file", snapshot.toString(), "--file", event.toString());
        assertEquals(0, r.status, r::toString);
        String[] lines = r.out.split("\n");
        assertTrue(lines[0].startsWith("gc_snapshot pid=42 seq=7 "), lines[0]);
        assertTrue(
                lines[0].endsWith(" | eden 32.0 MiB/64.0 MiB (50%), survivor 4.0 MiB/8.0 MiB (50%), "
                        + "old 300.0 MiB/1200.0 MiB (25%), pauses young 12 mixed 1 full 2, events dropped 3"),
                lines[0]);
        assertTrue(lines[1].startsWith("gc_event pid=42 seq=8 "), lines[1]);
        assertTrue(lines[1].contains(" gc_event_duration=0.6405 "), lines[1]);
        assertTrue(lines[1].endsWith(" | full pause 640.500 ms, reclaimed 3.0 MiB"), lines[1]);
    }

    @ParameterizedTest
    @MethodSource("invalidVectors")
    void everyInvalidVectorIsReportedOnStderr(Path bin) throws IOException {
        Cli r = Cli.run("dump", "--file", bin.toString(), "--format", "json");
        assertEquals(1, r.status, r::toString);
        assertEquals("", r.out, "invalid datagrams are not printed");
        String error = JsonTrees.parse(Files.readString(json(bin))).get("error").asText();
        assertTrue(r.err.contains(bin.toString()) && r.err.contains(error), r.err + " should name " + error);
    }

    @Test
    void severalFilesInOneRunCountOnlyTheValidOnes() throws IOException {
        List<String> args = new ArrayList<>(List.of("dump", "--format", "json"));
        try (Stream<Path> valid = validVectors();
                Stream<Path> invalid = invalidVectors()) {
            Stream.concat(valid, invalid).forEach(p -> {
                args.add("--file");
                args.add(p.toString());
            });
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(1, r.status);
        long validCount;
        try (Stream<Path> valid = validVectors()) {
            validCount = valid.count();
        }
        assertEquals(validCount, r.out.lines().count());
        Cli limited = Cli.run(
                "dump",
                "--count",
                "2",
                "--file",
                VECTORS.resolve("process_started.bin").toString(),
                "--file",
                VECTORS.resolve("slow_active.bin").toString(),
                "--file",
                VECTORS.resolve("request_busy.bin").toString());
        assertEquals(2, limited.out.lines().count());
    }

    @Test
    void textFormatIsOneEscapedLinePerDatagram(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("evil.bin");
        Files.write(file, new Datagrams().slow(9, 1, "id\u001b[31m", 1, 1.0, 0, 2.0, "/a\nb\"c"));
        Cli r = Cli.run("dump", "--file", file.toString());
        assertEquals(0, r.status, r::toString);
        assertEquals(1, r.out.lines().count());
        assertFalse(r.out.contains("\u001b"), "no terminal escape reaches the output");
        assertTrue(r.out.startsWith("slow_request pid=9 seq=1 "), r.out);
        assertTrue(r.out.contains("slow_path_info=\"/a\\nb\\\"c\""), r.out);
    }

    @Test
    void dumpListensLikeServeAndStopsAfterCount(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("dump.sock");
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(
                "dump", "--listen", "unix:" + socket, "--socket-mode", "0600", "--format", "json", "--count", "2"));
        await("dump binding its socket")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> Files.exists(socket));
        Datagrams make = new Datagrams();
        try (AFUNIXDatagramChannel ch = AFUNIXDatagramChannel.open()) {
            ch.connect(AFUNIXSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(make.started(77, 1, "h", "g")));
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            ch.write(ByteBuffer.wrap(make.stopping(77, 2, "h", "bye")));
        }
        Cli r = run.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.status, r::toString);
        List<String> lines = r.out.lines().toList();
        assertEquals(2, lines.size(), "the invalid datagram is not counted");
        assertEquals(5, JsonTrees.parse(lines.get(0)).get("kind").asInt());
        assertEquals(
                "bye",
                JsonTrees.parse(lines.get(1))
                        .get("fields")
                        .get("shutdown_reason")
                        .asText());
        assertTrue(r.err.contains("invalid datagram"), r.err);
        assertFalse(Files.exists(socket), "socket removed when dump ends");
    }

    private static Path json(Path bin) {
        String name = bin.getFileName().toString();
        return bin.resolveSibling(name.substring(0, name.length() - 4) + ".json");
    }
}
