package telemetry.ingester.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.Main;
import telemetry.ingester.socket.SocketSetupException;

/** {@code serve}: runs the ingester until SIGINT or SIGTERM, then removes its socket. */
public final class ServeCommand {

    public static final String USAGE = """
            usage: java -jar telemetry-ingester.jar [serve] [options]

              --listen unix:/path        datagram socket to bind (default unix:/tmp/telemetry.sock)
              --socket-mode MODE         octal permissions of the socket file (default 0660)
              --socket-group NAME|GID    group of the socket file (default: the process's group)
              --http-host HOST           address for HTTP (default 127.0.0.1)
              --http-port PORT           HTTP port (default 8888; 0 picks a free one and prints it)
              --retention DURATION       history kept per process, e.g. 10m, 1h (default 10m)
              --help                     this text

            HTTP: GET /, GET /api/state, GET /ws (WebSocket), GET /metrics, POST /api/slow/clear.
            Exit status: 0 after SIGINT/SIGTERM; 1 if the socket or HTTP cannot be set up, or the socket
            dies or its file is removed while running; 2 for bad options.
            """;

    static final Set<String> SOCKET_OPTIONS = Set.of("listen", "socket-mode", "socket-group");
    private static final Set<String> OPTIONS = Set.of("listen", "socket-mode", "socket-group", "http-host", "http-port",
            "retention");

    private ServeCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        ParsedOptions o = ParsedOptions.parse("serve", args, new java.util.TreeSet<>(OPTIONS));
        if (o.help()) {
            out.print(USAGE);
            return Main.OK;
        }
        IngesterConfig config = config(o);
        Ingester ingester;
        try {
            ingester = Ingester.start(config, InstantSource.system());
        } catch (SocketSetupException | IOException e) {
            err.println("telemetry-ingester: " + e.getMessage());
            return Main.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<String> failed = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            ingester.close();
            stopped.countDown();
        }, "ingester-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ingester.failure().thenAccept(why -> {
            failed.set(why);
            stopped.countDown();
        });
        out.println("telemetry-ingester: listening on unix:" + config.socketPath() + " (mode "
                + String.format("%04o", config.socketMode())
                + (config.socketGroup() != null ? ", group " + config.socketGroup() : "") + ", receive buffer "
                + ingester.socket().receiveBufferBytes() + " bytes)");
        out.println("telemetry-ingester: http " + ingester.http().url() + " (port " + ingester.httpPort() + ")");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failed.get() != null) {
            err.println("telemetry-ingester: " + failed.get() + "; stopping");
            ingester.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
            return Main.FAILED;
        }
        ingester.close();
        return Main.OK;
    }

    /** Reads the serve options into a configuration (shared with tests). */
    public static IngesterConfig config(ParsedOptions o) throws UsageException {
        String host = o.string("http-host", IngesterConfig.DEFAULT_HTTP_HOST);
        if (host.isBlank()) {
            throw o.bad("http-host", host, "a host name or IP address");
        }
        return new IngesterConfig(o.unixPath("listen", IngesterConfig.DEFAULT_SOCKET),
                o.octalMode("socket-mode", IngesterConfig.DEFAULT_MODE), socketGroup(o), host,
                (int) o.integer("http-port", IngesterConfig.DEFAULT_HTTP_PORT, 0, 65535),
                o.duration("retention", IngesterConfig.DEFAULT_RETENTION, Duration.ofSeconds(10)),
                Duration.ofSeconds(1), Duration.ofSeconds(1), IngesterConfig.DEFAULT_QUEUE_BYTES, "", java.util.List.of());
    }

    static String socketGroup(ParsedOptions o) throws UsageException {
        String g = o.string("socket-group", null);
        if (g != null && !g.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?")) {
            throw o.bad("socket-group", g, "a group name or a numeric gid");
        }
        return g;
    }
}
