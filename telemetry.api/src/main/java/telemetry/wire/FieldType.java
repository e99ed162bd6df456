package telemetry.wire;

/** The type tag of a TLV field and the Java type its decoded value has. */
public enum FieldType {
    /** Unsigned 64-bit integer, decoded as a {@code Long} holding the raw bits. */
    U64(0x01),
    /** IEEE 754 binary64, decoded as a {@code Double}. */
    F64(0x02),
    /** Signed 64-bit integer, decoded as a {@code Long}. */
    I64(0x03),
    /** UTF-8 text without terminator, decoded as a {@code String}; u16 length in bytes. */
    BYTES(0x04),
    /** Signed 32-bit integers, decoded as an {@code int[]}; u16 length in elements. */
    I32_ARRAY(0x05),
    /** Binary64 values, decoded as a {@code double[]}; u16 length in elements. */
    F64_ARRAY(0x06);

    private static final FieldType[] BY_TAG = new FieldType[7];

    static {
        for (FieldType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    private final int tag;

    FieldType(int tag) {
        this.tag = tag;
    }

    /** The tag byte on the wire. */
    public int tag() {
        return tag;
    }

    /** True for the types that carry a u16 length after the tag. */
    public boolean hasLength() {
        return this == BYTES || this == I32_ARRAY || this == F64_ARRAY;
    }

    /** The type with this tag, or {@code null} when the tag is not defined. */
    public static FieldType ofTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }
}
