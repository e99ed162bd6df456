package telemetry.ingester.top;

import org.jline.utils.AttributedStyle;

/**
 * The styles of the screen. {@link #plain()} (for {@code --no-color} and {@code NO_COLOR}) keeps
 * bold and inverse, which are not colours, so headers stay findable.
 */
public record Palette(
        AttributedStyle normal,
        AttributedStyle bold,
        AttributedStyle dim,
        AttributedStyle inverse,
        AttributedStyle good,
        AttributedStyle warn,
        AttributedStyle bad,
        AttributedStyle accent) {

    public static Palette colors() {
        AttributedStyle d = AttributedStyle.DEFAULT;
        return new Palette(
                d,
                d.bold(),
                d.faint(),
                d.inverse(),
                d.foreground(AttributedStyle.GREEN),
                d.foreground(AttributedStyle.YELLOW),
                d.foreground(AttributedStyle.RED).bold(),
                d.foreground(AttributedStyle.CYAN));
    }

    public static Palette plain() {
        AttributedStyle d = AttributedStyle.DEFAULT;
        return new Palette(d, d.bold(), d, d.inverse(), d, d, d.bold(), d);
    }

    /** Colour unless {@code --no-color} was given or {@code NO_COLOR} is set to anything non-empty (no-color.org). */
    public static Palette choose(boolean noColorOption, String noColorEnv) {
        return noColorOption || noColorEnv != null && !noColorEnv.isEmpty() ? plain() : colors();
    }

    /** Green below 60 %, amber below 85 %, red above: for capacity and fill levels. */
    public AttributedStyle level(double fraction) {
        return fraction >= 0.85 ? bad : fraction >= 0.6 ? warn : good;
    }
}
