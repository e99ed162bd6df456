package telemetry.reporter.internal.reporting;

import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import telemetry.reporter.internal.config.ReporterSettings;
import telemetry.reporter.internal.gc.GcPauses;
import telemetry.reporter.internal.recorder.IntervalSample;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.recorder.SlowRequestRecord;
import telemetry.reporter.internal.transport.UnixDatagramTransport;
import telemetry.reporter.internal.transport.UnixDatagramTransport.SendOutcome;

/**
 * The reporter thread: PROCESS_STARTED, then per interval one sample, the slow-request records, one
 * gc_snapshot and the gc_events of the pauses since the last tick; then on {@link #stop}
 * PROCESS_STOPPING, a final partial tick, a wait for in-flight requests and PROCESS_STOPPED.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>One thread per reporter, started by {@link #start()}; only it swaps the recorder's intervals,
 * reads {@code /proc}, encodes and sends. Other threads only call {@link #reconfigure},
 * {@link #stop} and the status getters.</li>
 * <li>Ticks follow a fixed schedule (deadline += interval, no drift) whose phase is random: the
 * first tick comes after 0.5 to 1.5 intervals, so processes started together do not tick
 * together. A tick that comes late (pause, overload) moves to the next deadline of the schedule;
 * the sample still covers exactly the time since the previous one.</li>
 * <li>{@link #reconfigure} takes effect at the next loop turn (the thread is woken): a new
 * interval sets the next deadline to at most one new interval after the last tick; the recorder is
 * never reset, so no count is lost and no STOPPED/STARTED pair is sent.</li>
 * <li>Sends never block: a full receiver is retried for at most a few milliseconds per tick, then
 * datagrams are dropped and counted by the transport.</li>
 * <li>GC notification listeners ({@link GcPauses}) are added when the thread starts and removed
 * when it ends, and again by {@link #stop} after the join, so no listener outlives the reporter even
 * when the thread does not end in time.</li>
 * </ol>
 */
public final class TelemetryReporter {

    /** Slow records sent per tick at most; the rest are counted as left out. */
    public static final int SLOW_RECORDS_PER_TICK = 16;

    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final SlotRecorder recorder;
    private final UnixDatagramTransport transport;
    private final AtomicLong sequence;
    private final RecordEncoder encoder;
    /** Opened and closed by the reporter thread. */
    private ProcessProbe probe;

    private final IntervalSample sample;
    private final List<SlowRequestRecord> slowBatch = new ArrayList<>(SLOW_RECORDS_PER_TICK);
    private final Thread thread;
    /** Added by the reporter thread when it starts; {@code null} where the JVM has no GC notifications. */
    private volatile GcPauses gcPauses;

    private volatile TransportListener transportListener = TransportListener.NONE;
    /** Reporter thread only: whether the last datagram was dropped. */
    private boolean dropping;

    private volatile ReporterSettings settings;
    private volatile String stopReason;
    private volatile long samplesSent;
    private volatile long lastTickNanos;
    private volatile String lastFailure;

    private double previousCpuUser;
    private double previousCpuSystem;
    private long lifetimeRequests;

    /**
     * @param settings a valid configuration with a {@code service}
     * @param sequence the per-process datagram counter (shared by every reporter of this process)
     */
    public TelemetryReporter(
            ReporterSettings settings,
            SlotRecorder recorder,
            ReporterIdentity identity,
            AtomicLong sequence,
            UnixDatagramTransport transport)
            throws SocketException {
        if (!settings.reporting()) {
            throw new IllegalArgumentException("a reporter needs a service target");
        }
        this.settings = settings;
        this.recorder = recorder;
        this.transport = transport;
        this.sequence = sequence;
        this.encoder = new RecordEncoder(identity);
        this.sample = recorder.newSample();
        transport.setTarget(settings.service().socketPath());
        this.thread = new Thread(this::run, "telemetry-reporter");
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
    }

    /** Told (on the reporter thread) when datagrams start being dropped and when they get through again. */
    public void setTransportListener(TransportListener listener) {
        transportListener = listener;
    }

    /** Starts the thread; PROCESS_STARTED is its first datagram. */
    public void start() {
        thread.start();
    }

    /** Applies a new valid configuration with a {@code service} from the next loop turn on. */
    public void reconfigure(ReporterSettings next) throws SocketException {
        if (!next.reporting()) {
            throw new IllegalArgumentException("a reporter needs a service target");
        }
        transport.setTarget(next.service().socketPath());
        settings = next;
        LockSupport.unpark(thread);
    }

    /**
     * Stops: STOPPING, final sample, drain wait, STOPPED, all on the reporter thread; waits for it to
     * end for up to the drain timeout plus {@code graceNanos}.
     *
     * @return true when the thread has ended
     */
    public boolean stop(String reason, long graceNanos) {
        if (stopReason == null) {
            stopReason = reason;
        }
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return false;
        }
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(settings.drainTimeoutNanos() + graceNanos) + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeGc();
        }
        return !thread.isAlive();
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    public ReporterSettings settings() {
        return settings;
    }

    /** Samples (kind 2) handed to the transport so far. */
    public long samplesSent() {
        return samplesSent;
    }

    /** The last failure of the reporter itself (not of the transport), or {@code null}. */
    public String lastFailure() {
        return lastFailure;
    }

    private void run() {
        ReporterSettings current = settings;
        long startedNanos = System.nanoTime();
        probe = new ProcessProbe();
        try {
            if (stopReason == null) {
                gcPauses = GcPauses.start();
            }
            send(encoder.started(sequence.incrementAndGet(), epochSeconds(), current.processGroup()), true);
            probe.read();
            previousCpuUser = probe.cpuUserSeconds();
            previousCpuSystem = probe.cpuSystemSeconds();
            long interval = current.service().intervalNanos();
            long lastTick = startedNanos;
            long deadline =
                    startedNanos + interval / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, interval));
            while (stopReason == null) {
                ReporterSettings s = settings;
                if (s != current) {
                    long next = s.service().intervalNanos();
                    if (next != interval) {
                        interval = next;
                        deadline = Math.min(deadline, lastTick + interval);
                    }
                    current = s;
                }
                long now = System.nanoTime();
                if (now - deadline < 0) {
                    LockSupport.parkNanos(this, deadline - now);
                    continue;
                }
                tick(now, current);
                lastTick = now;
                deadline += interval;
                if (deadline - now <= 0) {
                    deadline += ((now - deadline) / interval + 1) * interval;
                }
            }
        } catch (RuntimeException | Error e) {
            lastFailure = "reporter thread failed: " + e;
        } finally {
            shutdown(stopReason == null ? ShutdownReason.COMPONENT_DEACTIVATED : stopReason, startedNanos);
        }
    }

    private void shutdown(String reason, long startedNanos) {
        try {
            ReporterSettings s = settings;
            String group = s.processGroup();
            send(
                    encoder.stopping(sequence.incrementAndGet(), epochSeconds(), group, reason, recorder.inFlight()),
                    true);
            long completedAtFinalSample =
                    recorder.lifetimeCompleted(); // read first: a request ending now is not missed
            tick(System.nanoTime(), s);
            long drainDeadline = System.nanoTime() + s.drainTimeoutNanos();
            long remaining;
            while (recorder.inFlight() > 0 && (remaining = drainDeadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, Math.min(remaining, DRAIN_POLL_NANOS));
            }
            long atExit = recorder.inFlight();
            if (recorder.lifetimeCompleted() != completedAtFinalSample) {
                tick(System.nanoTime(), s); // requests that finished while draining are counted too
            }
            double uptime = (System.nanoTime() - startedNanos) / 1e9;
            send(
                    encoder.stopped(
                            sequence.incrementAndGet(),
                            epochSeconds(),
                            group,
                            reason,
                            uptime,
                            lifetimeRequests,
                            atExit,
                            atExit == 0),
                    true);
        } catch (RuntimeException e) {
            lastFailure = "stopping failed: " + e;
        } finally {
            closeGc();
            probe.close();
            transport.close();
        }
    }

    private void closeGc() {
        GcPauses g = gcPauses;
        if (g != null) {
            g.close();
        }
    }

    /** One sample, the slow records due, the gc snapshot and the pauses since the last tick; never throws. */
    private void tick(long now, ReporterSettings s) {
        try {
            recorder.swapInterval(sample, now);
            probe.read();
            double period = (sample.endNanos() - sample.startNanos()) / 1e9;
            double cpuUser = probe.cpuUserSeconds();
            double cpuSystem = probe.cpuSystemSeconds();
            RecordEncoder.SampleContext context = new RecordEncoder.SampleContext(
                    period,
                    s.service().intervalSeconds(),
                    s.slowRequests() ? s.slowRequestsSeconds() : 0.0,
                    period > 0 ? Math.max(0, cpuUser - previousCpuUser) / period : 0.0,
                    period > 0 ? Math.max(0, cpuSystem - previousCpuSystem) / period : 0.0,
                    probe.rssBytes(),
                    probe.maxRssBytes());
            previousCpuUser = cpuUser;
            previousCpuSystem = cpuSystem;
            double stamp = epochSeconds();
            lifetimeRequests += sample.requestCount();
            boolean full =
                    send(encoder.sample(sequence.incrementAndGet(), stamp, s.processGroup(), sample, context), true)
                            == SendOutcome.FULL;
            samplesSent++;
            lastTickNanos = now;
            if (s.slowRequests()) {
                full = sendSlow(now, stamp, full);
            }
            GcPauses gc = gcPauses;
            if (gc != null) {
                sendGc(gc, stamp, full);
            }
        } catch (RuntimeException e) {
            lastFailure = "tick failed: " + e;
        }
    }

    /** Completed records first (they are sent once), then heartbeats of running ones, capped. */
    private boolean sendSlow(long now, double stamp, boolean full) {
        slowBatch.clear();
        recorder.pollCompletedSlow(slowBatch, SLOW_RECORDS_PER_TICK);
        int leftOut = recorder.collectRunningSlow(now, stamp, slowBatch, SLOW_RECORDS_PER_TICK);
        recorder.leaveOutSlow(leftOut);
        for (SlowRequestRecord r : slowBatch) {
            full |= send(encoder.slow(sequence.incrementAndGet(), stamp, r), !full) == SendOutcome.FULL;
        }
        slowBatch.clear();
        return full;
    }

    /** One gc_snapshot, then one gc_event per pause since the last tick (at most {@link GcPauses#EVENTS_PER_TICK}). */
    private boolean sendGc(GcPauses gc, double stamp, boolean full) {
        int events = gc.takeTick();
        full |= send(encoder.gcSnapshot(sequence.incrementAndGet(), stamp, gc), !full) == SendOutcome.FULL;
        for (int i = 0; i < events; i++) {
            full |= send(encoder.gcEvent(sequence.incrementAndGet(), stamp, gc.event(i)), !full) == SendOutcome.FULL;
        }
        return full;
    }

    private SendOutcome send(ByteBuffer datagram, boolean retryWhenFull) {
        SendOutcome outcome = transport.send(datagram, retryWhenFull);
        boolean dropped = outcome != SendOutcome.SENT;
        if (dropped != dropping) {
            dropping = dropped;
            try {
                if (dropped) {
                    transportListener.dropping(transport.lastError());
                } else {
                    transportListener.recovered(transport.targetPath());
                }
            } catch (RuntimeException e) {
                lastFailure = "transport listener failed: " + e;
            }
        }
        return outcome;
    }

    /** Hears about transitions only, not about every datagram. */
    public interface TransportListener {
        TransportListener NONE = new TransportListener() {
            @Override
            public void dropping(String error) {}

            @Override
            public void recovered(String socketPath) {}
        };

        /** Datagrams are being dropped from now on; {@code error} is the first reason. */
        void dropping(String error);

        /** Datagrams reach {@code socketPath} again. */
        void recovered(String socketPath);
    }

    private static double epochSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }
}
