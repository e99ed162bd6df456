package telemetry.reporter.internal.recorder;

/**
 * One slow-request record (kind 4): a heartbeat of a request still running past the threshold
 * ({@code completed == false}) or the final record of one that ended. Times in seconds, instants in
 * seconds since the epoch. Text may be {@code null} (not sent).
 *
 * @param cpuSeconds thread CPU time (user + system) of the request; 0 while running or when not
 *        captured (sent in field 250; field 251 is not sent)
 * @param slot worker slot number, 1-based; 0 for a request beyond the slot count
 */
public record SlowRequestRecord(
        boolean completed,
        double startStamp,
        double duration,
        int slot,
        String logId,
        double serverTime,
        double applicationTime,
        long inputBytes,
        long inputReads,
        long outputBytes,
        long outputWrites,
        double inputReadTime,
        double outputWriteTime,
        int status,
        double cpuSeconds,
        long activeAtStart,
        long activeAtCompletion,
        String method,
        String scheme,
        String host,
        String contextPath,
        String path,
        String protocol,
        String peerAddress,
        String userAgent) {}
