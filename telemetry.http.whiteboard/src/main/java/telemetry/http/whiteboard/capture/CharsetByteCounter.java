package telemetry.http.whiteboard.capture;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How many bytes characters become in a charset, for the reader and writer wrappers, which see
 * characters while the telemetry counts bytes. Exact for UTF-8 and single-byte charsets (the
 * servlet default ISO-8859-1 among them); other charsets use their average bytes per character.
 * Immutable.
 */
public final class CharsetByteCounter {

    private static final CharsetByteCounter SINGLE_BYTE = new CharsetByteCounter(Mode.SINGLE_BYTE, 1f);
    private static final CharsetByteCounter UTF_8 = new CharsetByteCounter(Mode.UTF_8, 1f);

    private enum Mode {
        SINGLE_BYTE,
        UTF_8,
        AVERAGE
    }

    private final Mode mode;
    private final float averageBytesPerChar;

    private CharsetByteCounter(Mode mode, float averageBytesPerChar) {
        this.mode = mode;
        this.averageBytesPerChar = averageBytesPerChar;
    }

    /** The counter for a charset name as a request or response reports it; ISO-8859-1 when unknown. */
    public static CharsetByteCounter forName(String charsetName) {
        if (charsetName == null) {
            return SINGLE_BYTE;
        }
        Charset charset;
        try {
            charset = Charset.forName(charsetName);
        } catch (IllegalArgumentException e) {
            return SINGLE_BYTE;
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            return UTF_8;
        }
        if (!charset.canEncode()) {
            return SINGLE_BYTE;
        }
        float max = charset.newEncoder().maxBytesPerChar();
        return max <= 1f
                ? SINGLE_BYTE
                : new CharsetByteCounter(Mode.AVERAGE, charset.newEncoder().averageBytesPerChar());
    }

    /** Bytes of one character. */
    public long bytes(int c) {
        switch (mode) {
            case UTF_8:
                return c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate((char) c) ? 2 : 3;
            case AVERAGE:
                return Math.round(averageBytesPerChar);
            default:
                return 1;
        }
    }

    /** Bytes of {@code length} characters of a sequence. */
    public long bytes(CharSequence chars, int offset, int length) {
        switch (mode) {
            case UTF_8:
                long bytes = 0;
                for (int i = offset, end = offset + length; i < end; i++) {
                    bytes += bytes(chars.charAt(i));
                }
                return bytes;
            case AVERAGE:
                return Math.round(length * (double) averageBytesPerChar);
            default:
                return length;
        }
    }

    /** Bytes of {@code length} characters of an array. */
    public long bytes(char[] chars, int offset, int length) {
        switch (mode) {
            case UTF_8:
                long bytes = 0;
                for (int i = offset, end = offset + length; i < end; i++) {
                    bytes += bytes(chars[i]);
                }
                return bytes;
            case AVERAGE:
                return Math.round(length * (double) averageBytesPerChar);
            default:
                return length;
        }
    }
}
