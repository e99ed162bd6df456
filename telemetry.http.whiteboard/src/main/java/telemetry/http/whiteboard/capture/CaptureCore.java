package telemetry.http.whiteboard.capture;

import java.util.Objects;
import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.CpuCapture;

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
    public static RequestRecording begin(
            RequestRecorder recorder, long serverStartNanos, long applicationStartNanos, RequestDetails details) {
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

    /**
     * The threshold that decides, with {@code SLOW}, whether a request's CPU is read: the
     * recorder's slow-request threshold, asked once per request; -1 (no request's CPU is kept)
     * with {@code SLOW} while the recorder tracks no slow requests or fails to say, and for every
     * other setting, which does not need it.
     */
    public static long slowThreshold(CaptureSettings settings, RequestRecorder recorder) {
        if (settings.cpu() != CpuCapture.SLOW) {
            return -1;
        }
        try {
            return recorder.slowThresholdNanos();
        } catch (RuntimeException e) {
            Faults.record("RequestRecorder.slowThresholdNanos", e);
            return -1;
        }
    }

    /**
     * Where a request's CPU time starts (see {@link CpuCapture}): the thread's CPU clock now
     * ({@code EXACT}), a reading at most a few milliseconds old ({@code SLOW}, only while the
     * recorder tracks slow requests, the only ones whose CPU it keeps), or
     * {@link RequestRecording#NO_CPU}.
     *
     * @param slowThresholdNanos what {@link #slowThreshold} answered for this request
     * @param nowNanos {@code nanoTime} at the start of the request
     */
    public static long cpuStart(CaptureSettings settings, long slowThresholdNanos, long nowNanos) {
        if (!ThreadCpuClock.isSupported()) {
            return RequestRecording.NO_CPU;
        }
        switch (settings.cpu()) {
            case EXACT:
                return ThreadCpuClock.now();
            case SLOW:
                return slowThresholdNanos >= 0 ? ThreadCpuBaseline.at(nowNanos) : RequestRecording.NO_CPU;
            default:
                return RequestRecording.NO_CPU;
        }
    }

    /**
     * The CPU time the request used on this thread, read at the end of its first dispatch, or
     * {@link RequestRecording#NO_CPU}. With {@code SLOW} the clock is read only when the request is
     * slow by the threshold or went async (its end is not known yet).
     *
     * @param settings the settings {@code cpuStart} came from
     * @param slowThresholdNanos what {@link #slowThreshold} answered for this request
     * @param requestStartNanos where the request began (the earlier of server and application start)
     */
    public static long cpuSince(
            CaptureSettings settings,
            long cpuStart,
            long slowThresholdNanos,
            long requestStartNanos,
            long endNanos,
            boolean async) {
        if (cpuStart == RequestRecording.NO_CPU) {
            return RequestRecording.NO_CPU;
        }
        boolean slow = slowThresholdNanos >= 0 && endNanos - requestStartNanos >= slowThresholdNanos;
        if (settings.cpu() == CpuCapture.SLOW && !async && !slow) {
            return RequestRecording.NO_CPU;
        }
        return Math.max(0, ThreadCpuClock.now() - cpuStart);
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
