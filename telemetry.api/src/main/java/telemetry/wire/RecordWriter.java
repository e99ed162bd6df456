package telemetry.wire;

import java.nio.ByteBuffer;

/**
 * The one place that says which fields each record carries and in what order: the emission order
 * of wire-format.md (a periodic datagram: identity 1–7, 10–12, 20–22, 30–32, 40–41, 50–52, means,
 * min/max pairs, histograms, 100–103, 120–124, 110–114), and for the other kinds the order of the
 * shared test vectors. Every sender of the project (the reporter, the ingester's simulator, the
 * benchmarks and the test fixtures) writes through it, so two datagrams made from the same values
 * are the same bytes.
 *
 * <pre>{@code
 * RecordWriter records = new RecordWriter(new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM)));
 * channel.send(records.started(process, seq.incrementAndGet(), stamp), target);
 * channel.send(records.periodic(process, seq.incrementAndGet(), stamp, sample), target);
 * }</pre>
 *
 * <p>The values come from small interfaces ({@link ProcessIdentity}, {@link PeriodicSample},
 * {@link SlowRequest}, {@link GcSnapshot}, {@link GcEvent}) that the caller implements over whatever
 * it holds; lifecycle records take their few values as arguments. Nothing is allocated per record.
 * Each method returns the encoder's buffer holding the datagram, valid until the next write. Not
 * thread-safe: one writer per sending thread, like its {@link WireEncoder}.
 */
public final class RecordWriter {

    /** {@link Phase#REPORTED} as an array: iterating it allocates nothing, whatever the JIT does. */
    private static final Phase[] PHASES = Phase.REPORTED.toArray(new Phase[0]);

    private final WireEncoder out;

    /** Writes every record into {@code out} (and so into its buffer). */
    public RecordWriter(WireEncoder out) {
        this.out = out;
    }

    /** PROCESS_STARTED (kind 5): identity 1–7. */
    public ByteBuffer started(ProcessIdentity p, long seq, double stamp) {
        out.begin(Kind.PROCESS_STARTED, p.pid(), seq, stamp);
        identity(p);
        return out.finish();
    }

    /** PROCESS_STOPPING (kind 6): 5, 6, 130, 133. */
    public ByteBuffer stopping(ProcessIdentity p, long seq, double stamp, String reason, long activeAtDecision) {
        return out.begin(Kind.PROCESS_STOPPING, p.pid(), seq, stamp)
                .text(Field.HOSTNAME, p.hostname())
                .text(Field.PROCESS_GROUP, p.processGroup())
                .text(Field.SHUTDOWN_REASON, reason)
                .u64(Field.ACTIVE_REQUESTS_AT_DECISION, activeAtDecision)
                .finish();
    }

    /** PROCESS_STOPPED (kind 7): 5, 6, 130–132, 134, 135. */
    public ByteBuffer stopped(
            ProcessIdentity p,
            long seq,
            double stamp,
            String reason,
            double uptime,
            long lifetimeRequests,
            long activeAtExit,
            boolean gracefulDrain) {
        return out.begin(Kind.PROCESS_STOPPED, p.pid(), seq, stamp)
                .text(Field.HOSTNAME, p.hostname())
                .text(Field.PROCESS_GROUP, p.processGroup())
                .text(Field.SHUTDOWN_REASON, reason)
                .f64(Field.PROCESS_UPTIME, uptime)
                .u64(Field.LIFETIME_REQUEST_COUNT, lifetimeRequests)
                .u64(Field.ACTIVE_REQUESTS_AT_EXIT, activeAtExit)
                .u64(Field.GRACEFUL_DRAIN, gracefulDrain ? 1 : 0)
                .finish();
    }

    /**
     * The periodic sample (kind 2) in the documented emission order. Min/max pairs are sent only when
     * a request completed; {@code cpu_utilization} is user + system.
     */
    public ByteBuffer periodic(ProcessIdentity p, long seq, double stamp, PeriodicSample s) {
        out.begin(Kind.REQUEST_METRICS, p.pid(), seq, stamp);
        identity(p);
        out.f64(Field.SAMPLE_PERIOD, s.samplePeriod())
                .f64(Field.TELEMETRY_INTERVAL, s.telemetryInterval())
                .f64(Field.SLOW_REQUESTS_THRESHOLD, s.slowRequestsThreshold())
                .u64(Field.REQUEST_COUNT, s.requestCount())
                .f64(Field.REQUEST_THROUGHPUT, s.requestThroughput())
                .f64(Field.CAPACITY_UTILIZATION, s.capacityUtilization())
                .f64(Field.CPU_USER_UTILIZATION, s.cpuUserUtilization())
                .f64(Field.CPU_SYSTEM_UTILIZATION, s.cpuSystemUtilization())
                .f64(Field.CPU_UTILIZATION, s.cpuUserUtilization() + s.cpuSystemUtilization())
                .u64(Field.MEMORY_RSS, s.memoryRss())
                .u64(Field.MEMORY_MAX_RSS, s.memoryMaxRss())
                .u64(Field.REQUEST_THREADS_MAXIMUM, s.requestThreadsMaximum())
                .u64(Field.REQUEST_THREADS_STARTED, s.requestThreadsStarted())
                .u64(Field.REQUEST_THREADS_ACTIVE, s.requestThreadsActive());
        for (Phase phase : PHASES) {
            out.f64(phase.mean(), s.mean(phase));
        }
        if (s.requestCount() != 0) {
            for (Phase phase : PHASES) {
                out.f64(phase.min(), s.min(phase)).f64(phase.max(), s.max(phase));
            }
        }
        for (Phase phase : PHASES) {
            out.i32Array(phase.buckets(), s.buckets(phase), LatencyBuckets.COUNT);
        }
        int slots = s.slots();
        return out.u64(Field.INPUT_BYTES_TOTAL, s.inputBytesTotal())
                .u64(Field.INPUT_READS_TOTAL, s.inputReadsTotal())
                .u64(Field.OUTPUT_BYTES_TOTAL, s.outputBytesTotal())
                .u64(Field.OUTPUT_WRITES_TOTAL, s.outputWritesTotal())
                .u64(Field.STATUS_1XX_TOTAL, s.statusTotal(1))
                .u64(Field.STATUS_2XX_TOTAL, s.statusTotal(2))
                .u64(Field.STATUS_3XX_TOTAL, s.statusTotal(3))
                .u64(Field.STATUS_4XX_TOTAL, s.statusTotal(4))
                .u64(Field.STATUS_5XX_TOTAL, s.statusTotal(5))
                .i32Array(Field.REQUEST_THREADS_COMPLETED, s.requestThreadsCompleted(), slots)
                .f64Array(Field.REQUEST_THREADS_BUSY_TIME, s.requestThreadsBusyTime(), slots)
                .f64Array(Field.REQUEST_THREADS_CPU_TIME, s.requestThreadsCpuTime(), slots)
                .f64Array(Field.REQUEST_THREADS_CURRENT_ELAPSED, s.requestThreadsCurrentElapsed(), slots)
                .f64Array(Field.REQUEST_THREADS_MAX_DURATION, s.requestThreadsMaxDuration(), slots)
                .finish();
    }

    /**
     * A slow-request record (kind 4): state, timing and slot, the server pid (the header's), I/O,
     * CPU, phase times, in-flight counts and status, then the text fields.
     */
    public ByteBuffer slow(ProcessIdentity p, long seq, double stamp, SlowRequest r) {
        out.begin(Kind.SLOW_REQUEST, p.pid(), seq, stamp)
                .u64(Field.SLOW_RECORD_STATE, r.completed() ? 1 : 0)
                .f64(Field.SLOW_START_STAMP, r.startStamp())
                .f64(Field.SLOW_DURATION, r.duration())
                .u64(Field.SLOW_THREAD_ID, r.threadId())
                .u64(Field.SLOW_SERVER_PID, p.pid())
                .u64(Field.SLOW_INPUT_BYTES, r.inputBytes())
                .u64(Field.SLOW_INPUT_READS, r.inputReads())
                .u64(Field.SLOW_OUTPUT_BYTES, r.outputBytes())
                .u64(Field.SLOW_OUTPUT_WRITES, r.outputWrites())
                .f64(Field.SLOW_CPU_USER_TIME, r.cpuUserTime());
        double cpuSystem = r.cpuSystemTime();
        if (!Double.isNaN(cpuSystem)) {
            out.f64(Field.SLOW_CPU_SYSTEM_TIME, cpuSystem);
        }
        return out.f64(Field.SLOW_SERVER_TIME, r.serverTime())
                .f64(Field.SLOW_QUEUE_TIME, r.queueTime())
                .f64(Field.SLOW_DAEMON_TIME, r.daemonTime())
                .f64(Field.SLOW_APPLICATION_TIME, r.applicationTime())
                .f64(Field.SLOW_INPUT_READ_TIME, r.inputReadTime())
                .f64(Field.SLOW_OUTPUT_WRITE_TIME, r.outputWriteTime())
                .u64(Field.SLOW_ACTIVE_AT_START, r.activeAtStart())
                .u64(Field.SLOW_ACTIVE_AT_COMPLETION, r.activeAtCompletion())
                .u64(Field.SLOW_STATUS, r.status())
                .text(Field.SLOW_LOG_ID, r.logId())
                .text(Field.SLOW_METHOD, r.method())
                .text(Field.SLOW_SCHEME, r.scheme())
                .text(Field.SLOW_HOSTNAME, r.hostname())
                .text(Field.SLOW_SCRIPT_NAME, r.scriptName())
                .text(Field.SLOW_PATH_INFO, r.pathInfo())
                .text(Field.SLOW_PROTOCOL, r.protocol())
                .text(Field.SLOW_PEER_IP, r.peerIp())
                .text(Field.SLOW_USER_AGENT, r.userAgent())
                .finish();
    }

    /** A gc_snapshot (kind 8): fields 300–317 in id order; {@code interpreter_name} is not sent. */
    public ByteBuffer gcSnapshot(ProcessIdentity p, long seq, double stamp, GcSnapshot s) {
        out.begin(Kind.GC_SNAPSHOT, p.pid(), seq, stamp);
        for (int g = 0; g < 3; g++) {
            out.u64(Field.GC_COUNT0.id() + g, s.count(g));
        }
        for (int g = 0; g < 3; g++) {
            out.u64(Field.GC_THRESHOLD0.id() + g, s.threshold(g));
        }
        for (int g = 0; g < 3; g++) {
            out.u64(Field.GC_COLLECTIONS0.id() + g, s.collections(g));
        }
        for (int g = 0; g < 3; g++) {
            out.u64(Field.GC_COLLECTED0.id() + g, s.collected(g));
        }
        for (int g = 0; g < 3; g++) {
            out.u64(Field.GC_UNCOLLECTABLE0.id() + g, s.uncollectable(g));
        }
        return out.u64(Field.GC_IS_ENABLED, s.isEnabled() ? 1 : 0)
                .u64(Field.GC_FREEZE_COUNT, s.freezeCount())
                .u64(Field.GC_DROPPED_EVENTS, s.droppedEvents())
                .finish();
    }

    /** A gc_event (kind 9): fields 320–324. */
    public ByteBuffer gcEvent(ProcessIdentity p, long seq, double stamp, GcEvent e) {
        return out.begin(Kind.GC_EVENT, p.pid(), seq, stamp)
                .f64(Field.GC_EVENT_START_STAMP, e.startStamp())
                .f64(Field.GC_EVENT_DURATION, e.duration())
                .u64(Field.GC_EVENT_GENERATION, e.generation())
                .u64(Field.GC_EVENT_COLLECTED, e.collected())
                .u64(Field.GC_EVENT_UNCOLLECTABLE, e.uncollectable())
                .finish();
    }

    private void identity(ProcessIdentity p) {
        out.text(Field.MOD_WSGI_VERSION, p.modWsgiVersion())
                .text(Field.PYTHON_VERSION, p.pythonVersion())
                .text(Field.APACHE_VERSION, p.apacheVersion())
                .text(Field.MPM_NAME, p.mpmName())
                .text(Field.HOSTNAME, p.hostname())
                .text(Field.PROCESS_GROUP, p.processGroup())
                .u64(Field.PROCESS_PARENT_PID, p.processParentPid());
    }
}
