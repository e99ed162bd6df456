package telemetry.reporter.internal.component;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import telemetry.reporter.internal.runtime.RuntimeLog;

/**
 * The OSGi Log Service (1.4+ {@link LoggerFactory}) as the runtime's log. Its own component so that
 * the optional {@code org.osgi.service.log} import is needed only when a Log Service exists: without
 * one this component stays unsatisfied, its class is never loaded, and the runtime logs to the
 * platform logger.
 */
@Component(service = RuntimeLog.class)
public final class LogServiceBridge implements RuntimeLog {

    private final Logger logger;

    @Activate
    public LogServiceBridge(@Reference LoggerFactory loggers) {
        this.logger = loggers.getLogger("telemetry.reporter");
    }

    @Override
    public void error(String message) {
        logger.error(message);
    }

    @Override
    public void warn(String message) {
        logger.warn(message);
    }

    @Override
    public void info(String message) {
        logger.info(message);
    }
}
