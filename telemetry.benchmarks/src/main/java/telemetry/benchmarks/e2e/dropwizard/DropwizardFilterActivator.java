package telemetry.benchmarks.e2e.dropwizard;

import com.codahale.metrics.servlet.InstrumentedFilter;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.http.whiteboard.Preprocessor;

/**
 * The activator of the small bundle {@link telemetry.benchmarks.e2e.EndToEndRun} builds and drops
 * into the assembly's {@code etc/}: Dropwizard Metrics' {@code InstrumentedFilter}, as a user would
 * deploy it, registered as an HTTP Whiteboard filter on every path of every context while PID
 * {@value #PID} has {@code enabled = true}; and, while it has {@code wrappers = true}, a
 * preprocessor that does nothing but wrap the request and the response in the servlet API's plain
 * wrappers (what wrapping alone costs the container). Not part of the benchmarks jar's own run.
 */
public final class DropwizardFilterActivator implements BundleActivator, ManagedService {

    public static final String PID = "telemetry.benchmarks.dropwizard";

    private BundleContext context;
    private ServiceRegistration<?> managed;
    private ServiceRegistration<?> filter;
    private ServiceRegistration<?> wrappers;

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
        setWrappers(false);
    }

    @Override
    public synchronized void updated(Dictionary<String, ?> properties) {
        setEnabled(properties != null
                && "true".equals(String.valueOf(properties.get("enabled")).trim()));
        setWrappers(properties != null
                && "true".equals(String.valueOf(properties.get("wrappers")).trim()));
    }

    private void setWrappers(boolean on) {
        if (on && wrappers == null) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE - 1);
            wrappers = context.registerService(Preprocessor.class.getName(), new WrappingPreprocessor(), properties);
        } else if (!on && wrappers != null) {
            wrappers.unregister();
            wrappers = null;
        }
    }

    /** Wraps, and nothing else. */
    static final class WrappingPreprocessor implements Preprocessor {
        @Override
        public void init(FilterConfig config) {}

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws java.io.IOException, javax.servlet.ServletException {
            chain.doFilter(
                    new HttpServletRequestWrapper((HttpServletRequest) request),
                    new HttpServletResponseWrapper((HttpServletResponse) response));
        }

        @Override
        public void destroy() {}
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
