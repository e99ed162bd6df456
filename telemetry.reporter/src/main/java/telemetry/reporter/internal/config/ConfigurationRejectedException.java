package telemetry.reporter.internal.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that broke at least one rule; the message names the PID and every violation. */
public final class ConfigurationRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String pid;
    private final transient List<ConfigurationViolation> violations;

    public ConfigurationRejectedException(String pid, List<ConfigurationViolation> violations) {
        super("configuration " + pid + ": "
                + violations.stream().map(ConfigurationViolation::describe).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one violation");
        }
        this.pid = pid;
        this.violations = List.copyOf(violations);
    }

    /** The PID of the rejected configuration (for a factory configuration, its full PID). */
    public String pid() {
        return pid;
    }

    /** Every rule the configuration broke, in property order. */
    public List<ConfigurationViolation> violations() {
        return violations;
    }
}
