package telemetry.ingester;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a running ingester ({@code serve}).
 *
 * @param socketPath where the datagram socket is bound
 * @param socketMode permission bits of the socket file (0 to 0777)
 * @param socketGroup group name or gid for the socket file, or null
 * @param httpHost address the HTTP server binds
 * @param httpPort port, 0 for any free one
 * @param retention history kept per process
 * @param broadcastPeriod how often WebSocket clients get an update
 * @param sweepPeriod how often timeouts are applied
 * @param queueBytes the most the receive queue between the socket thread and the store may grow to
 * @param rootPath path prefix everything is served under ("" for none, else {@code /a/b} without a trailing slash)
 * @param allowOrigins extra public origins ({@code scheme://host[:port]}, lower case) whose Host and Origin are accepted
 */
public record IngesterConfig(
        Path socketPath,
        int socketMode,
        String socketGroup,
        String httpHost,
        int httpPort,
        Duration retention,
        Duration broadcastPeriod,
        Duration sweepPeriod,
        int queueBytes,
        String rootPath,
        List<String> allowOrigins) {

    public static final String DEFAULT_SOCKET = "unix:/tmp/telemetry.sock";
    public static final int DEFAULT_MODE = 0660;
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8888;
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(10);
    public static final int DEFAULT_QUEUE_BYTES = 64 << 20;

    public IngesterConfig {
        allowOrigins = List.copyOf(allowOrigins);
    }

    /** The defaults of ingester.md for a socket path, HTTP on a given port. */
    public static IngesterConfig defaults(Path socketPath, int httpPort) {
        return new IngesterConfig(
                socketPath,
                DEFAULT_MODE,
                null,
                DEFAULT_HTTP_HOST,
                httpPort,
                DEFAULT_RETENTION,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                DEFAULT_QUEUE_BYTES,
                "",
                List.of());
    }

    public IngesterConfig withBroadcastPeriod(Duration period) {
        return new IngesterConfig(
                socketPath,
                socketMode,
                socketGroup,
                httpHost,
                httpPort,
                retention,
                period,
                sweepPeriod,
                queueBytes,
                rootPath,
                allowOrigins);
    }

    public IngesterConfig withSocket(int mode, String group) {
        return new IngesterConfig(
                socketPath,
                mode,
                group,
                httpHost,
                httpPort,
                retention,
                broadcastPeriod,
                sweepPeriod,
                queueBytes,
                rootPath,
                allowOrigins);
    }

    public IngesterConfig withProxy(String root, List<String> origins) {
        return new IngesterConfig(
                socketPath,
                socketMode,
                socketGroup,
                httpHost,
                httpPort,
                retention,
                broadcastPeriod,
                sweepPeriod,
                queueBytes,
                root,
                origins);
    }
}
