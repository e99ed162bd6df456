package telemetry.wire;

import java.util.List;

/**
 * The eight timing phases of the wire format. Each has a mean (60+offset), min (70+), max (80+) and
 * a 65-bucket histogram (90+). Our reporter sends {@link #SERVER_TIME}, {@link #APPLICATION_TIME},
 * {@link #REQUEST_TIME}, {@link #INPUT_READ_TIME} and {@link #OUTPUT_WRITE_TIME}; the others belong
 * to Apache daemon mode and Python.
 */
public enum Phase {
    SERVER_TIME,
    QUEUE_TIME,
    DAEMON_TIME,
    APPLICATION_TIME,
    REQUEST_TIME,
    GIL_WAIT_TIME,
    INPUT_READ_TIME,
    OUTPUT_WRITE_TIME;

    /** The phases a JVM reporter sends, in wire order (immutable). */
    public static final List<Phase> REPORTED =
            List.of(SERVER_TIME, APPLICATION_TIME, REQUEST_TIME, INPUT_READ_TIME, OUTPUT_WRITE_TIME);

    /** The canonical name, e.g. {@code server_time}. */
    public String wireName() {
        return mean().wireName();
    }

    /** Mean over the interval, F64 seconds. */
    public Field mean() {
        return Field.ofId(60 + ordinal());
    }

    /** Exact minimum over the interval, F64 seconds. */
    public Field min() {
        return Field.ofId(70 + ordinal());
    }

    /** Exact maximum over the interval, F64 seconds. */
    public Field max() {
        return Field.ofId(80 + ordinal());
    }

    /** Histogram over the interval: I32_ARRAY of {@link LatencyBuckets#COUNT} counts. */
    public Field buckets() {
        return Field.ofId(90 + ordinal());
    }
}
