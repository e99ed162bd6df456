package telemetry.reporter.internal.reporting;

/** The {@code shutdown_reason} texts of STOPPING and STOPPED records. */
public final class ShutdownReason {

    /** The OSGi framework is stopping (system bundle in STOPPING state). */
    public static final String FRAMEWORK_STOPPING = "framework_stopping";
    /** The reporter bundle alone is stopping, being updated or refreshed. */
    public static final String BUNDLE_STOPPING = "bundle_stopping";
    /** The {@code telemetry.reporter} configuration was deleted. */
    public static final String CONFIGURATION_DELETED = "configuration_deleted";
    /** The configuration was changed to one without {@code service}: reporting turned off. */
    public static final String REPORTING_DISABLED = "reporting_disabled";
    /** The configuration was changed to one that breaks a rule: reporting turned off. */
    public static final String CONFIGURATION_REJECTED = "configuration_rejected";
    /** The component was deactivated for another reason (disabled, a dependency went away). */
    public static final String COMPONENT_DEACTIVATED = "component_deactivated";

    private ShutdownReason() {}
}
