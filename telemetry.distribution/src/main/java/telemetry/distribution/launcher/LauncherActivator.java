package telemetry.distribution.launcher;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The Felix assembly's extension of the bnd launcher: an embedded activator (manifest header
 * {@code Embedded-Activator}, this jar on {@code -runpath}), started with the system bundle's
 * context before the bundles start. It installs the {@link FrameworkStopHook} and the
 * {@link LogConsoleWriter}.
 */
public final class LauncherActivator implements BundleActivator {

    private FrameworkStopHook stopHook;
    private LogConsoleWriter logWriter;

    @Override
    public void start(BundleContext context) {
        stopHook = FrameworkStopHook.install(context);
        logWriter = LogConsoleWriter.start(context);
    }

    @Override
    public void stop(BundleContext context) {
        if (logWriter != null) {
            logWriter.close();
        }
        stopHook.remove();
    }
}
