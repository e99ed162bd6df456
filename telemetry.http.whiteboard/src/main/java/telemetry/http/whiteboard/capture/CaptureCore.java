package telemetry.http.whiteboard.capture;

import java.util.Objects;

import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;

/**
 * What both servlet adapters share: the bound recorder, the current settings and every call into
 * the recorder, each guarded so that a failing recorder never fails a request.
 *
 * <p>Concurrency: {@link #setRecorder}, {@link #unsetRecorder} and {@link #setSettings} may be called
 * from any thread at any time (the DS runtime does); request threads see the change on their next
 * request. The recorder and the settings are single volatile fields, so the request path reads them
 * without locking. The static methods are stateless.
 */
public final class CaptureCore {

    private volatile RequestRecorder recorder;
    private volatile CaptureSettings settings;

    public CaptureCore(CaptureSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Binds a recorder (the greedy dynamic reference binds a better one before unbinding the old). */
    public synchronized void setRecorder(RequestRecorder recorder) {
        this.recorder = recorder;
    }

    /** Unbinds a recorder unless another one was bound since. */
    public synchronized void unsetRecorder(RequestRecorder recorder) {
        if (this.recorder == recorder) {
            this.recorder = null;
        }
    }

    public void setSettings(CaptureSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public CaptureSettings settings() {
        return settings;
    }

    /**
     * The recorder when one is bound and recording, else {@code null}: the whole cost of the
     * preprocessor when nothing consumes recordings.
     */
    public RequestRecorder activeRecorder() {
        RequestRecorder current = recorder;
        if (current == null) {
            return null;
        }
        try {
            return current.isRecording() ? current : null;
        } catch (RuntimeException e) {
            Faults.record("RequestRecorder.isRecording", e);
            return null;
        }
    }

    /** Begins a recording; {@code null} when the recorder failed (the request then goes unrecorded). */
    public static RequestRecording begin(RequestRecorder recorder, long serverStartNanos, long applicationStartNanos,
            RequestDetails details) {
        try {
            return recorder.begin(serverStartNanos, applicationStartNanos, details);
        } catch (RuntimeException e) {
            Faults.record("RequestRecorder.begin", e);
            return null;
        }
    }

    /** Ends a recording; never throws. */
    public static void end(RequestRecording recording, int status, boolean failed, long endNanos, long cpuNanos) {
        try {
            recording.end(status, failed, endNanos, cpuNanos);
        } catch (RuntimeException e) {
            Faults.record("RequestRecording.end", e);
        }
    }

    /** Reports one read of the request body; never throws. */
    public static void inputRead(RequestRecording recording, long bytes, long nanos) {
        try {
            recording.inputRead(bytes, nanos);
        } catch (RuntimeException e) {
            Faults.record("RequestRecording.inputRead", e);
        }
    }

    /** Reports one write or flush of the response; never throws. */
    public static void outputWritten(RequestRecording recording, long bytes, long nanos) {
        try {
            recording.outputWritten(bytes, nanos);
        } catch (RuntimeException e) {
            Faults.record("RequestRecording.outputWritten", e);
        }
    }

    /** The current thread's CPU time when the settings ask for it, else {@link RequestRecording#NO_CPU}. */
    public static long cpuStart(CaptureSettings settings) {
        return settings.cpu() && ThreadCpuClock.isSupported() ? ThreadCpuClock.now() : RequestRecording.NO_CPU;
    }

    /** The CPU time used since {@code cpuStart}, or {@link RequestRecording#NO_CPU}. */
    public static long cpuSince(long cpuStart) {
        return cpuStart == RequestRecording.NO_CPU ? RequestRecording.NO_CPU : Math.max(0, ThreadCpuClock.now() - cpuStart);
    }

    /** Path of a request URI inside its context, without query string (never recorded). */
    public static String pathInContext(String requestUri, String contextPath) {
        if (requestUri == null) {
            return null;
        }
        int query = requestUri.indexOf('?');
        String path = query < 0 ? requestUri : requestUri.substring(0, query);
        if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        return path;
    }
}
