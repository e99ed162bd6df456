package telemetry.http.whiteboard;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import telemetry.api.recording.RequestRecorder;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.InvalidConfigurationException;
import telemetry.http.whiteboard.config.WhiteboardConfiguration;
import telemetry.http.whiteboard.jakarta.JakartaPreprocessor;
import telemetry.http.whiteboard.javax.JavaxPreprocessor;

/**
 * Registers the request-capture preprocessor with every HTTP whiteboard whose API is wired to this
 * bundle: the javax adapter when {@code javax.servlet} and {@code org.osgi.service.http.whiteboard}
 * are wired, the Jakarta adapter when {@code jakarta.servlet} and
 * {@code org.osgi.service.servlet.whiteboard} are. Both APIs are optional imports, so one bundle
 * resolves wherever either whiteboard exists, and an adapter's classes are loaded only after its API
 * was found wired: nothing ever fails to load.
 *
 * <p>One component rather than one per adapter: one configuration, one recorder reference and one
 * capture core serve both, and a framework with both APIs (Felix HTTP Jetty12 serves javax
 * whiteboard services too) must not capture a request twice. In that case the javax adapter's
 * target excludes runtimes that are Jakarta {@code HttpServiceRuntime}s, which the Jakarta adapter
 * serves.
 *
 * <p>Configuration changes apply without re-registering (the target by updating the service
 * properties). A configuration that breaks a rule is rejected with one ERROR naming PID, property,
 * value and rule; the preprocessors are then unregistered until a valid configuration arrives:
 * requests are served, not captured.
 */
@Component(
        name = WhiteboardConfiguration.PID,
        configurationPid = WhiteboardConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true,
        service = {})
@Designate(ocd = PreprocessorRegistrar.Config.class)
public final class PreprocessorRegistrar {

    /**
     * The properties of PID {@code telemetry.http.whiteboard}, for metatype (Config Admin, Web
     * Console, {@code config:edit}). Values are validated from the raw properties
     * ({@link WhiteboardConfiguration#parse}) so that a wrong value is rejected rather than coerced
     * (DS would hand {@code request.cpu = yes} over unchecked).
     */
    @ObjectClassDefinition(
            id = WhiteboardConfiguration.PID,
            name = "Telemetry HTTP Whiteboard capture",
            description = "Per-request telemetry capture as an HTTP Whiteboard preprocessor (javax and Jakarta).")
    public @interface Config {

        @AttributeDefinition(
                name = "Whiteboard target",
                required = false,
                description = "LDAP filter selecting the HTTP Whiteboard runtime(s) to capture; empty for all.")
        String osgi_http_whiteboard_target() default "";

        @AttributeDefinition(
                name = "Trusted proxies",
                required = false,
                description =
                        "IPv4/IPv6 addresses and CIDR blocks (e.g. 10.0.0.0/8, ::1) whose X-Forwarded-For is believed "
                                + "for the client address of slow-request records. Empty: none.")
        String[] trusted_proxies() default {};

        @AttributeDefinition(
                name = "Request id header",
                required = false,
                description = "Request header whose value becomes the slow-request log id (at most 63 characters, "
                        + "unsafe characters replaced by _); without it an id unique within the process is generated.")
        String request_id_header() default WhiteboardConfiguration.DEFAULT_REQUEST_ID_HEADER;

        @AttributeDefinition(
                name = "Per-request CPU time",
                required = false,
                description =
                        "How the CPU time of slow-request records is measured. slow: read the thread's CPU clock at "
                                + "most every 10 ms per thread and at the end of slow requests (within 10 ms of exact, nearly free). "
                                + "exact: two thread-clock reads around every request (about 1 µs each on virtual machines). "
                                + "off: none. Per-slot CPU figures are read by the reporter either way.",
                options = {
                    @Option(value = "slow", label = "slow requests (default)"),
                    @Option(value = "exact", label = "every request, exact"),
                    @Option(value = "off", label = "off")
                })
        String request_cpu() default "slow";
    }

    /** Preprocessors run in ranking order: the capture runs first so that every request is counted. */
    static final int RANKING = Integer.MAX_VALUE;

    static final String JAKARTA_RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final List<String> JAVAX_API =
            List.of("javax.servlet", "javax.servlet.http", "org.osgi.service.http.whiteboard");
    private static final List<String> JAKARTA_API =
            List.of("jakarta.servlet", "jakarta.servlet.http", "org.osgi.service.servlet.whiteboard");
    private static final Logger LOG = System.getLogger("telemetry.http.whiteboard");

    private final BundleContext context;
    private final CaptureCore core;
    private final boolean javax;
    private final boolean jakarta;
    private ServiceRegistration<?> javaxRegistration;
    private ServiceRegistration<?> jakartaRegistration;
    private Optional<String> target = Optional.empty();

    @Activate
    public PreprocessorRegistrar(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        this.core = new CaptureCore(CaptureSettings.DEFAULTS);
        Set<String> wired = wiredPackages(context);
        this.javax = wired.containsAll(JAVAX_API);
        this.jakarta = wired.containsAll(JAKARTA_API);
        LOG.log(
                Level.INFO,
                "telemetry.http.whiteboard: javax whiteboard adapter "
                        + (javax ? "available" : "not available (API not wired)") + "; Jakarta whiteboard adapter "
                        + (jakarta ? "available" : "not available (API not wired)"));
        configure(properties);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRecorder(RequestRecorder recorder) {
        core.setRecorder(recorder);
    }

    void unsetRecorder(RequestRecorder recorder) {
        core.unsetRecorder(recorder);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    /**
     * Applies a configuration, or rejects it: one ERROR naming PID, property, value and rule, and no
     * preprocessor until a valid configuration arrives. The component stays active either way so that
     * fixing the configuration takes effect without a restart (the DS runtime would not re-activate a
     * component whose activation threw).
     */
    private synchronized void configure(Map<String, Object> properties) {
        WhiteboardConfiguration configuration;
        try {
            configuration = WhiteboardConfiguration.parse(properties);
        } catch (InvalidConfigurationException e) {
            unregisterAll();
            LOG.log(
                    Level.ERROR,
                    e.getMessage() + ". Requests are served but not captured until the configuration is fixed.");
            return;
        }
        apply(configuration);
    }

    @Deactivate
    synchronized void deactivate() {
        unregisterAll();
    }

    private synchronized void apply(WhiteboardConfiguration configuration) {
        core.setSettings(configuration.settings());
        boolean targetChanged = !configuration.target().equals(target);
        target = configuration.target();
        if (javax) {
            Hashtable<String, Object> properties = serviceProperties(javaxTarget());
            if (javaxRegistration == null) {
                javaxRegistration = JavaxPreprocessor.register(context, core, properties);
            } else if (targetChanged) {
                javaxRegistration.setProperties(properties);
            }
        }
        if (jakarta) {
            Hashtable<String, Object> properties = serviceProperties(target);
            if (jakartaRegistration == null) {
                jakartaRegistration = JakartaPreprocessor.register(context, core, properties);
            } else if (targetChanged) {
                jakartaRegistration.setProperties(properties);
            }
        }
    }

    /**
     * The javax adapter's target: the configured one, and where the Jakarta adapter is registered
     * too, only runtimes that are not Jakarta runtimes (Felix HTTP Jetty12 matches every whiteboard
     * service's target against its Jakarta runtime, and would run both adapters).
     */
    private Optional<String> javaxTarget() {
        if (!jakarta) {
            return target;
        }
        String notJakarta = "(!(" + Constants.OBJECTCLASS + "=" + JAKARTA_RUNTIME + "))";
        return Optional.of(
                target.map(filter -> "(&" + filter + notJakarta + ")").orElse(notJakarta));
    }

    private static Hashtable<String, Object> serviceProperties(Optional<String> target) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, RANKING);
        properties.put(
                Constants.SERVICE_DESCRIPTION, "Telemetry request capture (" + WhiteboardConfiguration.PID + ")");
        target.ifPresent(filter -> properties.put(WhiteboardConfiguration.TARGET, filter));
        return properties;
    }

    private void unregisterAll() {
        unregister(javaxRegistration);
        javaxRegistration = null;
        unregister(jakartaRegistration);
        jakartaRegistration = null;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
    }

    private static Set<String> wiredPackages(BundleContext context) {
        Set<String> packages = new HashSet<>();
        BundleWiring wiring = context.getBundle().adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                packages.add((String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
            }
        }
        return packages;
    }
}
