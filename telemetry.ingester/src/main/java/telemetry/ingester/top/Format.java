package telemetry.ingester.top;

import java.util.Locale;

/** Number formats of the screen: fixed widths, no locale surprises. */
final class Format {

    private Format() {}

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Seconds as milliseconds with a precision that fits a column: 0.42, 12.3, 1234. */
    static String ms(double seconds) {
        double ms = seconds * 1000;
        return ms < 10 ? num(ms, 2) : ms < 1000 ? num(ms, 1) : num(ms, 0);
    }

    static String mib(double bytes) {
        return num(bytes / (1 << 20), 1);
    }

    /** Bytes in the largest unit that keeps the number short. */
    static String bytes(double b) {
        if (b >= 1L << 30) {
            return num(b / (1L << 30), 2) + " GiB";
        }
        if (b >= 1 << 20) {
            return num(b / (1 << 20), 1) + " MiB";
        }
        return num(b / 1024, 0) + " KiB";
    }

    static String percent(double fraction) {
        return num(fraction * 100, 1);
    }

    /** Thousands separated by a thin comma: 1,234,567. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
