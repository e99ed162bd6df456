package telemetry.http.whiteboard.javax;

import javax.servlet.http.HttpServletRequest;

import org.eclipse.jetty.server.Request;

import telemetry.http.whiteboard.capture.EpochMillisClock;

/**
 * Jetty 9.4 (Felix HTTP Jetty 4.x, Pax Web 8) stamps each request with its start in epoch
 * milliseconds ({@link Request#getTimeStamp()}); {@link Request#getBaseRequest} finds Jetty's request
 * under any wrappers. Loaded only when {@code org.eclipse.jetty.server} 9.4 is wired to the bundle.
 */
public final class Jetty9ServerStart implements JavaxServerStart {

    private final EpochMillisClock clock = new EpochMillisClock();

    @Override
    public long serverStartNanos(HttpServletRequest request, long nowNanos) {
        Request base = Request.getBaseRequest(request);
        return base == null ? nowNanos : clock.toNanoTime(base.getTimeStamp(), nowNanos);
    }
}
