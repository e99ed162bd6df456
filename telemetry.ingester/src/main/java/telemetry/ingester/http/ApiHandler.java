package telemetry.ingester.http;

import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import telemetry.ingester.json.StateJson;
import telemetry.ingester.store.ProcessRecord;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.TelemetryStore;

/**
 * The plain HTTP endpoints: {@code GET /} (a placeholder page until the browser UI arrives),
 * {@code GET /api/state}, {@code GET /api/history?process=PID@HOST}, {@code GET /metrics} and
 * {@code POST /api/slow/clear}. Runs behind
 * {@link RequestGuardHandler}. Stateless apart from its references; thread-safe.
 */
final class ApiHandler extends Handler.Abstract {

    private final TelemetryStore store;
    private final ReceiveCounters counters;
    private final Map<String, Object> info;

    ApiHandler(TelemetryStore store, ReceiveCounters counters, Map<String, Object> info) {
        this.store = store;
        this.counters = counters;
        this.info = info;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean get = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
        switch (path) {
            case "/api/state" -> {
                if (get) {
                    return send(response, callback, "application/json; charset=utf-8",
                            StateJson.snapshot(store, counters, "state", -1, info));
                }
            }
            case "/api/history" -> {
                if (get) {
                    String key = processKey(request);
                    String body = key == null ? null : StateJson.history(store, key);
                    if (body == null) {
                        Response.writeError(request, response, callback, 404,
                                "No such process: give ?process=PID@HOSTNAME as listed in /api/state (key)");
                        return true;
                    }
                    return send(response, callback, "application/json; charset=utf-8", body);
                }
            }
            case "/metrics" -> {
                if (get) {
                    return send(response, callback, PrometheusText.CONTENT_TYPE, PrometheusText.render(store, counters));
                }
            }
            case "/api/slow/clear" -> {
                if (HttpMethod.POST.is(method)) {
                    int cleared = store.clearCompletedSlow();
                    return send(response, callback, "application/json; charset=utf-8", "{\"cleared\":" + cleared + "}");
                }
            }
            case "/", "/index.html" -> {
                if (get) {
                    response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
                    return send(response, callback, "text/html; charset=utf-8", placeholderPage());
                }
            }
            case "/ws" -> {
                Response.writeError(request, response, callback, 426, "Upgrade to a WebSocket to read /ws");
                return true;
            }
            default -> {
                Response.writeError(request, response, callback, 404, "No such endpoint: " + path);
                return true;
            }
        }
        response.getHeaders().put(HttpHeader.ALLOW, path.equals("/api/slow/clear") ? "POST" : "GET, HEAD");
        Response.writeError(request, response, callback, 405, "Method " + method + " not allowed on " + path);
        return true;
    }

    private static String processKey(Request request) {
        try {
            return Request.extractQueryParameters(request).getValue("process");
        } catch (RuntimeException e) {
            return null; // malformed query
        }
    }

    private static boolean send(Response response, Callback callback, String type, String body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Content.Sink.write(response, true, body, callback);
        return true;
    }

    private String placeholderPage() {
        StringBuilder rows = new StringBuilder();
        long received;
        int processes;
        synchronized (store) {
            received = counters.received();
            processes = store.processCount();
            int shown = 0;
            for (ProcessRecord p : store.processes()) {
                if (shown++ == 50) {
                    rows.append("<tr><td colspan=\"5\">…</td></tr>");
                    break;
                }
                rows.append("<tr><td>").append(p.pid()).append("</td><td>").append(html(p.hostname()))
                        .append("</td><td>").append(html(p.processGroup())).append("</td><td>")
                        .append(p.state().label()).append("</td><td>").append(p.requestsTotal()).append("</td></tr>");
            }
        }
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>telemetry ingester</title>"
                + "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}</style></head>"
                + "<body><h1>telemetry ingester</h1><p>The ingester is running. The browser UI comes in a later "
                + "release; the data is available now:</p><ul>"
                + "<li><a href=\"/api/state\">/api/state</a> (JSON)</li><li><a href=\"/metrics\">/metrics</a> "
                + "(Prometheus)</li><li>/ws (WebSocket: snapshot, then updates)</li></ul>"
                + "<p>Datagrams received: " + received + ". Processes: " + processes + ".</p>"
                + "<table><tr><th>pid</th><th>hostname</th><th>process group</th><th>state</th><th>requests</th></tr>"
                + rows + "</table></body></html>";
    }

    /** Escapes text for HTML element content and attribute values. */
    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
