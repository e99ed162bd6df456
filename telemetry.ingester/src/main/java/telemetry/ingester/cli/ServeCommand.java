package telemetry.ingester.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.Main;
import telemetry.ingester.socket.SocketSetupException;

/** {@code serve}: runs the ingester until SIGINT or SIGTERM, then removes its socket. */
@Command(
        name = "serve",
        sortOptions = false,
        synopsisHeading = "",
        customSynopsis = "usage: java -jar telemetry-ingester.jar [serve] [options]",
        descriptionHeading = "%n",
        optionListHeading = "%noptions:%n",
        description = "Receives telemetry datagrams and serves them over HTTP.",
        footer = {
            "",
            "HTTP: GET /, GET /api/state, GET /api/history?process=PID@HOST or ?group=NAME, GET /ws (WebSocket), GET /metrics "
                    + "and POST /api/slow/clear, all under --root-path when given.",
            "Exit status: 0 after SIGINT/SIGTERM; 1 if the socket or HTTP cannot be set up, or the socket dies or "
                    + "its file is removed while running; 2 for bad options."
        })
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SocketOptions socket = new SocketOptions();

    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            defaultValue = IngesterConfig.DEFAULT_HTTP_HOST,
            description = "address for HTTP (default ${DEFAULT-VALUE})")
    String httpHost;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "8888",
            description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one and prints it)")
    long httpPort;

    @Option(
            names = "--retention",
            paramLabel = "DURATION",
            converter = Values.DurationValue.class,
            defaultValue = "10m",
            description = "history kept per process, e.g. 10m, 1h (default ${DEFAULT-VALUE})")
    Duration retention;

    @Option(
            names = "--root-path",
            paramLabel = "PREFIX",
            converter = Values.RootPath.class,
            description = "serve UI, API and WebSocket under this path, e.g. /telemetry (behind a reverse proxy)")
    String rootPath = "";

    @Option(
            names = "--allow-origin",
            paramLabel = "URL",
            converter = Values.Origin.class,
            description = "an extra public origin scheme://host[:port] whose Host and Origin are accepted "
                    + "(a reverse proxy's); repeatable")
    List<String> allowOrigins = new ArrayList<>();

    @Mixin
    HelpOption help = new HelpOption();

    /** The settings these options give. */
    public IngesterConfig config() {
        if (httpHost.isBlank()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "invalid value '" + httpHost + "' for --http-host: expected a host name or IP address");
        }
        int port = (int) Values.range(spec, "--http-port", httpPort, 0, 65535);
        Values.atLeast(spec, "--retention", retention, Duration.ofSeconds(10));
        return new IngesterConfig(
                socket.path,
                socket.mode,
                socket.group,
                httpHost,
                port,
                retention,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                IngesterConfig.DEFAULT_QUEUE_BYTES,
                rootPath,
                allowOrigins);
    }

    @Override
    public Integer call() {
        IngesterConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Ingester ingester;
        try {
            ingester = Ingester.start(config, InstantSource.system());
        } catch (SocketSetupException | IOException e) {
            err.println("telemetry-ingester: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<String> failed = new AtomicReference<>();
        Thread hook = new Thread(
                () -> {
                    ingester.close();
                    stopped.countDown();
                },
                "ingester-shutdown");
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
            err.flush();
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
}
