package telemetry.reporter.internal.reporting;

import java.nio.ByteBuffer;
import telemetry.reporter.internal.recorder.IntervalSample;
import telemetry.reporter.internal.recorder.SlowRequestRecord;
import telemetry.wire.GcEvent;
import telemetry.wire.GcSnapshot;
import telemetry.wire.PeriodicSample;
import telemetry.wire.Phase;
import telemetry.wire.ProcessIdentity;
import telemetry.wire.RecordWriter;
import telemetry.wire.SlowRequest;
import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * The records our reporter sends, written by the one {@link RecordWriter} (which owns the field
 * order) into one reused direct buffer. This class only presents the reporter's figures through the
 * writer's value interfaces: reused views, so nothing is allocated per record.
 *
 * <p>Not thread-safe: the reporter thread's own.
 */
public final class RecordEncoder {

    private final RecordWriter writer =
            new RecordWriter(new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM)));
    private final Identity process;
    private final Sample sample = new Sample();
    private final Slow slow = new Slow();

    public RecordEncoder(ReporterIdentity identity) {
        this.process = new Identity(identity);
    }

    /** PROCESS_STARTED: identity 1–7. */
    public ByteBuffer started(long seq, double stamp, String processGroup) {
        return writer.started(process.in(processGroup), seq, stamp);
    }

    /** PROCESS_STOPPING: 5, 6, 130, 133. */
    public ByteBuffer stopping(long seq, double stamp, String processGroup, String reason, long activeAtDecision) {
        return writer.stopping(process.in(processGroup), seq, stamp, reason, activeAtDecision);
    }

    /** PROCESS_STOPPED: 5, 6, 130–132, 134, 135. */
    public ByteBuffer stopped(
            long seq,
            double stamp,
            String processGroup,
            String reason,
            double uptime,
            long lifetimeRequests,
            long activeAtExit,
            boolean gracefulDrain) {
        return writer.stopped(
                process.in(processGroup), seq, stamp, reason, uptime, lifetimeRequests, activeAtExit, gracefulDrain);
    }

    /** The periodic sample (kind 2), in the documented emission order. */
    public ByteBuffer sample(long seq, double stamp, String processGroup, IntervalSample s, SampleContext c) {
        sample.s = s;
        sample.c = c;
        return writer.periodic(process.in(processGroup), seq, stamp, sample);
    }

    /**
     * A slow-request record (kind 4). Per-request CPU is one total (user + system) in field 250;
     * field 251 is not sent (see the README).
     */
    public ByteBuffer slow(long seq, double stamp, SlowRequestRecord r) {
        slow.r = r;
        return writer.slow(process, seq, stamp, slow);
    }

    /** A gc_snapshot (kind 8). */
    public ByteBuffer gcSnapshot(long seq, double stamp, GcSnapshot s) {
        return writer.gcSnapshot(process, seq, stamp, s);
    }

    /** A gc_event (kind 9): one pause. */
    public ByteBuffer gcEvent(long seq, double stamp, GcEvent e) {
        return writer.gcEvent(process, seq, stamp, e);
    }

    /**
     * What a sample needs beyond the recorder's figures.
     *
     * @param periodSeconds measured seconds since the previous sample
     * @param cpuUser process user CPU seconds per second over the period
     */
    public record SampleContext(
            double periodSeconds,
            double intervalSeconds,
            double slowThresholdSeconds,
            double cpuUser,
            double cpuSystem,
            long rssBytes,
            long maxRssBytes) {}

    /** The reporter's identity with the group of the configuration in force. */
    private static final class Identity implements ProcessIdentity {
        private final ReporterIdentity id;
        private String group;

        Identity(ReporterIdentity id) {
            this.id = id;
        }

        Identity in(String processGroup) {
            group = processGroup;
            return this;
        }

        @Override
        public long pid() {
            return id.pid();
        }

        @Override
        public String modWsgiVersion() {
            return id.reporterVersion();
        }

        @Override
        public String pythonVersion() {
            return id.javaVersion();
        }

        @Override
        public String apacheVersion() {
            return id.framework();
        }

        @Override
        public String mpmName() {
            return id.httpRuntime();
        }

        @Override
        public String hostname() {
            return id.hostname();
        }

        @Override
        public String processGroup() {
            return group;
        }

        @Override
        public long processParentPid() {
            return id.parentPid();
        }
    }

    /** An interval of the recorder and its context as the writer reads a sample. */
    private static final class Sample implements PeriodicSample {
        /** Index of each phase in the recorder's arrays (the order of {@link Phase#REPORTED}), -1 if not reported. */
        private static final int[] INDEX = new int[Phase.values().length];

        static {
            java.util.Arrays.fill(INDEX, -1);
            for (int i = 0; i < Phase.REPORTED.size(); i++) {
                INDEX[Phase.REPORTED.get(i).ordinal()] = i;
            }
        }

        IntervalSample s;
        SampleContext c;

        @Override
        public double samplePeriod() {
            return c.periodSeconds();
        }

        @Override
        public double telemetryInterval() {
            return c.intervalSeconds();
        }

        @Override
        public double slowRequestsThreshold() {
            return c.slowThresholdSeconds();
        }

        @Override
        public long requestCount() {
            return s.requestCount();
        }

        @Override
        public double requestThroughput() {
            double period = c.periodSeconds();
            return period > 0 ? s.requestCount() / period : 0.0;
        }

        @Override
        public double capacityUtilization() {
            double period = c.periodSeconds();
            return period > 0 && s.slotCount() > 0 ? s.busySeconds() / (period * s.slotCount()) : 0.0;
        }

        @Override
        public double cpuUserUtilization() {
            return c.cpuUser();
        }

        @Override
        public double cpuSystemUtilization() {
            return c.cpuSystem();
        }

        @Override
        public long memoryRss() {
            return c.rssBytes();
        }

        @Override
        public long memoryMaxRss() {
            return c.maxRssBytes();
        }

        @Override
        public long requestThreadsMaximum() {
            return s.slotCount();
        }

        @Override
        public long requestThreadsStarted() {
            return s.threadsStarted();
        }

        @Override
        public long requestThreadsActive() {
            return s.threadsActive();
        }

        @Override
        public double mean(Phase phase) {
            return s.phaseMean(INDEX[phase.ordinal()]);
        }

        @Override
        public double min(Phase phase) {
            return s.phaseMin(INDEX[phase.ordinal()]);
        }

        @Override
        public double max(Phase phase) {
            return s.phaseMax(INDEX[phase.ordinal()]);
        }

        @Override
        public long[] buckets(Phase phase) {
            return s.phaseBuckets(INDEX[phase.ordinal()]);
        }

        @Override
        public long inputBytesTotal() {
            return s.inputBytes();
        }

        @Override
        public long inputReadsTotal() {
            return s.inputReads();
        }

        @Override
        public long outputBytesTotal() {
            return s.outputBytes();
        }

        @Override
        public long outputWritesTotal() {
            return s.outputWrites();
        }

        @Override
        public long statusTotal(int hundreds) {
            return s.statusClass(hundreds);
        }

        @Override
        public int slots() {
            return s.slotCount();
        }

        @Override
        public int[] requestThreadsCompleted() {
            return s.slotCompleted();
        }

        @Override
        public double[] requestThreadsBusyTime() {
            return s.slotBusy();
        }

        @Override
        public double[] requestThreadsCpuTime() {
            return s.slotCpu();
        }

        @Override
        public double[] requestThreadsCurrentElapsed() {
            return s.slotCurrentElapsed();
        }

        @Override
        public double[] requestThreadsMaxDuration() {
            return s.slotMaxDuration();
        }
    }

    /** A slow-request record of the recorder as the writer reads one; field 251 is left out. */
    private static final class Slow implements SlowRequest {
        SlowRequestRecord r;

        @Override
        public boolean completed() {
            return r.completed();
        }

        @Override
        public double startStamp() {
            return r.startStamp();
        }

        @Override
        public double duration() {
            return r.duration();
        }

        @Override
        public long threadId() {
            return r.slot();
        }

        @Override
        public String logId() {
            return r.logId();
        }

        @Override
        public String method() {
            return r.method();
        }

        @Override
        public String scheme() {
            return r.scheme();
        }

        @Override
        public String hostname() {
            return r.host();
        }

        @Override
        public String scriptName() {
            return r.contextPath();
        }

        @Override
        public String pathInfo() {
            return r.path();
        }

        @Override
        public String protocol() {
            return r.protocol();
        }

        @Override
        public String peerIp() {
            return r.peerAddress();
        }

        @Override
        public String userAgent() {
            return r.userAgent();
        }

        @Override
        public double serverTime() {
            return r.serverTime();
        }

        @Override
        public double applicationTime() {
            return r.applicationTime();
        }

        @Override
        public long inputBytes() {
            return r.inputBytes();
        }

        @Override
        public long inputReads() {
            return r.inputReads();
        }

        @Override
        public long outputBytes() {
            return r.outputBytes();
        }

        @Override
        public long outputWrites() {
            return r.outputWrites();
        }

        @Override
        public double inputReadTime() {
            return r.inputReadTime();
        }

        @Override
        public double outputWriteTime() {
            return r.outputWriteTime();
        }

        @Override
        public long status() {
            return r.status();
        }

        @Override
        public double cpuUserTime() {
            return r.cpuSeconds();
        }

        @Override
        public long activeAtStart() {
            return r.activeAtStart();
        }

        @Override
        public long activeAtCompletion() {
            return r.activeAtCompletion();
        }
    }
}
