package telemetry.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * In-process access to the request telemetry of this framework.
 *
 * <ol>
 * <li>Nothing is recorded for this API until {@link #startRecordingMetrics()} is called; both
 * queries answer {@code null} before that.</li>
 * <li>{@link #requestMetrics()} drains: each call covers the time since the previous call, so there
 * is one consumer per framework.</li>
 * <li>{@link #processMetrics()} is cumulative and never drains.</li>
 * <li>While a valid {@code telemetry.reporter} configuration with a {@code service} is in effect,
 * both answer {@code null}, whatever was called before: the external reporter owns the data. They
 * work again once that configuration is removed.</li>
 * </ol>
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface MetricsAccessor {

    /** Opts in to in-process recording. Idempotent. */
    void startRecordingMetrics();

    /**
     * The requests completed since the previous call (or since {@link #startRecordingMetrics()}),
     * or {@code null} before opting in or while external reporting is on.
     */
    RequestMetrics requestMetrics();

    /**
     * Cumulative figures of this process since recording started, or {@code null} before opting in
     * or while external reporting is on.
     */
    ProcessMetrics processMetrics();
}
