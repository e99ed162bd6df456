package telemetry.wire;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The values of one slow-request record (kind 4), as {@link RecordWriter#slow} reads them. Names are
 * the canonical field names without {@code slow_}. Text that is {@code null} or empty is not sent,
 * longer text is cut to the field's limit; the defaults are what a JVM reporter sends.
 */
@ConsumerType
public interface SlowRequest {

    /** Field 200: true for a completed request (1), false while running (0). */
    boolean completed();

    /** Field 201, epoch seconds. */
    double startStamp();

    /** Field 202, seconds. */
    double duration();

    /** Field 203: the 1-based worker slot. */
    long threadId();

    /** Field 204: the request id. */
    String logId();

    String method();

    String scheme();

    /** Field 212: the request's Host. */
    String hostname();

    String scriptName();

    /** Field 214: the path, never the query string. */
    String pathInfo();

    String protocol();

    String peerIp();

    /** Field 217: {@code null} unless captured. */
    String userAgent();

    /** Field 220, seconds. */
    double serverTime();

    /** Field 221: 0 in-process. */
    default double queueTime() {
        return 0.0;
    }

    /** Field 222: 0 in-process. */
    default double daemonTime() {
        return 0.0;
    }

    /** Field 223, seconds. */
    double applicationTime();

    long inputBytes();

    long inputReads();

    long outputBytes();

    long outputWrites();

    /** Field 234, seconds. */
    double inputReadTime();

    /** Field 235, seconds. */
    double outputWriteTime();

    /** Field 240: 0 while running. */
    long status();

    /** Field 250, seconds (a JVM sends the thread's total CPU here). */
    double cpuUserTime();

    /** Field 251, seconds; {@code NaN} (the default) means not sent. */
    default double cpuSystemTime() {
        return Double.NaN;
    }

    /** Field 260. */
    long activeAtStart();

    /** Field 261: 0 while running. */
    long activeAtCompletion();
}
