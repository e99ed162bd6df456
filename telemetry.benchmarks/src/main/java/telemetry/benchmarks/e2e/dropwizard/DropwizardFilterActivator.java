package telemetry.benchmarks.e2e.dropwizard;

import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Filter;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;

import com.codahale.metrics.servlet.InstrumentedFilter;

/**
 * The activator of the small bundle {@link telemetry.benchmarks.e2e.EndToEndRun} builds and drops
 * into the assembly's {@code etc/}: Dropwizard Metrics' {@code InstrumentedFilter}, as a user would
 * deploy it, registered as an HTTP Whiteboard filter on every path of every context while PID
 * {@value #PID} has {@code enabled = true}. Not part of the benchmarks jar's own run.
 */
public final class DropwizardFilterActivator implements BundleActivator, ManagedService {

    public static final String PID = "telemetry.benchmarks.dropwizard";

    private BundleContext context;
    private ServiceRegistration<?> managed;
    private ServiceRegistration<?> filter;

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, PID);
        managed = context.registerService(ManagedService.class.getName(), this, properties);
    }

    @Override
    public synchronized void stop(BundleContext bundleContext) {
        managed.unregister();
        setEnabled(false);
    }

    @Override
    public synchronized void updated(Dictionary<String, ?> properties) {
        setEnabled(properties != null && "true".equals(String.valueOf(properties.get("enabled")).trim()));
    }

    private void setEnabled(boolean on) {
        if (on && filter == null) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("osgi.http.whiteboard.filter.name", "dropwizard-instrumented-filter");
            properties.put("osgi.http.whiteboard.filter.pattern", "/*");
            properties.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=*)");
            filter = context.registerService(Filter.class.getName(), new InstrumentedFilter(), properties);
        } else if (!on && filter != null) {
            filter.unregister();
            filter = null;
        }
    }
}
