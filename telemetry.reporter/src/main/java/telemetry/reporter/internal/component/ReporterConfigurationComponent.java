package telemetry.reporter.internal.component;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import telemetry.reporter.internal.config.ReporterConfigParser;
import telemetry.reporter.internal.config.ReporterSettings;

/**
 * Carries Config Admin's {@code telemetry.reporter} configuration to the runtime: one instance per
 * configuration. Activation, modification and deletion are forwarded as they come; the runtime
 * validates, logs and acts. A factory configuration ({@code telemetry.reporter~name}) gets an
 * instance too and is rejected there.
 *
 * <p>The properties are read raw rather than through {@link Config}: DS would silently coerce
 * {@code interval=abc} or {@code slow.requests=-1s} to defaults, and the contract is to reject them
 * with a message naming property, value and rule. {@link Config} describes the PID to metatype
 * ({@code config:edit}, the web console); its defaults and limits are the parser's constants, so
 * the metatype and the parser cannot disagree.
 */
@Component(
        configurationPid = ReporterConfigParser.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {},
        immediate = true)
@Designate(ocd = ReporterConfigurationComponent.Config.class)
public final class ReporterConfigurationComponent {

    @ObjectClassDefinition(
            id = ReporterConfigParser.PID,
            name = "Telemetry reporter",
            description = "Live request telemetry for an ingester on this host (mod_wsgi 6 wire format). Mirrors the"
                    + " mod_wsgi directives WSGITelemetryService, WSGISlowRequests and WSGITelemetryOptions."
                    + " Without 'service' nothing is sent.")
    public @interface Config {

        @AttributeDefinition(
                name = "Telemetry service (WSGITelemetryService)",
                required = false,
                description =
                        "unix:/absolute/path [interval=SECONDS]: the ingester's UNIX datagram socket (path at most "
                                + ReporterConfigParser.MAX_SOCKET_PATH_BYTES
                                + " bytes) and the sample interval (a decimal"
                                + " number, at least " + ReporterConfigParser.MIN_INTERVAL_SECONDS + "; default "
                                + ReporterSettings.DEFAULT_INTERVAL_SECONDS + "). Not set: reporting is off.")
        String service();

        @AttributeDefinition(
                name = "Slow requests (WSGISlowRequests)",
                required = false,
                description = "SECONDS: requests running at least this long are reported individually (a record every"
                        + " interval while running, one when completed). A finite number, at least 0. Not set: off.")
        String slow_requests();

        @AttributeDefinition(
                name = "Options (WSGITelemetryOptions)",
                required = false,
                description = "One directive per value, applied in order: +Flag / -Flag (several per line), a bare"
                        + " Flag list (sets exactly those), None or All. Flags (case-insensitive): CaptureUserAgent.")
        String[] options();

        @AttributeDefinition(
                name = "Process group",
                required = false,
                description = "Group name sent with every record, 1-" + ReporterConfigParser.MAX_PROCESS_GROUP_BYTES
                        + " bytes. Default: the karaf.name system property, else '"
                        + ReporterConfigParser.FALLBACK_PROCESS_GROUP + "'.")
        String process_group();

        @AttributeDefinition(
                name = "Worker slots reported",
                type = AttributeType.INTEGER,
                min = "" + ReporterConfigParser.MIN_REQUEST_THREADS,
                max = "" + ReporterConfigParser.MAX_REQUEST_THREADS,
                required = false,
                description = "Worker slots in the per-slot arrays and the capacity figure, "
                        + ReporterConfigParser.MIN_REQUEST_THREADS + "-" + ReporterConfigParser.MAX_REQUEST_THREADS
                        + ". Requests beyond it are still counted exactly.")
        int request_threads_maximum() default ReporterSettings.DEFAULT_REQUEST_THREADS_MAXIMUM;

        @AttributeDefinition(
                name = "Drain timeout",
                type = AttributeType.DOUBLE,
                min = "0",
                required = false,
                description = "Seconds stopping waits for in-flight requests before PROCESS_STOPPED, at least 0.")
        double drain_timeout() default ReporterSettings.DEFAULT_DRAIN_TIMEOUT_SECONDS;
    }

    private final ReporterControl control;
    private volatile String pid;

    @Activate
    public ReporterConfigurationComponent(@Reference ReporterControl control, Map<String, Object> properties) {
        this.control = control;
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Object p = properties.get("service.pid");
        pid = p == null ? ReporterConfigParser.PID : String.valueOf(p);
        control.configure(properties);
    }

    @Deactivate
    void deactivate(int reason) {
        control.configurationRemoved(pid, reason);
    }
}
