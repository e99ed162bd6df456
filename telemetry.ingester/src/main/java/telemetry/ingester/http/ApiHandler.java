package telemetry.ingester.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import telemetry.ingester.json.StateJson;
import telemetry.ingester.metrics.PrometheusMetrics;
import telemetry.ingester.model.StateView;
import telemetry.ingester.store.StoreAccess;

/**
 * The plain HTTP endpoints behind the browser UI ({@link StaticUiHandler}): {@code GET /api/state},
 * {@code GET /api/history?process=PID@HOST} or {@code ?group=NAME}, {@code GET /metrics} and {@code POST /api/slow/clear}. Runs behind {@link RequestGuardHandler}.
 *
 * <p>Every answer is rendered from the immutable read model on one of Jetty's threads, never on
 * the store's: the handler asks the store for a view (or a history, or a clear) and completes the
 * response asynchronously when it arrives, so neither a slow client nor a big document holds up
 * storing. Thread-safe.
 */
final class ApiHandler extends Handler.Abstract {

    /** How long a request waits for a fresh view before it is answered from the last published one. */
    private static final Duration FRESH_WAIT = Duration.ofSeconds(2);

    private static final String JSON = "application/json; charset=utf-8";

    private final StoreAccess store;
    private final Map<String, Object> info;

    ApiHandler(StoreAccess store, Map<String, Object> info) {
        this.store = store;
        this.info = info;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean get = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
        Executor executor = request.getComponents().getExecutor();
        switch (path) {
            case "/api/state" -> {
                if (get) {
                    return answer(
                            request,
                            response,
                            callback,
                            executor,
                            freshView(),
                            view -> new Reply(JSON, utf8(StateJson.snapshot(view, "state", -1, info))));
                }
            }
            case "/api/history" -> {
                if (get) {
                    HistoryScope scope;
                    try {
                        scope = historyScope(request);
                    } catch (IllegalArgumentException e) {
                        Response.writeError(request, response, callback, 400, e.getMessage());
                        return true;
                    }
                    if (scope.group() != null) {
                        return answer(
                                request,
                                response,
                                callback,
                                executor,
                                store.groupHistory(scope.group()),
                                history ->
                                        history == null ? null : new Reply(JSON, utf8(StateJson.groupHistory(history))),
                                "No process in group '" + scope.group() + "': give ?group=NAME as listed in /api/state "
                                        + "(process_groups[].process_group)");
                    }
                    String key = scope.process();
                    return answer(
                            request,
                            response,
                            callback,
                            executor,
                            store.history(key),
                            history -> history == null ? null : new Reply(JSON, utf8(StateJson.history(history))),
                            "No such process '" + key + "': give ?process=PID@HOSTNAME as listed in /api/state (key)");
                }
            }
            case "/metrics" -> {
                if (get) {
                    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                    return answer(request, response, callback, executor, freshView(), view -> {
                        PrometheusMetrics.Exposition e = PrometheusMetrics.render(view, accept);
                        return new Reply(e.contentType(), e.body());
                    });
                }
            }
            case "/api/slow/clear" -> {
                if (HttpMethod.POST.is(method)) {
                    return answer(
                            request,
                            response,
                            callback,
                            executor,
                            store.clearCompletedSlow(),
                            cleared -> new Reply(JSON, utf8("{\"cleared\":" + cleared + "}")));
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

    /** A view holding everything stored so far; the last published one if the store does not answer in time. */
    private CompletableFuture<StateView> freshView() {
        return store.fresh()
                .completeOnTimeout(null, FRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(view -> view != null ? view : store.current());
    }

    private record Reply(String contentType, byte[] body) {}

    private <T> boolean answer(
            Request request,
            Response response,
            Callback callback,
            Executor executor,
            CompletableFuture<T> pending,
            Function<T, Reply> render) {
        return answer(request, response, callback, executor, pending, render, "Not found");
    }

    /** Renders on {@code executor} (a Jetty thread) when {@code pending} completes; a null reply is a 404. */
    private <T> boolean answer(
            Request request,
            Response response,
            Callback callback,
            Executor executor,
            CompletableFuture<T> pending,
            Function<T, Reply> render,
            String notFound) {
        pending.whenCompleteAsync(
                (value, failure) -> {
                    if (failure != null) {
                        Response.writeError(
                                request, response, callback, 503, "The store did not answer: " + failure.getMessage());
                        return;
                    }
                    Reply reply;
                    try {
                        reply = render.apply(value);
                    } catch (RuntimeException e) {
                        Response.writeError(request, response, callback, 500, "Rendering failed: " + e);
                        return;
                    }
                    if (reply == null) {
                        Response.writeError(request, response, callback, 404, notFound);
                        return;
                    }
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                    response.getHeaders().put("X-Content-Type-Options", "nosniff");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
                    response.write(
                            true,
                            HttpMethod.HEAD.is(request.getMethod())
                                    ? ByteBuffer.allocate(0)
                                    : ByteBuffer.wrap(reply.body()),
                            callback);
                },
                executor);
        return true;
    }

    /** What {@code /api/history} was asked for: one process ({@code pid@hostname}) or one group. */
    record HistoryScope(String process, String group) {}

    /**
     * The {@code process} or {@code group} parameter (exactly one of them).
     *
     * @throws IllegalArgumentException naming what is wrong and what is accepted
     */
    static HistoryScope historyScope(Request request) {
        Fields query;
        try {
            query = Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Unparseable query string '" + request.getHttpURI().getQuery()
                            + "': expected ?process=PID@HOSTNAME or ?group=NAME (percent-encoded UTF-8)");
        }
        String group = query.getValue("group");
        String key = query.getValue("process");
        if (group != null) {
            if (key != null) {
                throw new IllegalArgumentException("Both process '" + key + "' and group '" + group
                        + "' given: expected either ?process=PID@HOSTNAME or ?group=NAME");
            }
            return new HistoryScope(null, group);
        }
        if (key == null || !key.matches("\\d+@.*")) {
            throw new IllegalArgumentException("Bad or missing process parameter '" + (key == null ? "" : key)
                    + "': expected ?process=PID@HOSTNAME as listed in /api/state (key), or ?group=NAME");
        }
        return new HistoryScope(key, null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
