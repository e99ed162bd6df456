package telemetry.http.whiteboard.config;

import java.util.Objects;

/**
 * What the per-request capture needs from the configuration; immutable, swapped as a whole.
 *
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed
 * @param requestIdHeader the request header that carries the request id
 * @param cpu how each request's thread CPU time is measured
 */
public record CaptureSettings(TrustedProxies trustedProxies, String requestIdHeader, CpuCapture cpu) {

    /** The settings without configuration: no trusted proxies, {@code X-Request-ID}, CPU of slow requests. */
    public static final CaptureSettings DEFAULTS = new CaptureSettings(
            TrustedProxies.NONE, WhiteboardConfiguration.DEFAULT_REQUEST_ID_HEADER, CpuCapture.SLOW);

    public CaptureSettings {
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(requestIdHeader, "requestIdHeader");
        Objects.requireNonNull(cpu, "cpu");
    }
}
