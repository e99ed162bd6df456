package telemetry.ingester.json;

/**
 * Number text for JSON and Prometheus values: exact doubles in plain notation for everyday
 * magnitudes, computed values (rates, ratios, percentiles) to a fixed number of decimals, and
 * {@code null} for what is not finite. Stateless.
 */
public final class Numbers {

    private Numbers() {}

    /** Writes a finite double as a JSON number (plain notation for everyday magnitudes), else null. */
    public static void number(StringBuilder out, double v) {
        if (!Double.isFinite(v)) {
            out.append("null");
            return;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v).append(".0");
            return;
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            out.append(s);
            return;
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        if (exponent >= -7 && exponent < 21) {
            out.append(new java.math.BigDecimal(s).toPlainString());
        } else {
            out.append(s);
        }
    }

    private static final long[] POWERS = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    /** Fixed-point form with trailing zeros dropped; falls back to {@link #number} when out of range. */
    public static void fixed(StringBuilder out, double v, int decimals) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e9 || decimals < 0 || decimals > 9) {
            number(out, v);
            return;
        }
        long scale = POWERS[decimals];
        long scaled = Math.round(Math.abs(v) * scale);
        if (v < 0 && scaled != 0) {
            out.append('-');
        }
        out.append(scaled / scale);
        long fraction = scaled % scale;
        if (fraction == 0) {
            out.append(".0");
            return;
        }
        int digits = decimals;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        out.append('.');
        for (long p = POWERS[digits - 1]; p > fraction && p > 1; p /= 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    /** {@link #number(StringBuilder, double)} as a string. */
    public static String exact(double v) {
        StringBuilder b = new StringBuilder(24);
        number(b, v);
        return b.toString();
    }

    /** {@link #fixed(StringBuilder, double, int)} as a string. */
    public static String fixed(double v, int decimals) {
        StringBuilder b = new StringBuilder(24);
        fixed(b, v, decimals);
        return b.toString();
    }
}
