package telemetry.api.recording;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The description of a request, read only when the request turns out to be slow. Implemented by
 * the HTTP integration over its request object.
 *
 * <p>The recorder reads it on the request's own thread at {@link RequestRecording#end}; for the
 * heartbeat records of a request that is still running it may read it from the reporter thread,
 * and then discards what it read if the request ended meanwhile. Implementations therefore must
 * tolerate concurrent reads (answer possibly stale values, or throw) but must not block. Any
 * method may answer {@code null} for "not known".
 */
@ConsumerType
public interface RequestDetails {

    /** HTTP method, e.g. {@code GET}. */
    String method();

    /** {@code http} or {@code https}. */
    String scheme();

    /** The request's Host (not the machine's name). */
    String host();

    /** Servlet context path when known, else empty. */
    String contextPath();

    /** Request path, never with the query string. */
    String path();

    /** Protocol, e.g. {@code HTTP/1.1}. */
    String protocol();

    /** Client address (X-Forwarded-For only from trusted proxies). */
    String peerAddress();

    /** The User-Agent header; the recorder asks only when the CaptureUserAgent option is on. */
    String userAgent();

    /**
     * The request id from the configured request-id header, already bounded and sanitised, or
     * {@code null}; the recorder then generates one unique within the process.
     */
    String requestId();
}
