package telemetry.reporter.internal.config;

/**
 * One broken rule of a configuration: which property, the value given and the rule, in words a
 * person can act on.
 *
 * @param property the property name, e.g. {@code service}
 * @param value the value as given ({@code null} when the property was absent)
 * @param rule what is accepted, e.g. {@code "interval must be a finite decimal number of seconds, at least 0.5"}
 */
public record ConfigurationViolation(String property, Object value, String rule) {

    /** {@code property 'service' = 'udp:host:1' rejected: rule}. */
    public String describe() {
        return "property '" + property + "' = " + ValueText.quote(value) + " rejected: " + rule;
    }
}
