package telemetry.ingester.http;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, with 403, requests that did not come from the ingester's own pages:
 * <ul>
 * <li>any request whose {@code Host} header is not the bound address or {@code localhost} with the
 * bound port (DNS rebinding);</li>
 * <li>WebSocket upgrades and any method other than GET or HEAD whose {@code Origin} is missing or
 * not the UI's own origin, {@code http://<allowed host>:<port>} (cross-site requests).</li>
 * </ul>
 * Behind a reverse proxy, each {@code --allow-origin} ({@code scheme://host[:port]}) adds its
 * authority to the accepted Host headers and itself to the accepted origins.
 * The allowed names are fixed once the port is known ({@link #allow}); thread-safe after that.
 */
public final class RequestGuardHandler extends Handler.Wrapper {

    private volatile Set<String> allowedHosts = Set.of();
    private volatile Set<String> allowedOrigins = Set.of();
    private final AtomicLong refused = new AtomicLong();

    /**
     * Allows {@code host:port} for each host name given (lower case; IPv6 literals in brackets), and
     * each extra origin ({@code scheme://host[:port]}, lower case) with its authority as a Host.
     */
    public void allow(Set<String> hosts, int port, java.util.List<String> extraOrigins) {
        Set<String> h = new java.util.HashSet<>();
        Set<String> o = new java.util.HashSet<>();
        for (String name : hosts) {
            String authority = name.toLowerCase(Locale.ROOT) + ":" + port;
            h.add(authority);
            o.add("http://" + authority);
            if (port == 80) {
                h.add(name.toLowerCase(Locale.ROOT));
                o.add("http://" + name.toLowerCase(Locale.ROOT));
            }
        }
        for (String origin : extraOrigins) {
            o.add(origin);
            h.add(origin.substring(origin.indexOf("://") + 3));
        }
        allowedHosts = Set.copyOf(h);
        allowedOrigins = Set.copyOf(o);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || !allowedHosts.contains(host.trim().toLowerCase(Locale.ROOT))) {
            return refuse(request, response, callback, "Host not allowed: use http://" + someAllowedHost() + "/");
        }
        String method = request.getMethod();
        String upgradeHeader = request.getHeaders().get(HttpHeader.UPGRADE);
        boolean upgrade =
                upgradeHeader != null && upgradeHeader.toLowerCase(Locale.ROOT).contains("websocket")
                        || HttpMethod.CONNECT.is(method)
                        || Request.getPathInContext(request).endsWith("/ws");
        boolean safe = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
        if (upgrade || !safe) {
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (origin == null || !allowedOrigins.contains(origin.trim().toLowerCase(Locale.ROOT))) {
                return refuse(
                        request,
                        response,
                        callback,
                        "Origin not allowed: WebSocket and POST requests must come from this ingester's own pages");
            }
        }
        return super.handle(request, response, callback);
    }

    /** Requests refused so far. */
    public long refused() {
        return refused.get();
    }

    private String someAllowedHost() {
        return allowedHosts.stream().sorted().findFirst().orElse("localhost");
    }

    private boolean refuse(Request request, Response response, Callback callback, String why) {
        refused.incrementAndGet();
        Response.writeError(request, response, callback, 403, why);
        return true;
    }
}
