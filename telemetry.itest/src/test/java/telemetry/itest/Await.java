package telemetry.itest;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * Bounded waiting for state that changes asynchronously (DS activation, Config Admin events):
 * checks the condition until it holds or the timeout passes, and fails naming what was awaited.
 */
final class Await {

    private Await() {}

    /** Waits until {@code value} answers non-null (and not {@code false}) and answers it. */
    static <T> T until(String what, Duration timeout, Callable<T> value) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            last = value.call();
            if (last != null && !Boolean.FALSE.equals(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not " + what + " within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
