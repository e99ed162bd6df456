package telemetry.http.whiteboard.javax;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;

/**
 * Ends the recording of an async request when its async context completes: the container's own
 * completion signal, which also follows a timeout or an error (the status is then final, e.g. 500
 * after an unhandled timeout). An error marks the request failed. When the application starts a
 * new async cycle, the listener registers itself again. Allocated only for async requests.
 *
 * <p>The container delivers the events of one request one after the other (possibly on different
 * threads); the fields are volatile so each event sees what the previous one wrote.
 */
final class JavaxCompletionListener implements AsyncListener {

    private final RequestRecording recording;
    private final HttpServletResponse response;
    private final long cpuNanos;
    private volatile boolean failed;
    private volatile boolean ended;

    private JavaxCompletionListener(
            RequestRecording recording, HttpServletResponse response, boolean failed, long cpuNanos) {
        this.recording = recording;
        this.response = response;
        this.failed = failed;
        this.cpuNanos = cpuNanos;
    }

    /**
     * Attaches a listener to the request's async context.
     *
     * @return false when the context no longer takes listeners (the caller then ends the recording)
     */
    static boolean attach(
            HttpServletRequest request,
            JavaxCapturedRequest capturedRequest,
            JavaxCapturedResponse capturedResponse,
            RequestRecording recording,
            boolean failed,
            long cpuNanos) {
        try {
            AsyncContext context = request.getAsyncContext();
            capturedRequest.keepArrivalPaths();
            context.addListener(
                    new JavaxCompletionListener(recording, capturedResponse, failed, cpuNanos),
                    capturedRequest,
                    capturedResponse);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        long endNanos = System.nanoTime();
        if (ended) {
            return;
        }
        ended = true;
        int status;
        try {
            status = response.getStatus();
        } catch (RuntimeException e) {
            status = 500;
            failed = true;
        }
        CaptureCore.end(recording, status, failed, endNanos, cpuNanos);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // The container completes the request next (with an error status unless a listener handled it).
    }

    @Override
    public void onError(AsyncEvent event) {
        failed = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        AsyncContext context = event.getAsyncContext();
        if (context != null && !ended) {
            context.addListener(this, event.getSuppliedRequest(), event.getSuppliedResponse());
        }
    }
}
