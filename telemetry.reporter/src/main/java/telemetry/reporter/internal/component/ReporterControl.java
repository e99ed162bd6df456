package telemetry.reporter.internal.component;

import java.util.Map;

/** What the configuration component asks of the runtime component: an internal service. */
public interface ReporterControl {

    /** Applies a configuration of PID {@code telemetry.reporter} (or rejects it). */
    void configure(Map<String, ?> properties);

    /** The configuration {@code pid} is gone; {@code deactivationReason} is the DS reason code. */
    void configurationRemoved(String pid, int deactivationReason);
}
