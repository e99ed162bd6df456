package telemetry.reporter.internal.component;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import telemetry.reporter.internal.config.ReporterConfigParser;

/**
 * Rejects factory configurations of {@code telemetry.reporter} ({@code telemetry.reporter~name}).
 * Declarative Services does not reliably hand them to the configuration component (Felix SCR
 * ignores them while the singleton exists), so Config Admin's events are watched here; the runtime
 * logs each rejection once even if SCR delivers it too.
 *
 * <p>Its own component with a mandatory Config Admin reference, so the optional
 * {@code org.osgi.service.cm} import is needed only when Config Admin exists.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class FactoryConfigurationWatcher implements ConfigurationListener {

    private static final String FILTER = "(" + ReporterConfigParser.FACTORY_PID + "=" + ReporterConfigParser.PID + ")";

    private final ConfigurationAdmin admin;
    private final ReporterControl control;

    @Activate
    public FactoryConfigurationWatcher(@Reference ConfigurationAdmin admin, @Reference ReporterControl control) {
        this.admin = admin;
        this.control = control;
        try {
            Configuration[] existing = admin.listConfigurations(FILTER);
            if (existing != null) {
                for (Configuration c : existing) {
                    reject(c);
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            // Config Admin unavailable: the next event will tell
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (!ReporterConfigParser.PID.equals(event.getFactoryPid())) {
            return;
        }
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            control.configurationRemoved(
                    event.getPid(), FrameworkDescriptions.DEACTIVATION_REASON_CONFIGURATION_DELETED);
            return;
        }
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + event.getPid() + ")");
            if (found != null) {
                for (Configuration c : found) {
                    reject(c);
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            // gone meanwhile: a CM_DELETED event follows
        }
    }

    private void reject(Configuration c) {
        Dictionary<String, Object> d = c.getProperties();
        Map<String, Object> properties = new HashMap<>();
        if (d != null) {
            for (String key : Collections.list(d.keys())) {
                properties.put(key, d.get(key));
            }
        }
        properties.put(ReporterConfigParser.FACTORY_PID, ReporterConfigParser.PID);
        properties.put("service.pid", c.getPid());
        control.configure(properties);
    }
}
