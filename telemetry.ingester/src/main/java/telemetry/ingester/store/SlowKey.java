package telemetry.ingester.store;

/**
 * Key of a slow-request record as the wire format defines it: (pid, log_id), or
 * (pid, thread_id, start_stamp bits) when the log id is empty.
 */
public record SlowKey(long pid, String logId, long threadId, long startStampBits) {

    public static SlowKey of(long pid, String logId, long threadId, double startStamp) {
        if (logId != null && !logId.isEmpty()) {
            return new SlowKey(pid, logId, 0, 0);
        }
        return new SlowKey(pid, "", threadId, Double.doubleToRawLongBits(startStamp));
    }

    /** A stable text form for clients. */
    public String text() {
        return logId.isEmpty() ? pid + ":" + threadId + ":" + Long.toHexString(startStampBits) : pid + ":" + logId;
    }
}
