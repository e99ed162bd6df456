package telemetry.http.whiteboard.capture;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts failures of the recorder or of the capture itself, which are never allowed to reach the
 * request. The first failure is logged with its stack trace, later ones only as every 1000th, so a
 * broken recorder cannot flood the log from every request thread. Thread-safe.
 */
public final class Faults {

    private static final Logger LOG = System.getLogger("telemetry.http.whiteboard");
    private static final AtomicLong COUNT = new AtomicLong();

    private Faults() {}

    /** Records a failure that was kept away from the request. */
    public static void record(String what, Throwable failure) {
        long count = COUNT.incrementAndGet();
        if (count == 1) {
            LOG.log(Level.WARNING, "telemetry capture failed (" + what + "); the request was not affected", failure);
        } else if (count % 1000 == 0) {
            LOG.log(
                    Level.WARNING,
                    "telemetry capture failed " + count + " times so far; latest: " + what + ": " + failure);
        }
    }

    /** Failures recorded since the bundle started. */
    public static long count() {
        return COUNT.get();
    }
}
