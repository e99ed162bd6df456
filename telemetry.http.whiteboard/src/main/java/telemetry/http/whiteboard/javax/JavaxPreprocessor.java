package telemetry.http.whiteboard.javax;

import java.io.IOException;
import java.util.Dictionary;
import javax.servlet.DispatcherType;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.http.whiteboard.Preprocessor;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.capture.Faults;
import telemetry.http.whiteboard.capture.ServerStartProbe;
import telemetry.http.whiteboard.config.CaptureSettings;

/**
 * The javax HTTP Whiteboard preprocessor: one {@code begin} and one {@code end} per request around
 * the rest of the chain (see {@link CaptureCore}). Thread-safe and stateless per request: the state
 * of a request lives in its two wrappers and, for async requests, in its completion listener.
 *
 * <p>Only the initial dispatch ({@link DispatcherType#REQUEST}) is captured; async, error, forward
 * and include dispatches pass straight through, so a request is counted once however it is
 * dispatched. With no recorder bound or nothing recording, the cost is one volatile read and one
 * interface call, and nothing is wrapped.
 */
public final class JavaxPreprocessor implements Preprocessor {

    private final CaptureCore core;
    private final ServerStartProbe serverStart = new ServerStartProbe();

    public JavaxPreprocessor(CaptureCore core) {
        this.core = core;
    }

    /** Registers a preprocessor with the javax whiteboard. */
    public static ServiceRegistration<?> register(
            BundleContext context, CaptureCore core, Dictionary<String, ?> properties) {
        return context.registerService(Preprocessor.class.getName(), new JavaxPreprocessor(core), properties);
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up: Servlet 3.1 has no default for Filter's life-cycle methods
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RequestRecorder recorder = core.activeRecorder();
        if (recorder == null
                || request.getDispatcherType() != DispatcherType.REQUEST
                || !(request instanceof HttpServletRequest)
                || !(response instanceof HttpServletResponse)) {
            chain.doFilter(request, response);
            return;
        }
        capture(recorder, (HttpServletRequest) request, (HttpServletResponse) response, chain);
    }

    private void capture(
            RequestRecorder recorder, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        CaptureSettings settings = core.settings();
        long applicationStart = System.nanoTime();
        long slowThreshold = CaptureCore.slowThreshold(settings, recorder);
        long cpuStart = CaptureCore.cpuStart(settings, slowThreshold, applicationStart);
        JavaxCapturedRequest capturedRequest = new JavaxCapturedRequest(request, settings);
        long serverStart = serverStartNanos(request, applicationStart);
        RequestRecording recording = CaptureCore.begin(recorder, serverStart, applicationStart, capturedRequest);
        if (recording == null) {
            chain.doFilter(request, response);
            return;
        }
        JavaxCapturedResponse capturedResponse = new JavaxCapturedResponse(response, recording);
        capturedRequest.bind(recording, capturedResponse);
        boolean failed = true;
        try {
            chain.doFilter(capturedRequest, capturedResponse);
            failed = false;
        } finally {
            long endNanos = System.nanoTime();
            long cpu = CaptureCore.cpuSince(
                    settings,
                    cpuStart,
                    slowThreshold,
                    Math.min(serverStart, applicationStart),
                    endNanos,
                    isAsyncStarted(request));
            complete(request, response, capturedRequest, capturedResponse, recording, failed, endNanos, cpu);
        }
    }

    private static boolean isAsyncStarted(HttpServletRequest request) {
        try {
            return request.isAsyncStarted();
        } catch (RuntimeException e) {
            return false; // complete() asks again and records the failure
        }
    }

    /** Ends the recording now, or when the async context completes if the request went async. */
    private static void complete(
            HttpServletRequest request,
            HttpServletResponse response,
            JavaxCapturedRequest capturedRequest,
            JavaxCapturedResponse capturedResponse,
            RequestRecording recording,
            boolean failed,
            long endNanos,
            long cpu) {
        try {
            if (request.isAsyncStarted()
                    && JavaxCompletionListener.attach(
                            request, capturedRequest, capturedResponse, recording, failed, cpu)) {
                return;
            }
            CaptureCore.end(recording, response.getStatus(), failed, endNanos, cpu);
        } catch (RuntimeException e) {
            Faults.record("completing a request", e);
            CaptureCore.end(recording, 500, true, endNanos, cpu);
        }
    }

    /** The server's own start of the request where it exposes one (see {@link ServerStartProbe}). */
    private long serverStartNanos(ServletRequest request, long nowNanos) {
        ServletRequest container = request;
        while (container instanceof ServletRequestWrapper) {
            container = ((ServletRequestWrapper) container).getRequest();
        }
        return serverStart.serverStartNanos(container, nowNanos);
    }

    /** Where server_time starts for the requests seen last (for tests and diagnostics). */
    public String serverStartSource() {
        return serverStart.source();
    }
}
