package telemetry.itest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/** Updating a bundle and refreshing it, as an administrator does, waiting until the refresh is done. */
final class BundleRestarts {

    private BundleRestarts() {}

    static void updateAndRefresh(BundleContext context, Bundle bundle, Duration timeout)
            throws BundleException, InterruptedException {
        bundle.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        if (!refreshed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("refresh of " + bundle.getSymbolicName() + " not finished within " + timeout);
        }
    }
}
