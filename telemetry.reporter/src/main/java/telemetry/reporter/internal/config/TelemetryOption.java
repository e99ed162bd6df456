package telemetry.reporter.internal.config;

import java.util.Locale;

/** The flags of the {@code options} property ({@code WSGITelemetryOptions}). */
public enum TelemetryOption {
    /** Slow-request records carry the User-Agent. */
    CAPTURE_USER_AGENT("CaptureUserAgent");

    private final String flagName;

    TelemetryOption(String flagName) {
        this.flagName = flagName;
    }

    /** The flag as written in the configuration, e.g. {@code CaptureUserAgent}. */
    public String flagName() {
        return flagName;
    }

    /** The option named {@code name} (case-insensitive), or {@code null}. */
    static TelemetryOption ofFlag(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (TelemetryOption o : values()) {
            if (o.flagName.toLowerCase(Locale.ROOT).equals(lower)) {
                return o;
            }
        }
        return null;
    }

    static String knownFlags() {
        StringBuilder b = new StringBuilder();
        for (TelemetryOption o : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(o.flagName);
        }
        return b.toString();
    }
}
