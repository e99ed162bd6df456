package telemetry.ingester.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand, parsed strictly: every option must be known to the subcommand,
 * every value is checked when read, and each failure names the option, the value and what is
 * accepted. Options take one value ({@code --name value} or {@code --name=value}); a repeated
 * option keeps every value (see {@link #all}).
 */
public final class ParsedOptions {

    private final String command;
    private final Map<String, List<String>> values;
    private final boolean help;

    private ParsedOptions(String command, Map<String, List<String>> values, boolean help) {
        this.command = command;
        this.values = values;
        this.help = help;
    }

    /**
     * Parses {@code args} against the option names a subcommand accepts (without the leading dashes).
     *
     * @throws UsageException for an unknown option, a missing value or a stray argument
     */
    public static ParsedOptions parse(String command, List<String> args, Set<String> known) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + arg + "' (options start with --; see "
                        + command + " --help)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name + " (accepted: --"
                        + String.join(", --", known) + ", --help)");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(command + ": option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new ParsedOptions(command, values, help);
    }

    public boolean help() {
        return help;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The last value given for {@code name}, or {@code fallback}. */
    public String string(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    /** Every value given for a repeatable option, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** A {@code unix:/path} target. */
    public Path unixPath(String name, String fallback) throws UsageException {
        String v = string(name, fallback);
        if (!v.startsWith("unix:") || v.length() == 5) {
            throw bad(name, v, "a UNIX socket as unix:/path (no other transport is supported)");
        }
        return Path.of(v.substring(5)).toAbsolutePath().normalize();
    }

    public long integer(String name, long fallback, long min, long max) throws UsageException {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(name, v, "an integer from " + min + " to " + max);
    }

    public double decimal(String name, double fallback, double min, double max) throws UsageException {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(name, v, "a number from " + min + " to " + max);
    }

    /** An octal permission mode such as {@code 0660} (0 to 0777). */
    public int octalMode(String name, int fallback) throws UsageException {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        if (v.matches("0?[0-7]{1,3}")) {
            return Integer.parseInt(v, 8);
        }
        throw bad(name, v, "an octal mode from 000 to 0777, e.g. 0660");
    }

    /** A duration: a number with unit ms, s, m, h or d (a bare number means seconds). */
    public Duration duration(String name, Duration fallback, Duration min) throws UsageException {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        Duration d = parseDuration(v);
        if (d == null || d.compareTo(min) < 0) {
            throw bad(name, v, "a duration of at least " + format(min) + " such as 90s, 10m, 2h (units ms, s, m, h, d)");
        }
        return d;
    }

    /** One of a fixed set of words. */
    public String choice(String name, String fallback, String... accepted) throws UsageException {
        String v = string(name, fallback);
        for (String a : accepted) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw bad(name, v, "one of " + String.join(", ", accepted));
    }

    public UsageException bad(String name, String value, String accepted) {
        return new UsageException(command + ": invalid value '" + value + "' for --" + name + ": expected " + accepted);
    }

    static Duration parseDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < v.length() && (Character.isDigit(v.charAt(split)) || v.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            return null;
        }
        double amount;
        try {
            amount = Double.parseDouble(v.substring(0, split));
        } catch (NumberFormatException e) {
            return null;
        }
        double unitMillis = switch (v.substring(split)) {
            case "ms" -> 1;
            case "", "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> -1;
        };
        if (unitMillis < 0 || amount * unitMillis > 365.0 * 86_400_000) {
            return null;
        }
        return Duration.ofNanos(Math.round(amount * unitMillis * 1_000_000));
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
