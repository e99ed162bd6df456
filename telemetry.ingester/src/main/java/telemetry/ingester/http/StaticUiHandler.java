package telemetry.ingester.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves the browser UI (HTML, CSS, ES modules and the vendored chart library) from the jar's
 * {@code ui/} folder: {@code GET /} is {@code ui/index.html}, {@code GET /js/app.js} is
 * {@code ui/js/app.js}, and so on. Whatever is not a UI file goes on to the next handler (the API).
 *
 * <p>Every response that passes here carries a strict Content-Security-Policy: scripts and styles
 * only from this origin and never inline, connections only back to this origin (the API and the
 * WebSocket), no frames, no plugins. The UI puts every datagram string in the page as text, and
 * this policy is the second line: markup that slipped through could not run a script.
 */
public final class StaticUiHandler extends ResourceHandler {

    /** Where the UI lives on the class path (in the jar). */
    static final String CLASS_PATH_FOLDER = "ui/";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /** The UI in front of {@code next} (the API handler). */
    public StaticUiHandler(Handler next) {
        super(next);
        // mounted (a jar) for as long as this handler lives; the real URI, so Jetty sees no alias
        ResourceFactory resources = ResourceFactory.of(this);
        Resource folder = resources.newClassLoaderResource(CLASS_PATH_FOLDER, false);
        if (folder == null) {
            throw new IllegalStateException("the browser UI is missing from the jar (" + CLASS_PATH_FOLDER + ")");
        }
        setBaseResource(folder.isAlias() ? resources.newResource(folder.getRealURI()) : folder);
        setDirAllowed(false);
        setWelcomeFiles("index.html");
        setWelcomeMode(ResourceService.WelcomeMode.SERVE);
        setEtags(true);
        // Revalidate on every load: a new ingester jar must never meet a cached old UI module.
        setCacheControl("no-cache");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method) || isApi(Request.getPathInContext(request))) {
            return getHandler().handle(request, response, callback);
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/") || path.equals("/index.html")) {
            headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        }
        return super.handle(request, response, callback);
    }

    /** The API's own paths never reach the file lookup, whatever files the UI folder holds. */
    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/ws") || path.equals("/metrics");
    }
}
