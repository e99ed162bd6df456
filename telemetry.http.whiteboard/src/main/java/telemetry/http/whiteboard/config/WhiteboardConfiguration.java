package telemetry.http.whiteboard.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * A validated configuration of PID {@value #PID}: the whiteboard target filter and the capture
 * settings. {@link #parse} is strict: a value that breaks a rule is rejected with an
 * {@link InvalidConfigurationException} naming the property, the value and what is accepted,
 * never silently replaced by a default.
 *
 * @param target the {@code osgi.http.whiteboard.target} filter, empty for every whiteboard runtime
 * @param settings what each request's capture uses
 */
public record WhiteboardConfiguration(Optional<String> target, CaptureSettings settings) {

    public static final String PID = "telemetry.http.whiteboard";
    public static final String TARGET = "osgi.http.whiteboard.target";
    public static final String TRUSTED_PROXIES = "trusted.proxies";
    public static final String REQUEST_ID_HEADER = "request.id.header";
    public static final String REQUEST_CPU = "request.cpu";
    public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-ID";

    private static final int MAX_HEADER_NAME = 64;
    private static final String HEADER_RULE = "a request header name of 1 to " + MAX_HEADER_NAME
            + " characters from A-Z a-z 0-9 and !#$%&'*+-.^_`|~ (default " + DEFAULT_REQUEST_ID_HEADER + ")";

    /**
     * Validates configuration properties; absent properties take their defaults.
     *
     * @throws InvalidConfigurationException naming the first property that breaks its rule
     */
    public static WhiteboardConfiguration parse(Map<String, ?> properties) {
        Optional<String> target = parseTarget(properties.get(TARGET));
        TrustedProxies proxies =
                TrustedProxies.parse(TRUSTED_PROXIES, values(TRUSTED_PROXIES, properties.get(TRUSTED_PROXIES)));
        String header = parseHeader(properties.get(REQUEST_ID_HEADER));
        CpuCapture cpu = parseCpu(properties.get(REQUEST_CPU));
        return new WhiteboardConfiguration(target, new CaptureSettings(proxies, header, cpu));
    }

    private static Optional<String> parseTarget(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String)) {
            throw new InvalidConfigurationException(
                    TARGET, describe(value), "a single LDAP filter string, e.g. (osgi.http.whiteboard.name=default)");
        }
        String filter = ((String) value).trim();
        if (filter.isEmpty()) {
            return Optional.empty();
        }
        try {
            FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            throw new InvalidConfigurationException(
                    TARGET,
                    value,
                    "an LDAP filter selecting whiteboard runtimes, e.g. (osgi.http.whiteboard.name=default), or empty for all ("
                            + e.getMessage() + ")");
        }
        return Optional.of(filter);
    }

    private static String parseHeader(Object value) {
        if (value == null) {
            return DEFAULT_REQUEST_ID_HEADER;
        }
        if (!(value instanceof String)) {
            throw new InvalidConfigurationException(REQUEST_ID_HEADER, describe(value), HEADER_RULE);
        }
        String name = ((String) value).trim();
        if (name.isEmpty()
                || name.length() > MAX_HEADER_NAME
                || !name.chars().allMatch(WhiteboardConfiguration::isTokenChar)) {
            throw new InvalidConfigurationException(REQUEST_ID_HEADER, value, HEADER_RULE);
        }
        return name;
    }

    private static boolean isTokenChar(int c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * {@code slow}, {@code exact} or {@code off}, case-insensitive; {@code true} and {@code false}
     * (the values of the first release, Boolean or text) still mean what they meant: every request
     * exact, and none.
     */
    private static CpuCapture parseCpu(Object value) {
        if (value == null) {
            return CpuCapture.SLOW;
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? CpuCapture.EXACT : CpuCapture.OFF;
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            for (CpuCapture c : CpuCapture.values()) {
                if (text.equalsIgnoreCase(c.value())) {
                    return c;
                }
            }
            if (text.equalsIgnoreCase("true")) {
                return CpuCapture.EXACT;
            }
            if (text.equalsIgnoreCase("false")) {
                return CpuCapture.OFF;
            }
        }
        throw new InvalidConfigurationException(
                REQUEST_CPU,
                describe(value),
                "slow (the default: CPU time of slow requests only), exact (every request, two thread-clock reads each) "
                        + "or off; true and false are read as exact and off");
    }

    /** The values of a multi-value property: a String, a String[] or a collection of strings. */
    static List<String> values(String property, Object value) {
        List<String> values = new ArrayList<>();
        if (value == null) {
            return values;
        }
        if (value instanceof String) {
            values.add((String) value);
        } else if (value.getClass().isArray()) {
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                values.add(stringElement(property, value, Array.get(value, i)));
            }
        } else if (value instanceof Collection) {
            for (Object element : (Collection<?>) value) {
                values.add(stringElement(property, value, element));
            }
        } else {
            throw new InvalidConfigurationException(
                    property, describe(value), "text, a list of text or an array of text");
        }
        return values;
    }

    private static String stringElement(String property, Object whole, Object element) {
        if (!(element instanceof String)) {
            throw new InvalidConfigurationException(
                    property, describe(whole), "text, a list of text or an array of text");
        }
        return (String) element;
    }

    private static String describe(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                elements.add(Array.get(value, i));
            }
            return elements.toString();
        }
        return value + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")");
    }
}
