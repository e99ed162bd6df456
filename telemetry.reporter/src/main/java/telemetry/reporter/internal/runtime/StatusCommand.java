package telemetry.reporter.internal.runtime;

import java.util.function.Supplier;

/**
 * The {@code telemetry:status} shell command (Gogo and Karaf): registered as a plain service with
 * {@code osgi.command.scope=telemetry} and {@code osgi.command.function=status}; the shell calls
 * {@link #status()} and prints what it answers.
 */
public final class StatusCommand {

    public static final String SCOPE = "telemetry";
    public static final String FUNCTION = "status";

    private final Supplier<ReporterStatus> status;

    public StatusCommand(Supplier<ReporterStatus> status) {
        this.status = status;
    }

    /** Reporting on/off, target, interval, datagrams sent/dropped, last error, rejection. */
    public String status() {
        return status.get().format();
    }
}
