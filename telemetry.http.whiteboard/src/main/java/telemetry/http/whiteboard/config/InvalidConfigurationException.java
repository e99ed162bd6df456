package telemetry.http.whiteboard.config;

/**
 * A configuration of PID {@code telemetry.http.whiteboard} that breaks a rule. The message names the
 * PID, the property, the value given and what is accepted.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    InvalidConfigurationException(String property, Object value, String rule) {
        super(WhiteboardConfiguration.PID + ": property '" + property + "' has the value '" + value
                + "', which is not accepted: " + rule);
        this.property = property;
    }

    /** The property whose value was rejected. */
    public String property() {
        return property;
    }
}
