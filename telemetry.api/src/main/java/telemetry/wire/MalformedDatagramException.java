package telemetry.wire;

/**
 * A datagram that is not a valid version-1 record. The whole datagram is rejected; the
 * {@link #reason()} says which rule it broke and {@link #offset()} where.
 */
public final class MalformedDatagramException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The rules a datagram can break, with the words the shared test vectors use for them. */
    public enum Reason {
        SHORT_HEADER("datagram shorter than the 24-byte header"),
        TOO_LONG("datagram longer than 65536 bytes"),
        BAD_MAGIC("bad magic"),
        UNSUPPORTED_VERSION("unsupported version"),
        TLV_HEADER_PAST_END("a TLV header runs past the end"),
        UNKNOWN_TYPE_TAG("unknown type tag"),
        VALUE_PAST_END("a value runs past the end"),
        BYTES_LENGTH_PAST_END("a bytes length runs past the end"),
        ARRAY_LENGTH_PAST_END("an array length runs past the end");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** The rule in words, e.g. {@code bad magic}. */
        public String text() {
            return text;
        }
    }

    private final Reason reason;
    private final int offset;

    public MalformedDatagramException(Reason reason, int offset, String detail) {
        super(reason.text() + " at offset " + offset + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.reason = reason;
        this.offset = offset;
    }

    /** Which rule the datagram broke. */
    public Reason reason() {
        return reason;
    }

    /** Byte offset in the datagram where the fault was found. */
    public int offset() {
        return offset;
    }
}
