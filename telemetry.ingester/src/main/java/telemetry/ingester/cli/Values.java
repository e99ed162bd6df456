package telemetry.ingester.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The value types of the command line, as picocli converters, and range checks. Every message names
 * the value and what is accepted; picocli prefixes the option.
 */
final class Values {

    private Values() {}

    /** A {@code unix:/path} socket target, made absolute. */
    static final class UnixTarget implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            if (!v.startsWith("unix:") || v.length() == 5) {
                throw new TypeConversionException(
                        "'" + v + "': expected a UNIX socket as unix:/path (no other " + "transport is supported)");
            }
            return Path.of(v.substring(5)).toAbsolutePath().normalize();
        }
    }

    /** Octal permission bits such as {@code 0660}. */
    static final class OctalMode implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            if (!v.matches("0?[0-7]{1,3}")) {
                throw new TypeConversionException("'" + v + "': expected an octal mode from 000 to 0777, e.g. 0660");
            }
            return Integer.parseInt(v, 8);
        }
    }

    /** A group name or a numeric gid. */
    static final class SocketGroup implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            if (!v.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?")) {
                throw new TypeConversionException("'" + v + "': expected a group name or a numeric gid");
            }
            return v;
        }
    }

    /** A duration: a number with unit ms, s, m, h or d (a bare number means seconds). */
    static final class DurationValue implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            Duration d = parseDuration(v);
            if (d == null) {
                throw new TypeConversionException(
                        "'" + v + "': expected a duration such as 90s, 10m, 2h (units ms, " + "s, m, h, d)");
            }
            return d;
        }
    }

    /** Where a reverse proxy serves us: {@code /prefix}, stored without a trailing slash ("" for none). */
    static final class RootPath implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String p = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            boolean ok = p.isEmpty() && v.equals("/") || p.matches("(/[A-Za-z0-9._~-]+)+");
            for (String segment : p.split("/")) {
                ok &= !segment.equals(".") && !segment.equals("..");
            }
            if (!ok) {
                throw new TypeConversionException("'" + v + "': expected a path prefix such as /telemetry (segments of "
                        + "letters, digits and . _ ~ -, no . or .. segments)");
            }
            return p;
        }
    }

    /** A public origin {@code scheme://host[:port]}, lower case, without the scheme's default port. */
    static final class Origin implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            String accepted = "expected an origin as scheme://host[:port] (http or https, no path), e.g. "
                    + "https://telemetry.example.com";
            URI uri;
            try {
                uri = new URI(v);
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + v + "': " + accepted);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean ok = (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && (uri.getRawPath() == null
                            || uri.getRawPath().isEmpty()
                            || uri.getRawPath().equals("/"));
            if (!ok) {
                throw new TypeConversionException("'" + v + "': " + accepted);
            }
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        }
    }

    /** A WebSocket URL {@code ws://host[:port]/path}. */
    static final class WebSocketUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String v) {
            try {
                URI uri = new URI(v);
                if ("ws".equals(uri.getScheme()) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new TypeConversionException("'" + v + "': expected a WebSocket URL such as ws://127.0.0.1:8888/ws");
        }
    }

    /** Checks that {@code value} of {@code option} lies in {@code [min, max]}. */
    static long range(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(
                    spec.commandLine(),
                    "invalid value '" + value + "' for " + option + ": expected an integer from " + min + " to " + max);
        }
        return value;
    }

    /** Checks that {@code value} of {@code option} lies in {@code [min, max]}. */
    static double range(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "invalid value '" + value + "' for " + option + ": expected a number from " + min + " to " + max);
        }
        return value;
    }

    /** Checks that a duration option is at least {@code min}. */
    static Duration atLeast(CommandSpec spec, String option, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "invalid value '" + format(value) + "' for " + option + ": expected a duration of at least "
                            + format(min) + " such as 90s, 10m, 2h");
        }
        return value;
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
