package telemetry.reporter.internal.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the properties of PID {@code telemetry.reporter} into {@link ReporterSettings}, enforcing
 * every rule of the configuration contract. Where mod_wsgi is lax (numbers parsed with
 * {@code atof}, the socket path checked only when sending) this parser is strict. All violations
 * of one configuration are reported together, each naming the property, the value and the rule.
 *
 * <p>Values may be strings (a {@code .cfg} file) or typed values (a {@code .config} file, the web
 * console): numbers as {@link Number}, {@code options} as a string, an array or a collection.
 * Properties this class does not know (Config Admin's own, FileInstall's) are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReporterConfigParser {

    public static final String PID = "telemetry.reporter";

    public static final String SERVICE = "service";
    public static final String SLOW_REQUESTS = "slow.requests";
    public static final String OPTIONS = "options";
    public static final String PROCESS_GROUP = "process.group";
    public static final String REQUEST_THREADS_MAXIMUM = "request.threads.maximum";
    public static final String DRAIN_TIMEOUT = "drain.timeout";

    /** Set by Config Admin on a factory configuration. */
    public static final String FACTORY_PID = "service.factoryPid";

    private static final String SERVICE_PID = "service.pid";

    /** Linux {@code sun_path} holds 108 bytes including the terminating NUL. */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    public static final double MIN_INTERVAL_SECONDS = 0.5;
    public static final int MAX_PROCESS_GROUP_BYTES = 63;
    /** The group when neither {@code process.group} nor {@code karaf.name} is set. */
    public static final String FALLBACK_PROCESS_GROUP = "osgi";

    public static final int MIN_REQUEST_THREADS = 1;
    public static final int MAX_REQUEST_THREADS = 1024;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final String SERVICE_SYNTAX = "write unix:/absolute/path [interval=SECONDS]";

    private final String defaultProcessGroup;

    /** @param defaultProcessGroup the group used when {@code process.group} is not set */
    public ReporterConfigParser(String defaultProcessGroup) {
        this.defaultProcessGroup = defaultProcessGroup;
    }

    /** The default group: system property {@code karaf.name} when set, else {@code osgi}. */
    public static String defaultProcessGroup() {
        String karaf = System.getProperty("karaf.name");
        return karaf == null || karaf.isBlank() ? FALLBACK_PROCESS_GROUP : karaf.trim();
    }

    /**
     * Parses one configuration.
     *
     * @throws ConfigurationRejectedException naming every rule the configuration broke
     */
    public ReporterSettings parse(Map<String, ?> properties) throws ConfigurationRejectedException {
        Object factoryPid = properties.get(FACTORY_PID);
        if (factoryPid != null) {
            Object pid = properties.get(SERVICE_PID);
            throw new ConfigurationRejectedException(
                    pid == null ? factoryPid + "~?" : String.valueOf(pid),
                    List.of(new ConfigurationViolation(
                            FACTORY_PID,
                            factoryPid,
                            "a factory configuration (" + PID + "~name) is not supported: reporting is configured once"
                                    + " per framework, through the singleton PID " + PID)));
        }
        List<ConfigurationViolation> violations = new ArrayList<>();
        ServiceTarget service = parseService(properties.get(SERVICE), violations);
        double slow = parseSlowRequests(properties.get(SLOW_REQUESTS), violations);
        Set<TelemetryOption> options = parseOptions(properties.get(OPTIONS), violations);
        String group = parseProcessGroup(properties.get(PROCESS_GROUP), violations);
        int threads = parseThreads(properties.get(REQUEST_THREADS_MAXIMUM), violations);
        double drain = parseDrainTimeout(properties.get(DRAIN_TIMEOUT), violations);
        if (!violations.isEmpty()) {
            throw new ConfigurationRejectedException(PID, violations);
        }
        return new ReporterSettings(service, slow, options, group, threads, drain);
    }

    private static ServiceTarget parseService(Object raw, List<ConfigurationViolation> violations) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String value)) {
            violations.add(
                    new ConfigurationViolation(SERVICE, raw, "a single text value is required; " + SERVICE_SYNTAX));
            return null;
        }
        String[] words = value.trim().split("\\s+");
        if (value.isBlank()) {
            violations.add(new ConfigurationViolation(SERVICE, raw, "a target is required; " + SERVICE_SYNTAX));
            return null;
        }
        String target = words[0];
        String rule = checkTarget(target);
        if (rule != null) {
            violations.add(new ConfigurationViolation(SERVICE, raw, rule));
            return null;
        }
        double interval = ReporterSettings.DEFAULT_INTERVAL_SECONDS;
        if (words.length > 2) {
            violations.add(new ConfigurationViolation(
                    SERVICE, raw, "unexpected third word '" + words[2] + "'; " + SERVICE_SYNTAX));
            return null;
        }
        if (words.length == 2) {
            String option = words[1];
            if (!option.startsWith("interval=")) {
                violations.add(new ConfigurationViolation(
                        SERVICE,
                        raw,
                        "unknown option '" + option + "': the only option is interval=SECONDS; " + SERVICE_SYNTAX));
                return null;
            }
            String number = option.substring("interval=".length());
            if (!DECIMAL.matcher(number).matches()) {
                violations.add(new ConfigurationViolation(
                        SERVICE,
                        raw,
                        "interval '" + number
                                + "' is not a decimal number of seconds (e.g. interval=1.0); it must be at least "
                                + MIN_INTERVAL_SECONDS));
                return null;
            }
            interval = Double.parseDouble(number);
            if (!(interval >= MIN_INTERVAL_SECONDS) || Double.isInfinite(interval)) {
                violations.add(new ConfigurationViolation(
                        SERVICE,
                        raw,
                        "interval " + number + " is too short: it must be at least " + MIN_INTERVAL_SECONDS
                                + " seconds"));
                return null;
            }
        }
        return new ServiceTarget(target.substring("unix:".length()), interval);
    }

    /** The rule a target word breaks, or {@code null} when it is a usable {@code unix:} target. */
    private static String checkTarget(String target) {
        if (target.regionMatches(true, 0, "udp:", 0, 4) || target.regionMatches(true, 0, "tcp:", 0, 4)) {
            return "only a co-located ingester over a UNIX datagram socket is supported (no UDP or TCP); "
                    + SERVICE_SYNTAX;
        }
        if (!target.startsWith("unix:")) {
            if (target.regionMatches(true, 0, "unix:", 0, 5)) {
                return "the scheme is case-sensitive: write 'unix:' in lower case";
            }
            if (target.startsWith("/")) {
                return "a bare path is not accepted: prefix it with 'unix:'";
            }
            int colon = target.indexOf(':');
            return colon > 0
                    ? "scheme '" + target.substring(0, colon + 1) + "' is not supported; " + SERVICE_SYNTAX
                    : SERVICE_SYNTAX;
        }
        String path = target.substring("unix:".length());
        if (path.isEmpty()) {
            return "a socket path is required after 'unix:'; " + SERVICE_SYNTAX;
        }
        if (!path.startsWith("/")) {
            return "the socket path '" + path + "' is not absolute; " + SERVICE_SYNTAX;
        }
        if (path.indexOf('\0') >= 0) {
            return "the socket path contains a NUL character";
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            return "the socket path is " + bytes + " bytes long; a UNIX socket address holds at most "
                    + MAX_SOCKET_PATH_BYTES + " bytes";
        }
        return null;
    }

    private static double parseSlowRequests(Object raw, List<ConfigurationViolation> violations) {
        if (raw == null) {
            return Double.NaN;
        }
        String rule = "must be a finite number of seconds, at least 0 (0 reports every request)";
        Double seconds = decimal(raw);
        if (raw instanceof String s && s.isBlank()) {
            violations.add(
                    new ConfigurationViolation(SLOW_REQUESTS, raw, "a threshold in seconds is required; " + rule));
        } else if (seconds == null || seconds.isNaN() || seconds.isInfinite()) {
            violations.add(new ConfigurationViolation(SLOW_REQUESTS, raw, "not a decimal number; " + rule));
        } else if (seconds < 0) {
            violations.add(new ConfigurationViolation(SLOW_REQUESTS, raw, "negative; " + rule));
        } else {
            return seconds;
        }
        return Double.NaN;
    }

    private static Set<TelemetryOption> parseOptions(Object raw, List<ConfigurationViolation> violations) {
        EnumSet<TelemetryOption> flags = EnumSet.noneOf(TelemetryOption.class);
        if (raw == null) {
            return flags;
        }
        List<String> lines = new ArrayList<>();
        if (raw instanceof String s) {
            lines.addAll(List.of(s.split("\\R", -1)));
        } else if (raw instanceof String[] a) {
            lines.addAll(List.of(a));
        } else if (raw instanceof Collection<?> c && c.stream().allMatch(String.class::isInstance)) {
            c.forEach(v -> lines.add((String) v));
        } else {
            violations.add(new ConfigurationViolation(
                    OPTIONS, raw, "text lines are required, each [+|-]Flag ..., None or All"));
            return flags;
        }
        for (String line : lines) {
            String rule = applyOptionLine(line, flags);
            if (rule != null) {
                violations.add(new ConfigurationViolation(OPTIONS, raw, "line '" + line + "': " + rule));
                return flags;
            }
        }
        return flags;
    }

    /** Applies one directive line to {@code flags}; answers the broken rule or {@code null}. */
    private static String applyOptionLine(String line, EnumSet<TelemetryOption> flags) {
        String known = "; known flags: " + TelemetryOption.knownFlags() + " (case-insensitive), or None or All";
        if (line.isBlank()) {
            return "empty: write +Flag, -Flag, Flag, None or All" + known;
        }
        String[] words = line.trim().split("\\s+");
        boolean incremental = false;
        boolean absolute = false;
        EnumSet<TelemetryOption> add = EnumSet.noneOf(TelemetryOption.class);
        EnumSet<TelemetryOption> remove = EnumSet.noneOf(TelemetryOption.class);
        EnumSet<TelemetryOption> set = EnumSet.noneOf(TelemetryOption.class);
        for (String word : words) {
            char sign = word.charAt(0);
            if (sign == '+' || sign == '-') {
                incremental = true;
                String name = word.substring(1);
                if (name.isEmpty()) {
                    return "a bare '" + sign + "' names no flag" + known;
                }
                TelemetryOption o = TelemetryOption.ofFlag(name);
                if (o == null) {
                    return "unknown flag '" + name + "'" + known;
                }
                (sign == '+' ? add : remove).add(o);
                (sign == '+' ? remove : add).remove(o);
            } else {
                absolute = true;
                if (word.equalsIgnoreCase("None") || word.equalsIgnoreCase("All")) {
                    if (words.length > 1) {
                        return "'" + word + "' must stand alone on its line";
                    }
                    if (word.equalsIgnoreCase("All")) {
                        set.addAll(EnumSet.allOf(TelemetryOption.class));
                    }
                } else {
                    TelemetryOption o = TelemetryOption.ofFlag(word);
                    if (o == null) {
                        return "unknown flag '" + word + "'" + known;
                    }
                    set.add(o);
                }
            }
            if (incremental && absolute) {
                return "mixes +/- flags with absolute words (None, All or bare flags); use one form per line";
            }
        }
        if (absolute) {
            flags.clear();
            flags.addAll(set);
        } else {
            flags.addAll(add);
            flags.removeAll(remove);
        }
        return null;
    }

    private String parseProcessGroup(Object raw, List<ConfigurationViolation> violations) {
        if (raw == null) {
            return defaultProcessGroup;
        }
        String rule =
                "text of 1 to " + MAX_PROCESS_GROUP_BYTES + " bytes (UTF-8) without control characters is required";
        if (!(raw instanceof String s) || s.isBlank()) {
            violations.add(new ConfigurationViolation(PROCESS_GROUP, raw, rule));
            return defaultProcessGroup;
        }
        String group = s.trim();
        int bytes = group.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PROCESS_GROUP_BYTES) {
            violations.add(new ConfigurationViolation(PROCESS_GROUP, raw, bytes + " bytes is too long; " + rule));
        } else if (group.chars().anyMatch(Character::isISOControl)) {
            violations.add(new ConfigurationViolation(PROCESS_GROUP, raw, "contains a control character; " + rule));
        } else {
            return group;
        }
        return defaultProcessGroup;
    }

    private static int parseThreads(Object raw, List<ConfigurationViolation> violations) {
        if (raw == null) {
            return ReporterSettings.DEFAULT_REQUEST_THREADS_MAXIMUM;
        }
        String rule = "a whole number from " + MIN_REQUEST_THREADS + " to " + MAX_REQUEST_THREADS
                + " (worker slots reported) is required";
        Long n = null;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            n = ((Number) raw).longValue();
        } else if (raw instanceof Number num
                && num.doubleValue() == Math.rint(num.doubleValue())
                && Math.abs(num.doubleValue()) < 1e18) {
            n = (long) num.doubleValue();
        } else if (raw instanceof String s
                && INTEGER.matcher(s.trim()).matches()
                && s.trim().length() < 19) {
            n = Long.parseLong(s.trim());
        }
        if (n == null || n < MIN_REQUEST_THREADS || n > MAX_REQUEST_THREADS) {
            violations.add(new ConfigurationViolation(REQUEST_THREADS_MAXIMUM, raw, rule));
            return ReporterSettings.DEFAULT_REQUEST_THREADS_MAXIMUM;
        }
        return (int) (long) n;
    }

    private static double parseDrainTimeout(Object raw, List<ConfigurationViolation> violations) {
        if (raw == null) {
            return ReporterSettings.DEFAULT_DRAIN_TIMEOUT_SECONDS;
        }
        Double seconds = decimal(raw);
        if (seconds == null || seconds.isNaN() || seconds.isInfinite() || seconds < 0) {
            violations.add(
                    new ConfigurationViolation(
                            DRAIN_TIMEOUT,
                            raw,
                            "a finite number of seconds, at least 0, is required (how long stopping waits for in-flight requests)"));
            return ReporterSettings.DEFAULT_DRAIN_TIMEOUT_SECONDS;
        }
        return seconds;
    }

    /** A strict decimal from a number or a string, or {@code null}. */
    private static Double decimal(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s && DECIMAL.matcher(s.trim()).matches()) {
            return Double.parseDouble(s.trim());
        }
        return null;
    }
}
