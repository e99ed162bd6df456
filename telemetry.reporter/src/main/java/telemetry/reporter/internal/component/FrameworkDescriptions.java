package telemetry.reporter.internal.component;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.reporting.ShutdownReason;

/** What the OSGi framework tells about itself: identity fields and why we are being stopped. */
final class FrameworkDescriptions {

    /** DS deactivation reasons (ComponentConstants), kept here to avoid importing the DS API. */
    static final int DEACTIVATION_REASON_CONFIGURATION_DELETED = 4;

    static final int DEACTIVATION_REASON_DISPOSED = 5;
    static final int DEACTIVATION_REASON_BUNDLE_STOPPED = 6;

    private FrameworkDescriptions() {}

    static ReporterIdentity identity(BundleContext context) {
        Version v = context.getBundle().getVersion();
        return ReporterIdentity.current(
                v.getMajor() + "." + v.getMinor() + "." + v.getMicro(), framework(context), httpRuntime(context));
    }

    /** E.g. {@code Apache Felix/7.0.5}. */
    static String framework(BundleContext context) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        if (system == null) {
            return "OSGi";
        }
        String bsn = system.getSymbolicName();
        String name = switch (bsn == null ? "" : bsn) {
            case "org.apache.felix.framework" -> "Apache Felix";
            case "org.eclipse.osgi" -> "Eclipse Equinox";
            default -> {
                String header = system.getHeaders("").get(Constants.BUNDLE_NAME);
                yield header == null ? String.valueOf(bsn) : header;
            }
        };
        Version v = system.getVersion();
        return name + "/" + v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    /** {@code jetty} when a Jetty server bundle is installed, else {@code osgi}. */
    static String httpRuntime(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn != null
                    && (bsn.startsWith("org.eclipse.jetty.server")
                            || bsn.startsWith("org.apache.felix.http.jetty")
                            || bsn.startsWith("org.ops4j.pax.web.pax-web-jetty"))) {
                return "jetty";
            }
        }
        return "osgi";
    }

    /** The shutdown reason for a DS deactivation. */
    static String shutdownReason(BundleContext context, int deactivationReason) {
        if (deactivationReason == DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            return ShutdownReason.CONFIGURATION_DELETED;
        }
        if (frameworkStopping(context)) {
            return ShutdownReason.FRAMEWORK_STOPPING;
        }
        if (deactivationReason == DEACTIVATION_REASON_BUNDLE_STOPPED
                || deactivationReason == DEACTIVATION_REASON_DISPOSED
                || (context.getBundle().getState() & (Bundle.STOPPING | Bundle.RESOLVED | Bundle.INSTALLED)) != 0) {
            return ShutdownReason.BUNDLE_STOPPING;
        }
        return ShutdownReason.COMPONENT_DEACTIVATED;
    }

    private static boolean frameworkStopping(BundleContext context) {
        try {
            Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
            return system != null && system.getState() == Bundle.STOPPING;
        } catch (IllegalStateException e) {
            return true; // our context is no longer valid: we are going down with the framework or the bundle
        }
    }
}
