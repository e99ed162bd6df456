package telemetry.ingester.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import telemetry.ingester.store.StoreAccess;

/**
 * The ingester's Jetty server: guard, WebSocket upgrade for {@code /ws}, the browser UI's files, then the API handler. No
 * servlets. Started once, stopped once.
 */
public final class HttpFrontEnd implements AutoCloseable {

    /** The largest message a client may send us (they only ask for resyncs). */
    private static final long MAX_INBOUND_MESSAGE = 4096;

    private final Server server;
    private final ServerConnector connector;
    private final RequestGuardHandler guard;
    private final LiveBroadcaster broadcaster;
    private final String host;
    private final String rootPath;

    private HttpFrontEnd(
            Server server,
            ServerConnector connector,
            RequestGuardHandler guard,
            LiveBroadcaster broadcaster,
            String host,
            String rootPath) {
        this.server = server;
        this.connector = connector;
        this.guard = guard;
        this.broadcaster = broadcaster;
        this.host = host;
        this.rootPath = rootPath;
    }

    /**
     * Binds {@code host:port} (0 picks a free port) and starts serving.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public static HttpFrontEnd start(
            String host, int port, StoreAccess store, Map<String, Object> info, Duration broadcastPeriod)
            throws IOException {
        return start(host, port, "", List.of(), store, info, broadcastPeriod);
    }

    /**
     * Binds {@code host:port} (0 picks a free port) and starts serving under {@code rootPath} ("" or
     * {@code /a/b}), accepting also the Host and Origin of each of {@code allowOrigins}
     * ({@code scheme://host[:port]}, as a reverse proxy presents them).
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public static HttpFrontEnd start(
            String host,
            int port,
            String rootPath,
            List<String> allowOrigins,
            StoreAccess store,
            Map<String, Object> info,
            Duration broadcastPeriod)
            throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("ingester-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        LiveBroadcaster broadcaster = new LiveBroadcaster(store, info, broadcastPeriod);
        RequestGuardHandler guard = new RequestGuardHandler();
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(MAX_INBOUND_MESSAGE);
            container.setMaxBinaryMessageSize(MAX_INBOUND_MESSAGE);
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.addMapping("/ws", (request, response, callback) -> new LiveClient(broadcaster));
        });
        ws.setHandler(new StaticUiHandler(new ApiHandler(store, info)));
        if (rootPath.isEmpty()) {
            guard.setHandler(ws);
        } else {
            // everything under the prefix; /prefix is redirected to /prefix/, anything else is 404
            ContextHandler context = new ContextHandler(ws, rootPath);
            guard.setHandler(context);
        }
        server.setHandler(guard);
        try {
            server.start();
        } catch (Exception e) {
            broadcaster.close();
            try {
                server.stop();
            } catch (Exception ignored) {
                // failed to start already
            }
            Throwable cause = e.getCause() != null && e instanceof RuntimeException ? e.getCause() : e;
            throw new IOException("cannot serve HTTP on " + host + ":" + port + ": " + cause.getMessage(), e);
        }
        HttpFrontEnd front = new HttpFrontEnd(server, connector, guard, broadcaster, host, rootPath);
        guard.allow(allowedHostNames(host), front.port(), allowOrigins);
        return front;
    }

    /** The bound address as written in a Host header, plus localhost (and loopback literals for a wildcard). */
    static Set<String> allowedHostNames(String host) throws UnknownHostException {
        Set<String> names = new LinkedHashSet<>();
        names.add(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
        names.add("localhost");
        InetAddress address = InetAddress.getByName(host);
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            names.add("127.0.0.1");
            names.add("[::1]");
        }
        return names;
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return host;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8888/} ({@code http://127.0.0.1:8888/telemetry/} under a root path). */
    public String url() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + rootPath + "/";
    }

    public LiveBroadcaster broadcaster() {
        return broadcaster;
    }

    public RequestGuardHandler guard() {
        return guard;
    }

    @Override
    public void close() {
        broadcaster.close();
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
    }
}
