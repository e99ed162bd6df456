package telemetry.distribution.launcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * A JVM shutdown hook that stops the framework when the JVM is asked to exit (SIGTERM, SIGINT,
 * {@code System.exit}), so that every bundle is stopped in order: the telemetry reporter then
 * sends its PROCESS_STOPPING and PROCESS_STOPPED records and Jetty closes its connector. bnd's
 * launcher only deletes its working folder on exit; it leaves the framework running until the JVM
 * dies.
 */
final class FrameworkStopHook {

    /** How long the hook waits for the framework to stop (ms); framework property, default 60 s. */
    static final String TIMEOUT_PROPERTY = "telemetry.launcher.stop.timeout";

    private final Thread hook;

    private FrameworkStopHook(Framework framework, long timeoutMillis) {
        this.hook = new Thread(() -> stop(framework, timeoutMillis), "telemetry framework stop hook");
    }

    static FrameworkStopHook install(BundleContext systemContext) {
        FrameworkStopHook stopHook = new FrameworkStopHook(
                (Framework) systemContext.getBundle(0), timeoutMillis(systemContext.getProperty(TIMEOUT_PROPERTY)));
        Runtime.getRuntime().addShutdownHook(stopHook.hook);
        return stopHook;
    }

    /** Removes the hook after the framework stopped by other means (a {@code stop 0} in the shell). */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it is what stops the framework
        }
    }

    private static void stop(Framework framework, long timeoutMillis) {
        if ((framework.getState() & (Framework.STARTING | Framework.ACTIVE)) == 0) {
            return;
        }
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(timeoutMillis);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println(
                        "telemetry: the framework did not stop within " + timeoutMillis + " ms; exiting anyway");
            }
        } catch (BundleException | RuntimeException e) {
            System.err.println("telemetry: stopping the framework failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long timeoutMillis(String value) {
        if (value == null || value.isBlank()) {
            return 60_000;
        }
        try {
            return Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            System.err.println("telemetry: " + TIMEOUT_PROPERTY + " must be a number of milliseconds, got '" + value
                    + "'; using 60000");
            return 60_000;
        }
    }
}
