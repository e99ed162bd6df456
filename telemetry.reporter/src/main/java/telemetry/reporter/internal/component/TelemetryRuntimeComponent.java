package telemetry.reporter.internal.component;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import telemetry.api.MetricsAccessor;
import telemetry.api.ProcessMetrics;
import telemetry.api.RequestMetrics;
import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.runtime.ReporterStatus;
import telemetry.reporter.internal.runtime.RuntimeLog;
import telemetry.reporter.internal.runtime.StatusCommand;
import telemetry.reporter.internal.runtime.TelemetryRuntime;

/**
 * The framework's one {@link TelemetryRuntime}: registers the recorder ({@link RequestRecorder}, for
 * the HTTP whiteboard preprocessor), the {@link MetricsAccessor}, the internal
 * {@link ReporterControl} for the configuration component, and the {@code telemetry:status} command
 * (registered by hand so that its {@code telemetry.reporter.state} and
 * {@code telemetry.reporter.rejection} properties follow the state).
 *
 * <p>Takes no configuration: a bad {@code telemetry.reporter} configuration never takes the
 * recorder down. A thin shell; the behaviour is in {@link TelemetryRuntime}.
 */
@Component(
        service = {RequestRecorder.class, MetricsAccessor.class, ReporterControl.class},
        configurationPolicy = ConfigurationPolicy.IGNORE,
        immediate = true)
public final class TelemetryRuntimeComponent implements RequestRecorder, MetricsAccessor, ReporterControl, RuntimeLog {

    /** Service property of the status command: {@code reporting}, {@code off} or {@code rejected}. */
    public static final String STATE_PROPERTY = "telemetry.reporter.state";
    /** Service property of the status command: why the configuration was rejected (absent if not). */
    public static final String REJECTION_PROPERTY = "telemetry.reporter.rejection";

    private static final RuntimeLog FALLBACK = RuntimeLog.platform();

    private final BundleContext context;
    private final TelemetryRuntime runtime;
    private final SlotRecorder recorder;
    private final ServiceRegistration<StatusCommand> statusCommand;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RuntimeLog logService;

    @Activate
    public TelemetryRuntimeComponent(BundleContext context) {
        this.context = context;
        this.runtime = TelemetryRuntime.create(this, () -> FrameworkDescriptions.identity(context));
        this.recorder = runtime.recorder();
        this.statusCommand = context.registerService(
                StatusCommand.class, new StatusCommand(runtime::status), statusProperties(runtime.status()));
        runtime.setStatusListener(this::statusChanged);
    }

    @Deactivate
    void deactivate(int reason) {
        runtime.close(FrameworkDescriptions.shutdownReason(context, reason));
        try {
            statusCommand.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }

    private void statusChanged(ReporterStatus status) {
        try {
            statusCommand.setProperties(statusProperties(status));
        } catch (IllegalStateException | NullPointerException e) {
            // not registered yet, or already unregistered while stopping
        }
    }

    private static Dictionary<String, Object> statusProperties(ReporterStatus status) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("osgi.command.scope", StatusCommand.SCOPE);
        p.put("osgi.command.function", new String[] {StatusCommand.FUNCTION});
        p.put(STATE_PROPERTY, status.state());
        if (status.rejection() != null) {
            p.put(REJECTION_PROPERTY, status.rejection());
        }
        return p;
    }

    // RequestRecorder: the hot path, delegated to the recorder.

    @Override
    public boolean isRecording() {
        return recorder.isRecording();
    }

    @Override
    public RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details) {
        return recorder.begin(serverStartNanos, applicationStartNanos, details);
    }

    /**
     * The recorder's own threshold. Not left to the interface's default (every request slow), which
     * made the preprocessor read the thread CPU clock, a system call, at the end of every request.
     */
    @Override
    public long slowThresholdNanos() {
        return recorder.slowThresholdNanos();
    }

    // MetricsAccessor

    @Override
    public void startRecordingMetrics() {
        runtime.accessor().startRecordingMetrics();
    }

    @Override
    public RequestMetrics requestMetrics() {
        return runtime.accessor().requestMetrics();
    }

    @Override
    public ProcessMetrics processMetrics() {
        return runtime.accessor().processMetrics();
    }

    // ReporterControl

    @Override
    public void configure(Map<String, ?> properties) {
        runtime.configure(properties);
    }

    @Override
    public void configurationRemoved(String pid, int deactivationReason) {
        runtime.configurationRemoved(pid, FrameworkDescriptions.shutdownReason(context, deactivationReason));
    }

    // RuntimeLog: the Log Service when present, else the platform logger.

    private RuntimeLog log() {
        RuntimeLog l = logService;
        return l != null ? l : FALLBACK;
    }

    @Override
    public void error(String message) {
        log().error(message);
    }

    @Override
    public void warn(String message) {
        log().warn(message);
    }

    @Override
    public void info(String message) {
        log().info(message);
    }
}
