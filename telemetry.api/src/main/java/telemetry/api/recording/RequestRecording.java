package telemetry.api.recording;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The recording of one in-flight request, bound to a worker slot until {@link #end}. See
 * {@link RequestRecorder} for the threading contract. Every method returns quickly and never throws.
 */
@ProviderType
public interface RequestRecording {

    /** Sentinel for {@code end}'s {@code cpuNanos} when CPU time was not captured. */
    long NO_CPU = -1L;

    /**
     * One read of the request body.
     *
     * @param bytes bytes returned by the read (0 at end of stream)
     * @param nanos time the call took
     */
    void inputRead(long bytes, long nanos);

    /**
     * One write or flush of the response.
     *
     * @param bytes bytes written (0 for a flush)
     * @param nanos time the call took
     */
    void outputWritten(long bytes, long nanos);

    /**
     * Ends the request. Called exactly once, while the request and its {@link RequestDetails} are
     * still valid (before the container recycles them).
     *
     * @param status final HTTP status; an exception that escaped the chain, no status, or a status
     *        outside 100–599 is recorded as 5xx
     * @param failed true when an exception escaped the servlet chain
     * @param endNanos {@link System#nanoTime()} at completion
     * @param cpuNanos thread CPU time the request used, or {@link #NO_CPU}
     */
    void end(int status, boolean failed, long endNanos, long cpuNanos);
}
