package telemetry.http.whiteboard.javax;

import java.io.BufferedReader;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.capture.CharsetByteCounter;
import telemetry.http.whiteboard.capture.CountingBufferedReader;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.RequestIds;
import telemetry.http.whiteboard.config.TrustedProxies;

/**
 * The request as the rest of the chain sees it: the body streams are wrapped for counting the
 * first time the application asks for them, and {@link #startAsync()} hands the container these
 * wrappers so that async I/O is counted too. Also the request's {@link RequestDetails}, read from
 * the request only when the recorder asks (slow requests), never with the query string.
 *
 * <p>Used by one thread at a time, as the container orders it; the details may also be read by the
 * reporter thread while the request runs (possibly stale values, never blocking).
 */
final class JavaxCapturedRequest extends HttpServletRequestWrapper implements RequestDetails {

    private static final String USER_AGENT = "User-Agent";
    private static final String HOST = "Host";

    private final CaptureSettings settings;
    private RequestRecording recording;
    private JavaxCapturedResponse response;
    private JavaxCountingInputStream input;
    private CountingBufferedReader reader;
    // The paths as the request arrived, kept when it goes async: an async dispatch rewrites the
    // container's request (Jetty 9.4), and the details are read at the end. The volatile URI,
    // written last, publishes the context path.
    private String arrivedContextPath;
    private volatile String arrivedUri;

    JavaxCapturedRequest(HttpServletRequest request, CaptureSettings settings) {
        super(request);
        this.settings = settings;
    }

    void bind(RequestRecording recording, JavaxCapturedResponse response) {
        this.recording = recording;
        this.response = response;
    }

    /** Keeps the paths the details report; called once, as the first dispatch of an async request returns. */
    void keepArrivalPaths() {
        arrivedContextPath = getContextPath();
        arrivedUri = getRequestURI();
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        JavaxCountingInputStream current = input;
        if (current == null) {
            current = new JavaxCountingInputStream(super.getInputStream(), recording);
            input = current;
        }
        return current;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        CountingBufferedReader current = reader;
        if (current == null) {
            BufferedReader containerReader = super.getReader();
            current = new CountingBufferedReader(
                    containerReader, recording, CharsetByteCounter.forName(getCharacterEncoding()));
            reader = current;
        }
        return current;
    }

    @Override
    public AsyncContext startAsync() {
        return getRequest().startAsync(this, response);
    }

    @Override
    public String method() {
        return getMethod();
    }

    @Override
    public String scheme() {
        return getScheme();
    }

    @Override
    public String host() {
        String host = getHeader(HOST);
        return host != null ? host : getServerName();
    }

    @Override
    public String contextPath() {
        return arrivedUri != null ? arrivedContextPath : getContextPath();
    }

    @Override
    public String path() {
        String uri = arrivedUri;
        return uri != null
                ? CaptureCore.pathInContext(uri, arrivedContextPath)
                : CaptureCore.pathInContext(getRequestURI(), getContextPath());
    }

    @Override
    public String protocol() {
        return getProtocol();
    }

    @Override
    public String peerAddress() {
        TrustedProxies proxies = settings.trustedProxies();
        return proxies.clientAddress(
                getRemoteAddr(), proxies.isEmpty() ? null : getHeaders(TrustedProxies.FORWARDED_FOR));
    }

    @Override
    public String userAgent() {
        return getHeader(USER_AGENT);
    }

    @Override
    public String requestId() {
        return RequestIds.sanitise(getHeader(settings.requestIdHeader()));
    }
}
