package telemetry.ingester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import telemetry.ingester.Cli;
import telemetry.ingester.IngesterConfig;

class OptionsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--help",
                "serve --help",
                "dump --help",
                "simulate --help",
                "top --help",
                "top -h",
                "serve --listen unix:/x --help"
            })
    void helpPrintsUsageAndExitsZero(String args) {
        Cli r = Cli.run(args.split(" "));
        assertEquals(0, r.status, r::toString);
        assertTrue(r.out.startsWith("usage: java -jar telemetry-ingester.jar"), r.out);
        assertTrue(
                Pattern.compile("(?m)^  -h, --help +this text\\R\\R")
                        .matcher(r.out)
                        .find(),
                () -> "-h, --help listed last among the options: " + r.out);
        assertEquals("", r.err);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "serve --bogus|Unknown option: '--bogus' (accepted: --listen, --socket-mode",
                "--listen tcp://127.0.0.1:9|expected a UNIX socket as unix:/path",
                "serve --listen|Missing required parameter for option '--listen'",
                "serve --socket-mode 0999|expected an octal mode",
                "serve --socket-mode rw|expected an octal mode",
                "serve --http-port 70000|expected an integer from 0 to 65535",
                "serve --http-port eighty|'eighty' is not a long",
                "serve --retention forever|expected a duration",
                "serve --retention 1s|expected a duration of at least 10s",
                "serve --socket-group a;b|expected a group name or a numeric gid",
                "serve --root-path telemetry|expected a path prefix such as /telemetry",
                "serve --root-path /a/../b|expected a path prefix such as /telemetry",
                "serve --allow-origin ftp://proxy|expected an origin as scheme://host[:port]",
                "serve --allow-origin https://proxy/ui|expected an origin as scheme://host[:port]",
                "serve extra|Unmatched argument at index 1: 'extra' (options start with --; see serve --help)",
                "frobnicate|unknown subcommand 'frobnicate' (accepted: serve, dump, simulate, top",
                "dump --format xml|expected one of [text, json]",
                "dump --count -1|expected an integer from 0",
                "dump --file /no/such/file.bin|expected an existing datagram file",
                "simulate --processes 0|expected an integer from 1",
                "simulate --target udp:x|expected a UNIX socket",
                "simulate --rate fast|'fast' is not a double",
                "top --url http://x/|expected a WebSocket URL",
                "top --once-timeout 0|expected a number from 0.1"
            })
    void badOptionOrValuePrintsOneLineAndExitsTwo(String args, String message) {
        Cli r = Cli.run(args.split(" "));
        assertEquals(2, r.status, r::toString);
        assertEquals("", r.out);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.startsWith("telemetry-ingester: "), r.err);
        assertTrue(r.err.contains(message), r.err);
    }

    private static IngesterConfig serve(String... args) {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        cli.parseArgs(args);
        return serve.config();
    }

    @Test
    void serveDefaultsAreThoseOfTheContract() {
        IngesterConfig c = serve();
        assertEquals(Path.of("/tmp/telemetry.sock"), c.socketPath());
        assertEquals(0660, c.socketMode());
        assertEquals(null, c.socketGroup());
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals(8888, c.httpPort());
        assertEquals(Duration.ofMinutes(10), c.retention());
        assertEquals("", c.rootPath());
        assertEquals(List.of(), c.allowOrigins());
    }

    @Test
    void optionsAreRead() {
        IngesterConfig c = serve(
                "--listen=unix:/run/t.sock",
                "--socket-mode",
                "600",
                "--socket-group",
                "1234",
                "--http-host",
                "::1",
                "--http-port",
                "0",
                "--retention",
                "1h",
                "--root-path",
                "/ops/telemetry/",
                "--allow-origin",
                "HTTPS://Proxy.Example:443",
                "--allow-origin",
                "http://10.0.0.5:8080");
        assertEquals(Path.of("/run/t.sock"), c.socketPath());
        assertEquals(0600, c.socketMode());
        assertEquals("1234", c.socketGroup());
        assertEquals("::1", c.httpHost());
        assertEquals(0, c.httpPort());
        assertEquals(Duration.ofHours(1), c.retention());
        assertEquals("/ops/telemetry", c.rootPath(), "stored without the trailing slash");
        assertEquals(
                List.of("https://proxy.example", "http://10.0.0.5:8080"),
                c.allowOrigins(),
                "lower case, the scheme's default port left out (as browsers send Origin)");
        assertEquals("", serve("--root-path", "/").rootPath());
        assertEquals(Duration.ofMillis(1500), Values.parseDuration("1.5s"));
        assertEquals(Duration.ofMillis(250), Values.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(90), Values.parseDuration("90"));
    }

    @Test
    void topOnceWithoutAnIngesterExitsTwo() throws Exception {
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        Cli r = Cli.run("top", "--once", "--url", "ws://127.0.0.1:" + freePort + "/ws", "--once-timeout", "1");
        assertEquals(2, r.status, r::toString);
        assertTrue(r.err.contains("no ingester answered"), r.err);
        Cli interactive = Cli.run("top");
        assertEquals(1, interactive.status);
        assertTrue(interactive.err.contains("needs a terminal"), interactive.err);
        assertEquals(2, Cli.run("top", "--once", "--url", "http://x/").status);
    }
}
