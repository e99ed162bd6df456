package telemetry.reporter.internal.runtime;

import java.util.EnumMap;
import java.util.Map;
import telemetry.api.MetricsAccessor;
import telemetry.api.PhaseMetrics;
import telemetry.api.ProcessMetrics;
import telemetry.api.RequestMetrics;
import telemetry.api.RequestPhase;
import telemetry.reporter.internal.recorder.IntervalSample;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.reporting.ProcessProbe;

/**
 * The in-process pull API over the recorder. Answers {@code null} before
 * {@link #startRecordingMetrics()} and while the external reporter is on (it then owns the
 * intervals). Thread-safe: queries are serialised on this object; the external flag is volatile so
 * the runtime can set it without taking this lock.
 */
public final class InProcessMetricsAccessor implements MetricsAccessor, AutoCloseable {

    private final SlotRecorder recorder;
    private final Runnable recordingChanged;
    private final IntervalSample sample;
    private final ProcessProbe probe = new ProcessProbe();
    private final long pid = ProcessHandle.current().pid();

    private volatile boolean started;
    private volatile boolean external;
    private double startEpoch;
    private long completedAtStart;
    private double requestSecondsAtStart;

    /** @param recordingChanged called (without this object's lock) when {@link #started()} turns true */
    public InProcessMetricsAccessor(SlotRecorder recorder, Runnable recordingChanged) {
        this.recorder = recorder;
        this.recordingChanged = recordingChanged;
        this.sample = recorder.newSample();
    }

    /** True once a consumer opted in. */
    public boolean started() {
        return started;
    }

    /** Set while a valid external reporter configuration is in effect. */
    public void setExternal(boolean on) {
        external = on;
    }

    @Override
    public void startRecordingMetrics() {
        synchronized (this) {
            if (started) {
                return;
            }
            startEpoch = System.currentTimeMillis() / 1000.0;
            completedAtStart = recorder.lifetimeCompleted();
            requestSecondsAtStart = recorder.lifetimeRequestSeconds();
            if (!external) {
                recorder.swapInterval(sample, System.nanoTime()); // the first interval starts now
            }
            started = true;
        }
        recordingChanged.run();
    }

    @Override
    public synchronized RequestMetrics requestMetrics() {
        if (!started || external) {
            return null;
        }
        long now = System.nanoTime();
        double nowEpoch = System.currentTimeMillis() / 1000.0;
        recorder.swapInterval(sample, now);
        Map<RequestPhase, PhaseMetrics> phases = new EnumMap<>(RequestPhase.class);
        RequestPhase[] order = RequestPhase.values();
        for (int p = 0; p < order.length; p++) {
            phases.put(
                    order[p],
                    new PhaseMetrics(
                            sample.phaseMean(p), sample.phaseMin(p), sample.phaseMax(p), sample.phaseBuckets(p)));
        }
        long[] classes = new long[5];
        for (int c = 1; c <= 5; c++) {
            classes[c - 1] = sample.statusClass(c);
        }
        return new RequestMetrics(
                nowEpoch - sample.periodSeconds(),
                nowEpoch,
                sample.requestCount(),
                sample.throughput(),
                sample.capacityUtilization(),
                sample.slotCount(),
                sample.threadsStarted(),
                sample.threadsActive(),
                phases,
                classes,
                sample.inputBytes(),
                sample.outputBytes());
    }

    @Override
    public synchronized ProcessMetrics processMetrics() {
        if (!started || external) {
            return null;
        }
        probe.read();
        return new ProcessMetrics(
                pid,
                startEpoch,
                System.currentTimeMillis() / 1000.0,
                recorder.lifetimeCompleted() - completedAtStart,
                recorder.inFlight(),
                recorder.lifetimeRequestSeconds() - requestSecondsAtStart,
                probe.cpuUserSeconds(),
                probe.cpuSystemSeconds(),
                probe.rssBytes(),
                probe.maxRssBytes(),
                recorder.slotLimit(),
                recorder.threadsStarted());
    }

    @Override
    public synchronized void close() {
        probe.close();
    }
}
