package telemetry.reporter.internal.recorder;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.wire.WireFormat;

/**
 * Records requests into per-worker-slot accumulators and hands out interval samples, the way
 * HdrHistogram's {@code Recorder} hands out interval histograms, with one phaser per slot.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>{@link #begin} claims a free slot with one CAS, starting at the slot the calling thread used
 * last, so a thread pool settles on one slot per thread and request threads do not touch each
 * other's slots. With every configured slot busy the request takes an overflow slot (made on
 * first need, kept for reuse): it is counted exactly but has no entry in the per-slot arrays.</li>
 * <li>The hot path ({@code begin}, {@code inputRead}, {@code outputWritten}, {@code end}) takes no
 * lock and allocates nothing, except the first use of a slot and the record of a slow request.</li>
 * <li>{@link #swapInterval} is the only reader operation that drains; readers are serialised by an
 * internal lock that request threads never take. Every request whose {@code end} returned before
 * the swap is in the sample; every later one is in a later sample: counts, status classes and
 * histogram totals are exact.</li>
 * <li>The in-flight count is a {@link LongAdder}: striped, so concurrent requests do not
 * contend on one cache line.</li>
 * </ol>
 *
 * <pre>{@code
 * SlotRecorder recorder = new SlotRecorder(pid, 200);
 * IntervalSample sample = recorder.newSample();
 * // request thread:   RequestRecording r = recorder.begin(t0, t1, details); ... r.end(200, false, t2, cpu);
 * // reporter thread:  recorder.swapInterval(sample, System.nanoTime()); encode(sample);
 * }</pre>
 */
public final class SlotRecorder implements RequestRecorder {

    /** Completed slow records waiting for the reporter beyond this are left out (and counted). */
    static final int MAX_PENDING_SLOW = 256;

    private final long pid;
    private final AtomicReferenceArray<RecordingSlot> slots = new AtomicReferenceArray<>(WireFormat.MAX_SLOTS);
    private volatile RecordingSlot[] overflow = new RecordingSlot[0];
    private final Object overflowGrowth = new Object();
    private final ThreadLocal<int[]> slotHint = ThreadLocal.withInitial(() -> new int[1]);
    private final LongAdder inFlight = new LongAdder();
    private final ReentrantLock readerLock = new ReentrantLock();
    private final AtomicLong logIds = new AtomicLong();

    private volatile int slotLimit;
    private volatile boolean recording;
    volatile long slowThresholdNanos = -1;
    private volatile boolean captureUserAgent;
    /** {@code nanoTime} of the last swap: where the current interval began. */
    volatile long intervalStartNanos;

    private volatile boolean slowConsumer;
    private final Queue<SlowRequestRecord> completedSlow = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingSlow = new AtomicInteger();
    private final AtomicLong slowLeftOut = new AtomicLong();

    /**
     * @param pid process id, for generated slow-record ids
     * @param slotLimit worker slots reported, 1–1024
     */
    public SlotRecorder(long pid, int slotLimit) {
        this.pid = pid;
        setSlotLimit(slotLimit);
        this.intervalStartNanos = System.nanoTime();
    }

    @Override
    public boolean isRecording() {
        return recording;
    }

    /** Turns recording on while anything consumes it (external reporter or in-process accessor). */
    public void setRecording(boolean on) {
        recording = on;
    }

    /** Worker slots reported from now on; requests in slots beyond it finish normally. */
    public void setSlotLimit(int limit) {
        if (limit < 1 || limit > WireFormat.MAX_SLOTS) {
            throw new IllegalArgumentException("slot count " + limit + " is outside 1.." + WireFormat.MAX_SLOTS);
        }
        slotLimit = limit;
    }

    public int slotLimit() {
        return slotLimit;
    }

    /**
     * Sets slow-request tracking.
     *
     * @param thresholdNanos requests at least this long make a slow record; -1 turns it off
     * @param withUserAgent whether slow records carry the User-Agent
     */
    public void setSlowRequests(long thresholdNanos, boolean withUserAgent) {
        captureUserAgent = withUserAgent;
        slowThresholdNanos = thresholdNanos;
    }

    public long slowThresholdNanos() {
        return slowThresholdNanos;
    }

    /** Whether completed slow records are queued for a consumer; off, nothing is kept. */
    public void setSlowConsumer(boolean on) {
        slowConsumer = on;
        if (!on) {
            completedSlow.clear();
            pendingSlow.set(0);
        }
    }

    @Override
    public RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details) {
        RecordingSlot slot = claimSlot();
        inFlight.increment();
        slot.start(serverStartNanos, applicationStartNanos, details, inFlight.sum());
        return slot;
    }

    private RecordingSlot claimSlot() {
        int limit = slotLimit;
        int[] hint = slotHint.get();
        int i = hint[0] < limit ? hint[0] : 0;
        for (int tried = 0; tried < limit; tried++) {
            RecordingSlot slot = slots.get(i);
            if (slot == null) {
                RecordingSlot made = new RecordingSlot(this, i);
                slot = slots.compareAndSet(i, null, made) ? made : slots.get(i);
            }
            if (slot.tryClaim()) {
                hint[0] = i;
                return slot;
            }
            i = i + 1 == limit ? 0 : i + 1;
        }
        return claimOverflow();
    }

    private RecordingSlot claimOverflow() {
        while (true) {
            RecordingSlot[] spare = overflow;
            for (RecordingSlot slot : spare) {
                if (slot.tryClaim()) {
                    return slot;
                }
            }
            synchronized (overflowGrowth) {
                if (overflow == spare) {
                    RecordingSlot[] grown = java.util.Arrays.copyOf(spare, spare.length + 1);
                    RecordingSlot made = new RecordingSlot(this, -1);
                    made.tryClaim();
                    grown[spare.length] = made;
                    overflow = grown;
                    return made;
                }
            }
        }
    }

    void requestEnded() {
        inFlight.decrement();
    }

    /** Requests in flight now. */
    public long inFlight() {
        return inFlight.sum();
    }

    /** Requests completed since this recorder was made (never drains). */
    public long lifetimeCompleted() {
        long n = 0;
        for (int i = 0; i < WireFormat.MAX_SLOTS; i++) {
            RecordingSlot slot = slots.get(i);
            if (slot != null) {
                n += slot.lifetimeCompleted();
            }
        }
        for (RecordingSlot slot : overflow) {
            n += slot.lifetimeCompleted();
        }
        return n;
    }

    /** Total seconds of the requests completed since this recorder was made (never drains). */
    public double lifetimeRequestSeconds() {
        long n = 0;
        for (int i = 0; i < WireFormat.MAX_SLOTS; i++) {
            RecordingSlot slot = slots.get(i);
            if (slot != null) {
                n += slot.lifetimeRequestNanos();
            }
        }
        for (RecordingSlot slot : overflow) {
            n += slot.lifetimeRequestNanos();
        }
        return n / 1e9;
    }

    /** Slots used at least once among the reported ones. */
    public int threadsStarted() {
        int limit = slotLimit;
        int n = 0;
        for (int i = 0; i < limit; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** A sample to pass to {@link #swapInterval}; make one per reader and reuse it. */
    public IntervalSample newSample() {
        return new IntervalSample();
    }

    /**
     * Ends the current interval at {@code nowNanos} and writes it into {@code into}: totals over
     * every slot, per-slot arrays for the reported ones, in-flight time up to {@code nowNanos}
     * included in busy time. Allocates nothing.
     */
    public void swapInterval(IntervalSample into, long nowNanos) {
        readerLock.lock();
        try {
            long start = intervalStartNanos;
            intervalStartNanos = nowNanos;
            int limit = slotLimit;
            into.reset(limit, start, nowNanos);
            for (int i = 0; i < WireFormat.MAX_SLOTS; i++) {
                RecordingSlot slot = slots.get(i);
                if (slot != null) {
                    if (i < limit) {
                        into.threadsStarted++;
                    }
                    drain(slot, i < limit ? i : -1, into, start, nowNanos);
                }
            }
            for (RecordingSlot slot : overflow) {
                drain(slot, -1, into, start, nowNanos);
            }
        } finally {
            readerLock.unlock();
        }
    }

    private static void drain(RecordingSlot slot, int index, IntervalSample into, long start, long now) {
        SlotAccumulator a = slot.swap();
        long since = slot.busySince;
        long tail = 0;
        long elapsed = -1;
        if (since != RecordingSlot.IDLE) {
            tail = Math.max(0, now - Math.max(since, start));
            elapsed = Math.max(0, now - since);
        }
        into.add(a, index, tail, elapsed);
        a.clear();
    }

    /** Moves up to {@code max} completed slow records into {@code out}; answers how many. */
    public int pollCompletedSlow(List<SlowRequestRecord> out, int max) {
        int n = 0;
        SlowRequestRecord r;
        while (n < max && (r = completedSlow.poll()) != null) {
            pendingSlow.decrementAndGet();
            out.add(r);
            n++;
        }
        return n;
    }

    /** Completed slow records waiting. */
    public int pendingCompletedSlow() {
        return pendingSlow.get();
    }

    /** Slow records left out since this recorder was made: queue full or per-tick cap. */
    public long slowLeftOut() {
        return slowLeftOut.get();
    }

    /** Counts {@code n} slow records the reporter could not send this tick. */
    public void leaveOutSlow(long n) {
        if (n > 0) {
            slowLeftOut.addAndGet(n);
        }
    }

    /**
     * Adds a heartbeat record for every request running past the threshold at {@code nowNanos}, up to
     * {@code max} of them; answers how many more there were (left out).
     */
    public int collectRunningSlow(long nowNanos, double nowEpochSeconds, List<SlowRequestRecord> out, int max) {
        long threshold = slowThresholdNanos;
        if (threshold < 0) {
            return 0;
        }
        int leftOut = 0;
        for (int i = 0; i < WireFormat.MAX_SLOTS; i++) {
            RecordingSlot slot = slots.get(i);
            if (slot != null) {
                leftOut += running(slot, nowNanos, nowEpochSeconds, threshold, out, max);
            }
        }
        for (RecordingSlot slot : overflow) {
            leftOut += running(slot, nowNanos, nowEpochSeconds, threshold, out, max);
        }
        return leftOut;
    }

    private int running(RecordingSlot slot, long now, double nowEpoch, long threshold, List<SlowRequestRecord> out,
            int max) {
        long serial = slot.serial;
        long since = slot.busySince;
        if (since == RecordingSlot.IDLE || now - since < threshold) {
            return 0;
        }
        if (out.size() >= max) {
            return 1;
        }
        SlowRequestRecord r;
        try {
            long appStart = slot.applicationStart;
            RequestDetails d = slot.details;
            double elapsed = (now - since) * 1e-9;
            String logId = logIdOf(slot, d);
            r = new SlowRequestRecord(false, nowEpoch - elapsed, elapsed, slot.index >= 0 ? slot.number : 0, logId,
                    (appStart - since) * 1e-9, Math.max(0, now - appStart) * 1e-9, 0, 0, 0, 0, 0.0, 0.0, 0, 0.0,
                    slot.activeAtStart, 0,
                    d == null ? null : d.method(), d == null ? null : d.scheme(), d == null ? null : d.host(),
                    d == null ? null : d.contextPath(), d == null ? null : d.path(), d == null ? null : d.protocol(),
                    d == null ? null : d.peerAddress(), d != null && captureUserAgent ? d.userAgent() : null);
        } catch (RuntimeException concurrentRead) {
            return 0; // the details changed under us: the request ended; no heartbeat needed
        }
        if (slot.serial == serial && slot.busySince == since) {
            out.add(r);
        }
        return 0;
    }

    /** Called by a slot's {@code end} on the request thread when the request was slow. */
    void completedSlow(RecordingSlot slot, long serverStart, long endNanos, long serverTime, long applicationTime,
            int status, int statusClass, long cpuNanos) {
        if (!slowConsumer) {
            return;
        }
        if (pendingSlow.incrementAndGet() > MAX_PENDING_SLOW) {
            pendingSlow.decrementAndGet();
            slowLeftOut.incrementAndGet();
            return;
        }
        try {
            RequestDetails d = slot.details;
            double duration = (endNanos - serverStart) * 1e-9;
            double endEpoch = System.currentTimeMillis() / 1000.0 - Math.max(0, System.nanoTime() - endNanos) * 1e-9;
            completedSlow.add(new SlowRequestRecord(true, endEpoch - duration, duration,
                    slot.index >= 0 ? slot.number : 0, logIdOf(slot, d), serverTime * 1e-9, applicationTime * 1e-9,
                    slot.inputBytes(), slot.inputReads(), slot.outputBytes(), slot.outputWrites(),
                    slot.inputNanos() * 1e-9, slot.outputNanos() * 1e-9,
                    statusClass == 4 && (status < 500 || status > 599) ? 500 : status,
                    cpuNanos > 0 ? cpuNanos * 1e-9 : 0.0, slot.activeAtStart, Math.max(0, inFlight.sum() - 1),
                    d == null ? null : d.method(), d == null ? null : d.scheme(), d == null ? null : d.host(),
                    d == null ? null : d.contextPath(), d == null ? null : d.path(), d == null ? null : d.protocol(),
                    d == null ? null : d.peerAddress(), d != null && captureUserAgent ? d.userAgent() : null));
        } catch (RuntimeException e) {
            // Observers never fail the observed: a failing RequestDetails costs only this record.
            pendingSlow.decrementAndGet();
            slowLeftOut.incrementAndGet();
        }
    }

    private String logIdOf(RecordingSlot slot, RequestDetails d) {
        String given = d == null ? null : d.requestId();
        return given != null && !given.isEmpty() ? given : slot.logId(this);
    }

    /** A new id unique within the process, e.g. {@code 4242-000017}. */
    String nextLogId() {
        String n = Long.toString(logIds.incrementAndGet());
        return n.length() >= 6 ? pid + "-" + n : pid + "-" + "000000".substring(n.length()) + n;
    }
}
