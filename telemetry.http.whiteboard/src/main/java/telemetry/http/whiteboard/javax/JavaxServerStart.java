package telemetry.http.whiteboard.javax;

import javax.servlet.http.HttpServletRequest;

/** Where a request's server_time starts: the HTTP server's own request start when it exposes it. */
@FunctionalInterface
public interface JavaxServerStart {

    /** For servers that expose nothing: server_time starts when the preprocessor is entered. */
    JavaxServerStart AT_PREPROCESSOR = (request, nowNanos) -> nowNanos;

    /**
     * The {@link System#nanoTime()} at which the server began the request, never after {@code nowNanos}.
     *
     * @param request the request as the whiteboard passes it to preprocessors
     * @param nowNanos the current {@code nanoTime}
     */
    long serverStartNanos(HttpServletRequest request, long nowNanos);
}
