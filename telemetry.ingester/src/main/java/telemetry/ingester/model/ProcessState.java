package telemetry.ingester.model;

import java.util.Locale;

/** Lifecycle state of a process as the ingester sees it. */
public enum ProcessState {
    RUNNING,
    STOPPING,
    STOPPED,
    STALE;

    /** The name clients see: {@code running}, {@code stopping}, {@code stopped}, {@code stale}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
