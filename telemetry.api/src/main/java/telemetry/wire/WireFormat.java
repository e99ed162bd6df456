package telemetry.wire;

/** Constants of the fixed header and the transport. */
public final class WireFormat {
    /** ASCII {@code WSGI}, read as a little-endian u32. */
    public static final int MAGIC = 0x49475357;
    /** The only version this codec reads and writes. */
    public static final int VERSION = 1;
    /** Size of the fixed header in bytes. */
    public static final int HEADER_SIZE = 24;
    /** The largest datagram a reporter sends and an ingester reads. */
    public static final int MAX_DATAGRAM = 65_536;
    /** The most elements a per-slot array carries (slots beyond it are not reported). */
    public static final int MAX_SLOTS = 1024;

    private WireFormat() {}
}
