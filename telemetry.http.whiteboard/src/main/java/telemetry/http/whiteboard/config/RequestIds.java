package telemetry.http.whiteboard.config;

/**
 * Bounds and sanitises request ids taken from a request header before they become slow-record log
 * ids: at most {@value #MAX_LENGTH} characters (the wire limit of {@code slow_log_id}, so nothing is
 * cut later), every character outside visible ASCII, and the quote, backslash, angle bracket and
 * backtick characters, replaced by {@code _}, so that an id is safe in logs, JSON and HTML.
 */
public final class RequestIds {

    public static final int MAX_LENGTH = 63;

    private RequestIds() {}

    /** The sanitised id, or {@code null} when the header is absent or blank. */
    public static String sanitise(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        String value = headerValue.strip();
        int length = Math.min(value.length(), MAX_LENGTH);
        if (length == 0) {
            return null;
        }
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            id[i] = isSafe(c) ? c : '_';
        }
        return new String(id);
    }

    private static boolean isSafe(char c) {
        return c > 0x20 && c < 0x7f && "\"'\\<>`".indexOf(c) < 0;
    }
}
