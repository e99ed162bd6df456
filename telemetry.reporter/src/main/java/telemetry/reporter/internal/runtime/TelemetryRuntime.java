package telemetry.reporter.internal.runtime;

import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import telemetry.reporter.internal.config.ConfigurationRejectedException;
import telemetry.reporter.internal.config.ConfigurationViolation;
import telemetry.reporter.internal.config.ReporterConfigParser;
import telemetry.reporter.internal.config.ReporterSettings;
import telemetry.reporter.internal.config.TelemetryOption;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.reporting.ShutdownReason;
import telemetry.reporter.internal.reporting.TelemetryReporter;
import telemetry.reporter.internal.transport.UnixDatagramTransport;

/**
 * Everything the reporter bundle runs in one framework, without OSGi: the recorder, the in-process
 * accessor, the transport and at most one reporter thread, driven by configuration events.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>Configuration events ({@link #configure}, {@link #configurationRemoved}, {@link #close}) are
 * serialised on this object. A valid change reconfigures the running reporter in place (no new
 * thread, no STOPPED/STARTED pair, no lost interval); a rejected one stops it and is logged once at
 * ERROR; only a removed, disabled or rejected configuration, or {@link #close}, stops it. So at
 * most one reporter thread exists, and a new one starts only after the old one ended.</li>
 * <li>A factory configuration ({@code telemetry.reporter~name}) is rejected and recorded under its
 * own PID; it never touches the singleton's state.</li>
 * <li>The recorder lives as long as this object: requests are recorded and counted across every
 * configuration change.</li>
 * <li>{@link #status()} takes no lock and may be called from any thread, including a status
 * listener.</li>
 * </ol>
 */
public final class TelemetryRuntime implements AutoCloseable {

    /** How much longer than the drain timeout a stop waits for the reporter thread to end. */
    static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final RuntimeLog log;
    private final Supplier<ReporterIdentity> identity;
    private final BooleanSupplier unixDatagramsSupported;
    private final ReporterConfigParser parser;
    private final SlotRecorder recorder;
    private final InProcessMetricsAccessor accessor;
    private final UnixDatagramTransport transport = new UnixDatagramTransport();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, String> factoryRejections = new LinkedHashMap<>();
    private volatile Consumer<ReporterStatus> statusListener = s -> {};

    private volatile ReporterSettings settings;
    private volatile TelemetryReporter reporter;
    private volatile String rejection;
    private volatile String factoryRejection;
    private volatile boolean closed;

    /**
     * @param identity who reports; asked each time a reporter starts
     * @param defaultProcessGroup the group when {@code process.group} is not set
     */
    public TelemetryRuntime(
            RuntimeLog log,
            Supplier<ReporterIdentity> identity,
            String defaultProcessGroup,
            BooleanSupplier unixDatagramsSupported) {
        this.log = log;
        this.identity = identity;
        this.unixDatagramsSupported = unixDatagramsSupported;
        this.parser = new ReporterConfigParser(defaultProcessGroup);
        this.settings = ReporterSettings.defaults(defaultProcessGroup);
        this.recorder = new SlotRecorder(ProcessHandle.current().pid(), settings.requestThreadsMaximum());
        this.accessor = new InProcessMetricsAccessor(recorder, this::updateRecording);
    }

    /** A runtime for this platform that logs through {@code log}. */
    public static TelemetryRuntime create(RuntimeLog log, Supplier<ReporterIdentity> identity) {
        return new TelemetryRuntime(
                log, identity, ReporterConfigParser.defaultProcessGroup(), UnixDatagramTransport::supported);
    }

    public SlotRecorder recorder() {
        return recorder;
    }

    public InProcessMetricsAccessor accessor() {
        return accessor;
    }

    /** Called with a fresh status after every change of state. */
    public void setStatusListener(Consumer<ReporterStatus> listener) {
        statusListener = listener;
    }

    /**
     * Applies the properties of a {@code telemetry.reporter} configuration (or of a factory
     * configuration of that PID, which is rejected).
     *
     * @return the rejection, or {@code null} when the configuration is in effect
     */
    public synchronized ConfigurationRejectedException configure(Map<String, ?> properties) {
        if (closed) {
            return null;
        }
        ReporterSettings next;
        try {
            next = parser.parse(properties);
            if (next.reporting() && !unixDatagramsSupported.getAsBoolean()) {
                throw new ConfigurationRejectedException(
                        ReporterConfigParser.PID,
                        List.of(new ConfigurationViolation(
                                ReporterConfigParser.SERVICE,
                                properties.get(ReporterConfigParser.SERVICE),
                                "UNIX datagram sockets are unavailable on this platform ("
                                        + System.getProperty("os.name")
                                        + "): reporting to an ingester is not possible here")));
            }
        } catch (ConfigurationRejectedException e) {
            rejected(e, properties.get(ReporterConfigParser.FACTORY_PID) != null);
            return e;
        }
        rejection = null;
        apply(next);
        publish();
        return null;
    }

    private void rejected(ConfigurationRejectedException e, boolean factory) {
        if (factory) {
            if (e.getMessage().equals(factoryRejections.put(e.pid(), e.getMessage()))) {
                return; // the same event from Config Admin and from SCR: logged once
            }
            factoryRejection = String.join("; ", factoryRejections.values());
            log.error(e.getMessage() + "; this configuration is ignored");
        } else {
            rejection = e.getMessage();
            log.error(e.getMessage() + "; reporting is off until the configuration is fixed (no restart needed)");
            stopReporter(ShutdownReason.CONFIGURATION_REJECTED);
            settings = ReporterSettings.defaults(settings.processGroup());
            recorder.setSlowRequests(-1, false);
        }
        publish();
    }

    private void apply(ReporterSettings next) {
        settings = next;
        recorder.setSlotLimit(next.requestThreadsMaximum());
        recorder.setSlowRequests(next.slowRequestsNanos(), next.has(TelemetryOption.CAPTURE_USER_AGENT));
        if (!next.reporting()) {
            stopReporter(ShutdownReason.REPORTING_DISABLED);
            return;
        }
        recorder.setSlowConsumer(next.slowRequests());
        TelemetryReporter running = reporter;
        try {
            if (running != null) {
                running.reconfigure(next);
            } else {
                startReporter(next);
            }
        } catch (SocketException e) {
            log.error("configuration " + ReporterConfigParser.PID + ": socket path "
                    + next.service().socketPath() + " cannot be used: " + e.getMessage());
        }
    }

    private void startReporter(ReporterSettings next) throws SocketException {
        if (!accessor.started()) {
            recorder.swapInterval(recorder.newSample(), System.nanoTime()); // nothing consumed the old interval
        }
        TelemetryReporter r = new TelemetryReporter(next, recorder, identity.get(), sequence, transport);
        r.setTransportListener(new TelemetryReporter.TransportListener() {
            /** A flapping receiver (queue nearly full) logs at most once a minute. */
            private long warnedAt = Long.MIN_VALUE;

            private boolean warned;

            @Override
            public void dropping(String error) {
                long now = System.nanoTime();
                if (warnedAt == Long.MIN_VALUE || now - warnedAt > TimeUnit.MINUTES.toNanos(1)) {
                    warnedAt = now;
                    warned = true;
                    log.warn("telemetry datagrams are being dropped: " + error
                            + "; further drops are only counted (telemetry:status)");
                }
            }

            @Override
            public void recovered(String socketPath) {
                if (warned) {
                    warned = false;
                    log.info("telemetry datagrams reach unix:" + socketPath + " again");
                }
            }
        });
        accessor.setExternal(true);
        reporter = r;
        updateRecording();
        r.start();
        log.info("telemetry reporting to unix:" + next.service().socketPath() + " every "
                + next.service().intervalSeconds() + " s");
    }

    private void stopReporter(String reason) {
        TelemetryReporter r = reporter;
        if (r == null) {
            return;
        }
        if (!r.stop(reason, STOP_GRACE_NANOS)) {
            log.warn("the telemetry reporter thread did not end within the drain timeout; it ends on its own");
        }
        reporter = null;
        recorder.setSlowConsumer(false);
        accessor.setExternal(false);
        updateRecording();
        log.info("telemetry reporting stopped: " + reason);
    }

    /**
     * The configuration with this PID is gone (deleted, or its component deactivated).
     *
     * @param pid {@code telemetry.reporter} or a factory configuration's PID
     * @param reason the shutdown reason sent in STOPPING/STOPPED
     */
    public synchronized void configurationRemoved(String pid, String reason) {
        if (pid != null && factoryRejections.remove(pid) != null) {
            factoryRejection = factoryRejections.isEmpty() ? null : String.join("; ", factoryRejections.values());
            publish();
            return;
        }
        if (pid != null && !ReporterConfigParser.PID.equals(pid)) {
            return;
        }
        stopReporter(reason);
        rejection = null;
        settings = ReporterSettings.defaults(settings.processGroup());
        recorder.setSlowRequests(-1, false);
        publish();
    }

    /** Stops reporting for good (bundle or framework stopping). */
    public synchronized void close(String reason) {
        if (closed) {
            return;
        }
        stopReporter(reason);
        closed = true;
        recorder.setRecording(false);
        accessor.close();
        transport.close();
    }

    @Override
    public void close() {
        close(ShutdownReason.COMPONENT_DEACTIVATED);
    }

    private void updateRecording() {
        recorder.setRecording(!closed && (reporter != null || accessor.started()));
    }

    /** The current state; lock-free. */
    public ReporterStatus status() {
        ReporterSettings s = settings;
        TelemetryReporter r = reporter;
        String rejected = rejection;
        String factory = factoryRejection;
        String reason = rejected == null ? factory : factory == null ? rejected : rejected + "; " + factory;
        String state =
                r != null ? ReporterStatus.REPORTING : rejected != null ? ReporterStatus.REJECTED : ReporterStatus.OFF;
        String lastError = transport.lastError();
        if (lastError != null) {
            lastError += " (at " + java.time.Instant.ofEpochMilli(transport.lastErrorMillis()) + ")";
        }
        if (r != null && r.lastFailure() != null) {
            lastError = r.lastFailure();
        }
        return new ReporterStatus(
                state,
                s.reporting() ? s.service().socketPath() : null,
                s.reporting() ? s.service().intervalSeconds() : 0.0,
                s.slowRequestsSeconds(),
                s.requestThreadsMaximum(),
                s.processGroup(),
                transport.sent(),
                transport.dropped(),
                lastError,
                reason,
                recorder.inFlight(),
                recorder.slowLeftOut(),
                r != null && r.isAlive());
    }

    private void publish() {
        try {
            statusListener.accept(status());
        } catch (RuntimeException e) {
            log.warn("status listener failed: " + e);
        }
    }
}
