package telemetry.ingester.top;

/**
 * Text that came in a datagram, made safe for a terminal: every control character (C0, DEL, C1,
 * so ESC and the CSI/OSC introducers), and every invisible format character (bidi overrides,
 * zero-width joiners) becomes {@code ?}. A path carrying {@code ESC]0;title BEL} or
 * {@code ESC[2J} then shows as plain text instead of retitling or clearing the screen.
 */
public final class TerminalText {

    private TerminalText() {}

    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
    }
}
