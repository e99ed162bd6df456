package telemetry.wire;

import static telemetry.wire.FieldType.BYTES;
import static telemetry.wire.FieldType.F64;
import static telemetry.wire.FieldType.F64_ARRAY;
import static telemetry.wire.FieldType.I32_ARRAY;
import static telemetry.wire.FieldType.U64;

/**
 * Every field id of wire format version 1 with its canonical name, its type and, for text, its
 * limit in bytes on the wire. Canonical names are the names used by every interface of the
 * project; ids not listed here are kept by the decoder as {@code id<N>}.
 */
public enum Field {
    // 1–9 identity
    MOD_WSGI_VERSION(1, "mod_wsgi_version", BYTES),
    PYTHON_VERSION(2, "python_version", BYTES),
    APACHE_VERSION(3, "apache_version", BYTES),
    MPM_NAME(4, "mpm_name", BYTES),
    HOSTNAME(5, "hostname", BYTES),
    PROCESS_GROUP(6, "process_group", BYTES),
    PROCESS_PARENT_PID(7, "process_parent_pid", U64),
    INTERPRETER_NAME(8, "interpreter_name", BYTES),

    // 10–13 sampling configuration
    SAMPLE_PERIOD(10, "sample_period", F64),
    TELEMETRY_INTERVAL(11, "telemetry_interval", F64),
    SLOW_REQUESTS_THRESHOLD(12, "slow_requests_threshold", F64),
    SWITCH_INTERVAL(13, "switch_interval", F64),

    // 20–52 rates, CPU, memory, worker slots
    REQUEST_COUNT(20, "request_count", U64),
    REQUEST_THROUGHPUT(21, "request_throughput", F64),
    CAPACITY_UTILIZATION(22, "capacity_utilization", F64),
    CPU_USER_UTILIZATION(30, "cpu_user_utilization", F64),
    CPU_SYSTEM_UTILIZATION(31, "cpu_system_utilization", F64),
    CPU_UTILIZATION(32, "cpu_utilization", F64),
    CPU_USER_TIME(35, "cpu_user_time", F64),
    CPU_SYSTEM_TIME(36, "cpu_system_time", F64),
    CPU_TIME(37, "cpu_time", F64),
    MEMORY_RSS(40, "memory_rss", U64),
    MEMORY_MAX_RSS(41, "memory_max_rss", U64),
    REQUEST_THREADS_MAXIMUM(50, "request_threads_maximum", U64),
    REQUEST_THREADS_STARTED(51, "request_threads_started", U64),
    REQUEST_THREADS_ACTIVE(52, "request_threads_active", U64),

    // 60–97 per-phase timing: means, min, max, histograms (see Phase)
    SERVER_TIME(60, "server_time", F64),
    QUEUE_TIME(61, "queue_time", F64),
    DAEMON_TIME(62, "daemon_time", F64),
    APPLICATION_TIME(63, "application_time", F64),
    REQUEST_TIME(64, "request_time", F64),
    GIL_WAIT_TIME(65, "gil_wait_time", F64),
    INPUT_READ_TIME(66, "input_read_time", F64),
    OUTPUT_WRITE_TIME(67, "output_write_time", F64),
    SERVER_TIME_MIN(70, "server_time_min", F64),
    QUEUE_TIME_MIN(71, "queue_time_min", F64),
    DAEMON_TIME_MIN(72, "daemon_time_min", F64),
    APPLICATION_TIME_MIN(73, "application_time_min", F64),
    REQUEST_TIME_MIN(74, "request_time_min", F64),
    GIL_WAIT_TIME_MIN(75, "gil_wait_time_min", F64),
    INPUT_READ_TIME_MIN(76, "input_read_time_min", F64),
    OUTPUT_WRITE_TIME_MIN(77, "output_write_time_min", F64),
    SERVER_TIME_MAX(80, "server_time_max", F64),
    QUEUE_TIME_MAX(81, "queue_time_max", F64),
    DAEMON_TIME_MAX(82, "daemon_time_max", F64),
    APPLICATION_TIME_MAX(83, "application_time_max", F64),
    REQUEST_TIME_MAX(84, "request_time_max", F64),
    GIL_WAIT_TIME_MAX(85, "gil_wait_time_max", F64),
    INPUT_READ_TIME_MAX(86, "input_read_time_max", F64),
    OUTPUT_WRITE_TIME_MAX(87, "output_write_time_max", F64),
    SERVER_TIME_BUCKETS(90, "server_time_buckets", I32_ARRAY),
    QUEUE_TIME_BUCKETS(91, "queue_time_buckets", I32_ARRAY),
    DAEMON_TIME_BUCKETS(92, "daemon_time_buckets", I32_ARRAY),
    APPLICATION_TIME_BUCKETS(93, "application_time_buckets", I32_ARRAY),
    REQUEST_TIME_BUCKETS(94, "request_time_buckets", I32_ARRAY),
    GIL_WAIT_TIME_BUCKETS(95, "gil_wait_time_buckets", I32_ARRAY),
    INPUT_READ_TIME_BUCKETS(96, "input_read_time_buckets", I32_ARRAY),
    OUTPUT_WRITE_TIME_BUCKETS(97, "output_write_time_buckets", I32_ARRAY),

    // 100–124 I/O and response classes
    INPUT_BYTES_TOTAL(100, "input_bytes_total", U64),
    INPUT_READS_TOTAL(101, "input_reads_total", U64),
    OUTPUT_BYTES_TOTAL(102, "output_bytes_total", U64),
    OUTPUT_WRITES_TOTAL(103, "output_writes_total", U64),
    REQUEST_THREADS_COMPLETED(110, "request_threads_completed", I32_ARRAY),
    REQUEST_THREADS_BUSY_TIME(111, "request_threads_busy_time", F64_ARRAY),
    REQUEST_THREADS_CPU_TIME(112, "request_threads_cpu_time", F64_ARRAY),
    REQUEST_THREADS_CURRENT_ELAPSED(113, "request_threads_current_elapsed", F64_ARRAY),
    REQUEST_THREADS_MAX_DURATION(114, "request_threads_max_duration", F64_ARRAY),
    STATUS_1XX_TOTAL(120, "status_1xx_total", U64),
    STATUS_2XX_TOTAL(121, "status_2xx_total", U64),
    STATUS_3XX_TOTAL(122, "status_3xx_total", U64),
    STATUS_4XX_TOTAL(123, "status_4xx_total", U64),
    STATUS_5XX_TOTAL(124, "status_5xx_total", U64),

    // 130–135 lifecycle
    SHUTDOWN_REASON(130, "shutdown_reason", BYTES),
    PROCESS_UPTIME(131, "process_uptime", F64),
    LIFETIME_REQUEST_COUNT(132, "lifetime_request_count", U64),
    ACTIVE_REQUESTS_AT_DECISION(133, "active_requests_at_decision", U64),
    ACTIVE_REQUESTS_AT_EXIT(134, "active_requests_at_exit", U64),
    GRACEFUL_DRAIN(135, "graceful_drain", U64),

    // 200–261 slow requests
    SLOW_RECORD_STATE(200, "slow_record_state", U64),
    SLOW_START_STAMP(201, "slow_start_stamp", F64),
    SLOW_DURATION(202, "slow_duration", F64),
    SLOW_THREAD_ID(203, "slow_thread_id", U64),
    SLOW_LOG_ID(204, "slow_log_id", BYTES, 63),
    SLOW_SERVER_PID(205, "slow_server_pid", U64),
    SLOW_METHOD(210, "slow_method", BYTES, 15),
    SLOW_SCHEME(211, "slow_scheme", BYTES, 15),
    SLOW_HOSTNAME(212, "slow_hostname", BYTES, 255),
    SLOW_SCRIPT_NAME(213, "slow_script_name", BYTES, 255),
    SLOW_PATH_INFO(214, "slow_path_info", BYTES, 511),
    SLOW_PROTOCOL(215, "slow_protocol", BYTES, 15),
    SLOW_PEER_IP(216, "slow_peer_ip", BYTES, 45),
    SLOW_USER_AGENT(217, "slow_user_agent", BYTES, 511),
    SLOW_SERVER_TIME(220, "slow_server_time", F64),
    SLOW_QUEUE_TIME(221, "slow_queue_time", F64),
    SLOW_DAEMON_TIME(222, "slow_daemon_time", F64),
    SLOW_APPLICATION_TIME(223, "slow_application_time", F64),
    SLOW_GIL_WAIT_TIME(224, "slow_gil_wait_time", F64),
    SLOW_GIL_WAIT_COUNT(225, "slow_gil_wait_count", U64),
    SLOW_INPUT_BYTES(230, "slow_input_bytes", U64),
    SLOW_INPUT_READS(231, "slow_input_reads", U64),
    SLOW_OUTPUT_BYTES(232, "slow_output_bytes", U64),
    SLOW_OUTPUT_WRITES(233, "slow_output_writes", U64),
    SLOW_INPUT_READ_TIME(234, "slow_input_read_time", F64),
    SLOW_OUTPUT_WRITE_TIME(235, "slow_output_write_time", F64),
    SLOW_STATUS(240, "slow_status", U64),
    SLOW_CPU_USER_TIME(250, "slow_cpu_user_time", F64),
    SLOW_CPU_SYSTEM_TIME(251, "slow_cpu_system_time", F64),
    SLOW_ACTIVE_AT_START(260, "slow_active_at_start", U64),
    SLOW_ACTIVE_AT_COMPLETION(261, "slow_active_at_completion", U64),

    // 300–324 garbage collection
    GC_COUNT0(300, "gc_count0", U64),
    GC_COUNT1(301, "gc_count1", U64),
    GC_COUNT2(302, "gc_count2", U64),
    GC_THRESHOLD0(303, "gc_threshold0", U64),
    GC_THRESHOLD1(304, "gc_threshold1", U64),
    GC_THRESHOLD2(305, "gc_threshold2", U64),
    GC_COLLECTIONS0(306, "gc_collections0", U64),
    GC_COLLECTIONS1(307, "gc_collections1", U64),
    GC_COLLECTIONS2(308, "gc_collections2", U64),
    GC_COLLECTED0(309, "gc_collected0", U64),
    GC_COLLECTED1(310, "gc_collected1", U64),
    GC_COLLECTED2(311, "gc_collected2", U64),
    GC_UNCOLLECTABLE0(312, "gc_uncollectable0", U64),
    GC_UNCOLLECTABLE1(313, "gc_uncollectable1", U64),
    GC_UNCOLLECTABLE2(314, "gc_uncollectable2", U64),
    GC_IS_ENABLED(315, "gc_is_enabled", U64),
    GC_FREEZE_COUNT(316, "gc_freeze_count", U64),
    GC_DROPPED_EVENTS(317, "gc_dropped_events", U64),
    GC_EVENT_START_STAMP(320, "gc_event_start_stamp", F64),
    GC_EVENT_DURATION(321, "gc_event_duration", F64),
    GC_EVENT_GENERATION(322, "gc_event_generation", U64),
    GC_EVENT_COLLECTED(323, "gc_event_collected", U64),
    GC_EVENT_UNCOLLECTABLE(324, "gc_event_uncollectable", U64);

    private static final Field[] BY_ID = new Field[325];

    static {
        for (Field f : values()) {
            BY_ID[f.id] = f;
        }
    }

    private final int id;
    private final String wireName;
    private final FieldType type;
    private final int maxBytes;

    Field(int id, String wireName, FieldType type) {
        this(id, wireName, type, 0);
    }

    Field(int id, String wireName, FieldType type, int maxBytes) {
        this.id = id;
        this.wireName = wireName;
        this.type = type;
        this.maxBytes = maxBytes;
    }

    /** The u16 field id on the wire. */
    public int id() {
        return id;
    }

    /** The canonical name, e.g. {@code request_count}. */
    public String wireName() {
        return wireName;
    }

    /** The documented type of the value. */
    public FieldType type() {
        return type;
    }

    /**
     * For text fields with a documented limit, the most bytes the value may take on the wire; a
     * longer value is cut to {@code maxBytes - 3} bytes plus {@code ...}. 0 means no limit beyond
     * the u16 length.
     */
    public int maxBytes() {
        return maxBytes;
    }

    /** The field with this id, or {@code null} when the id is not defined. */
    public static Field ofId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** The canonical name of a field id: the defined name, else {@code id<N>}. */
    public static String nameOf(int id) {
        Field f = ofId(id);
        return f != null ? f.wireName : "id" + id;
    }
}
