package telemetry.api.recording;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records requests into per-worker-slot accumulators. Registered as a service by the reporter
 * bundle; called by HTTP integrations on every request.
 *
 * <p>Contract:
 * <ol>
 * <li>{@link #isRecording()} is one volatile read. When it answers {@code false} the caller should
 * not call {@link #begin}, and need not wrap anything.</li>
 * <li>{@link #begin} claims a worker slot and never blocks. The returned recording is bound to that
 * slot and reused for a later request once {@link RequestRecording#end} was called: the caller must
 * not touch it after {@code end}.</li>
 * <li>Every {@code begin} must be followed by exactly one {@code end}, on whatever thread completes
 * the request; calls on one recording never overlap (the servlet container orders them).</li>
 * <li>If more requests are in flight than there are slots, the extra ones are still counted exactly;
 * they just have no slot of their own in the per-slot arrays.</li>
 * </ol>
 */
@ProviderType
public interface RequestRecorder {

    /** True while anything consumes recordings (the external reporter or the in-process accessor). */
    boolean isRecording();

    /**
     * Starts recording one request.
     *
     * @param serverStartNanos {@link System#nanoTime()} at which the HTTP server began the request,
     *        or the current {@code nanoTime} when the server does not expose it
     * @param applicationStartNanos {@code nanoTime} at which the request entered the servlet chain
     * @param details where the request's description is read from, lazily and only for slow requests
     * @return the recording of this request, never {@code null}
     */
    RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details);

    /**
     * Requests at least this long (from the server's start to {@code end}) are slow: the recorder
     * makes a slow-request record of them, with their CPU time. {@code -1} when no request is.
     * An integration that reads the thread CPU clock only for slow requests asks once per request,
     * at its start (nothing to read while it is {@code -1}); one volatile read.
     *
     * <p>No default: a recorder that left it to one would make every integration read the CPU clock
     * for every request (this was once the reporter's service).
     *
     * @return the threshold in nanoseconds, or {@code -1}
     * @since 1.1
     */
    long slowThresholdNanos();
}
