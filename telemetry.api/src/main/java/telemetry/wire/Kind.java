package telemetry.wire;

/** Record kinds (header byte 5). Codes outside this table are kept by the decoder as {@code kind<N>}. */
public enum Kind {
    PROCESS_METRICS(1, "process_metrics"),
    /** The periodic sample: one per reporter tick. */
    REQUEST_METRICS(2, "request_metrics"),
    SERVER_METRICS(3, "server_metrics"),
    /** A request past the slow threshold: running (heartbeat) or completed. */
    SLOW_REQUEST(4, "slow_request"),
    PROCESS_STARTED(5, "process_started"),
    PROCESS_STOPPING(6, "process_stopping"),
    PROCESS_STOPPED(7, "process_stopped"),
    GC_SNAPSHOT(8, "gc_snapshot"),
    GC_EVENT(9, "gc_event");

    private static final Kind[] BY_CODE = new Kind[10];

    static {
        for (Kind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;
    private final String wireName;

    Kind(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** The kind byte on the wire. */
    public int code() {
        return code;
    }

    /** The canonical name used by every interface of the project (JSON, UI, dump). */
    public String wireName() {
        return wireName;
    }

    /** The kind with this code, or {@code null} when the code is not defined. */
    public static Kind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The canonical name of a kind code: the defined name, else {@code kind<N>}. */
    public static String nameOf(int code) {
        Kind k = ofCode(code);
        return k != null ? k.wireName : "kind" + code;
    }
}
