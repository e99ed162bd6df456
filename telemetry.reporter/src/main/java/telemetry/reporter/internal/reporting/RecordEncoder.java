package telemetry.reporter.internal.reporting;

import java.nio.ByteBuffer;

import telemetry.reporter.internal.recorder.IntervalSample;
import telemetry.reporter.internal.recorder.SlowRequestRecord;
import telemetry.wire.Field;
import telemetry.wire.Kind;
import telemetry.wire.Phase;
import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * Encodes the records our reporter sends, fields in the documented emission order (the order of
 * the test vectors), into one reused direct buffer. Allocates nothing per record.
 *
 * <p>Not thread-safe: the reporter thread's own.
 */
public final class RecordEncoder {

    private final WireEncoder out = new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM));
    private final ReporterIdentity id;

    public RecordEncoder(ReporterIdentity identity) {
        this.id = identity;
    }

    /** PROCESS_STARTED: identity 1–7. */
    public ByteBuffer started(long seq, double stamp, String processGroup) {
        out.begin(Kind.PROCESS_STARTED, id.pid(), seq, stamp);
        identity(processGroup);
        return out.finish();
    }

    /** PROCESS_STOPPING: 5, 6, 130, 133. */
    public ByteBuffer stopping(long seq, double stamp, String processGroup, String reason, long activeAtDecision) {
        return out.begin(Kind.PROCESS_STOPPING, id.pid(), seq, stamp)
                .text(Field.HOSTNAME, id.hostname())
                .text(Field.PROCESS_GROUP, processGroup)
                .text(Field.SHUTDOWN_REASON, reason)
                .u64(Field.ACTIVE_REQUESTS_AT_DECISION, activeAtDecision)
                .finish();
    }

    /** PROCESS_STOPPED: 5, 6, 130–132, 134, 135. */
    public ByteBuffer stopped(long seq, double stamp, String processGroup, String reason, double uptime,
            long lifetimeRequests, long activeAtExit, boolean gracefulDrain) {
        return out.begin(Kind.PROCESS_STOPPED, id.pid(), seq, stamp)
                .text(Field.HOSTNAME, id.hostname())
                .text(Field.PROCESS_GROUP, processGroup)
                .text(Field.SHUTDOWN_REASON, reason)
                .f64(Field.PROCESS_UPTIME, uptime)
                .u64(Field.LIFETIME_REQUEST_COUNT, lifetimeRequests)
                .u64(Field.ACTIVE_REQUESTS_AT_EXIT, activeAtExit)
                .u64(Field.GRACEFUL_DRAIN, gracefulDrain ? 1 : 0)
                .finish();
    }

    /**
     * The periodic sample (kind 2): identity 1–7, 10–12, 20–22, 30–32, 40–41, 50–52, means, min/max
     * pairs (only when a request completed), histograms, 100–103, 120–124, 110–114.
     */
    public ByteBuffer sample(long seq, double stamp, String processGroup, IntervalSample s, SampleContext c) {
        out.begin(Kind.REQUEST_METRICS, id.pid(), seq, stamp);
        identity(processGroup);
        double period = c.periodSeconds();
        out.f64(Field.SAMPLE_PERIOD, period)
                .f64(Field.TELEMETRY_INTERVAL, c.intervalSeconds())
                .f64(Field.SLOW_REQUESTS_THRESHOLD, c.slowThresholdSeconds())
                .u64(Field.REQUEST_COUNT, s.requestCount())
                .f64(Field.REQUEST_THROUGHPUT, period > 0 ? s.requestCount() / period : 0.0)
                .f64(Field.CAPACITY_UTILIZATION, period > 0 && s.slotCount() > 0
                        ? s.busySeconds() / (period * s.slotCount()) : 0.0)
                .f64(Field.CPU_USER_UTILIZATION, c.cpuUser())
                .f64(Field.CPU_SYSTEM_UTILIZATION, c.cpuSystem())
                .f64(Field.CPU_UTILIZATION, c.cpuUser() + c.cpuSystem())
                .u64(Field.MEMORY_RSS, c.rssBytes())
                .u64(Field.MEMORY_MAX_RSS, c.maxRssBytes())
                .u64(Field.REQUEST_THREADS_MAXIMUM, s.slotCount())
                .u64(Field.REQUEST_THREADS_STARTED, s.threadsStarted())
                .u64(Field.REQUEST_THREADS_ACTIVE, s.threadsActive());
        Phase[] phases = Phase.REPORTED;
        for (int p = 0; p < phases.length; p++) {
            out.f64(phases[p].mean(), s.phaseMean(p));
        }
        if (s.requestCount() > 0) {
            for (int p = 0; p < phases.length; p++) {
                out.f64(phases[p].min(), s.phaseMin(p)).f64(phases[p].max(), s.phaseMax(p));
            }
        }
        for (int p = 0; p < phases.length; p++) {
            long[] buckets = s.phaseBuckets(p);
            out.i32Array(phases[p].buckets(), buckets, buckets.length);
        }
        int slots = s.slotCount();
        return out.u64(Field.INPUT_BYTES_TOTAL, s.inputBytes())
                .u64(Field.INPUT_READS_TOTAL, s.inputReads())
                .u64(Field.OUTPUT_BYTES_TOTAL, s.outputBytes())
                .u64(Field.OUTPUT_WRITES_TOTAL, s.outputWrites())
                .u64(Field.STATUS_1XX_TOTAL, s.statusClass(1))
                .u64(Field.STATUS_2XX_TOTAL, s.statusClass(2))
                .u64(Field.STATUS_3XX_TOTAL, s.statusClass(3))
                .u64(Field.STATUS_4XX_TOTAL, s.statusClass(4))
                .u64(Field.STATUS_5XX_TOTAL, s.statusClass(5))
                .i32Array(Field.REQUEST_THREADS_COMPLETED, s.slotCompleted(), slots)
                .f64Array(Field.REQUEST_THREADS_BUSY_TIME, s.slotBusy(), slots)
                .f64Array(Field.REQUEST_THREADS_CPU_TIME, s.slotCpu(), slots)
                .f64Array(Field.REQUEST_THREADS_CURRENT_ELAPSED, s.slotCurrentElapsed(), slots)
                .f64Array(Field.REQUEST_THREADS_MAX_DURATION, s.slotMaxDuration(), slots)
                .finish();
    }

    /**
     * A slow-request record (kind 4), in the order of the vectors. Per-request CPU is one total
     * (user + system) in field 250; field 251 is not sent (see the README).
     */
    public ByteBuffer slow(long seq, double stamp, SlowRequestRecord r) {
        return out.begin(Kind.SLOW_REQUEST, id.pid(), seq, stamp)
                .u64(Field.SLOW_RECORD_STATE, r.completed() ? 1 : 0)
                .f64(Field.SLOW_START_STAMP, r.startStamp())
                .f64(Field.SLOW_DURATION, r.duration())
                .u64(Field.SLOW_THREAD_ID, r.slot())
                .u64(Field.SLOW_SERVER_PID, id.pid())
                .u64(Field.SLOW_INPUT_BYTES, r.inputBytes())
                .u64(Field.SLOW_INPUT_READS, r.inputReads())
                .u64(Field.SLOW_OUTPUT_BYTES, r.outputBytes())
                .u64(Field.SLOW_OUTPUT_WRITES, r.outputWrites())
                .f64(Field.SLOW_CPU_USER_TIME, r.cpuSeconds())
                .f64(Field.SLOW_SERVER_TIME, r.serverTime())
                .f64(Field.SLOW_QUEUE_TIME, 0.0)
                .f64(Field.SLOW_DAEMON_TIME, 0.0)
                .f64(Field.SLOW_APPLICATION_TIME, r.applicationTime())
                .f64(Field.SLOW_INPUT_READ_TIME, r.inputReadTime())
                .f64(Field.SLOW_OUTPUT_WRITE_TIME, r.outputWriteTime())
                .u64(Field.SLOW_ACTIVE_AT_START, r.activeAtStart())
                .u64(Field.SLOW_ACTIVE_AT_COMPLETION, r.activeAtCompletion())
                .u64(Field.SLOW_STATUS, r.status())
                .text(Field.SLOW_LOG_ID, r.logId())
                .text(Field.SLOW_METHOD, r.method())
                .text(Field.SLOW_SCHEME, r.scheme())
                .text(Field.SLOW_HOSTNAME, r.host())
                .text(Field.SLOW_SCRIPT_NAME, r.contextPath())
                .text(Field.SLOW_PATH_INFO, r.path())
                .text(Field.SLOW_PROTOCOL, r.protocol())
                .text(Field.SLOW_PEER_IP, r.peerAddress())
                .text(Field.SLOW_USER_AGENT, r.userAgent())
                .finish();
    }

    private void identity(String processGroup) {
        out.text(Field.MOD_WSGI_VERSION, id.reporterVersion())
                .text(Field.PYTHON_VERSION, id.javaVersion())
                .text(Field.APACHE_VERSION, id.framework())
                .text(Field.MPM_NAME, id.httpRuntime())
                .text(Field.HOSTNAME, id.hostname())
                .text(Field.PROCESS_GROUP, processGroup)
                .u64(Field.PROCESS_PARENT_PID, id.parentPid());
    }

    /**
     * What a sample needs beyond the recorder's figures.
     *
     * @param periodSeconds measured seconds since the previous sample
     * @param cpuUser process user CPU seconds per second over the period
     */
    public record SampleContext(double periodSeconds, double intervalSeconds, double slowThresholdSeconds,
            double cpuUser, double cpuSystem, long rssBytes, long maxRssBytes) {
    }
}
