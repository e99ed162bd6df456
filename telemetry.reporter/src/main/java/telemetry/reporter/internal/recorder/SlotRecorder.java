package telemetry.reporter.internal.recorder;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * lock and allocates nothing, except the first use of a slot (and of a slot by a thread) and the
 * record of a slow request.</li>
 * <li>{@link #swapInterval} is the only reader operation that drains; readers are serialised by an
 * internal lock that request threads never take. Every request whose {@code end} returned before
 * the swap is in the sample; every later one is in a later sample: counts, status classes and
 * histogram totals are exact.</li>
 * <li>Nothing shared is written per request while slow requests are not tracked: the in-flight
 * count is the number of claimed slots, counted by the reader ({@link #inFlight()}). While they are
 * tracked, a slow record needs the in-flight count at its start, which only a shared counter can
 * give at that moment: one atomic increment in {@code begin} and one decrement in {@code end}
 * ({@link #trackedInFlight}), the cheapest exact answer.</li>
 * <li>No CPU clock is read per request: array 112 comes from the worker threads' CPU clocks, read
 * by the reader once per interval ({@link WorkerCpu}); a slow record's CPU is what the caller passes
 * to {@code end}. Slow-request tracking is {@link SlowRequests}.</li>
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

    private final AtomicReferenceArray<RecordingSlot> slots = new AtomicReferenceArray<>(WireFormat.MAX_SLOTS);
    private volatile RecordingSlot[] overflow = new RecordingSlot[0];
    private final Object overflowGrowth = new Object();
    private final ThreadLocal<int[]> slotHint = ThreadLocal.withInitial(() -> new int[1]);
    /**
     * Requests in flight that began while slow requests were tracked (each slot remembers whether
     * its request is in it). Right after tracking is turned on it undercounts by the requests that
     * were already running, until they end.
     */
    private final AtomicLong trackedInFlight = new AtomicLong();

    private final ReentrantLock readerLock = new ReentrantLock();
    private final WorkerCpu workerCpu = new WorkerCpu();
    final SlowRequests slowRequests;

    private volatile int slotLimit;
    private volatile boolean recording;
    /** {@code nanoTime} of the last swap: where the current interval began. */
    volatile long intervalStartNanos;

    /**
     * @param pid process id, for generated slow-record ids
     * @param slotLimit worker slots reported, 1–1024
     */
    public SlotRecorder(long pid, int slotLimit) {
        this.slowRequests = new SlowRequests(pid);
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
        slowRequests.configure(thresholdNanos, withUserAgent);
    }

    @Override
    public long slowThresholdNanos() {
        return slowRequests.thresholdNanos;
    }

    /** Whether completed slow records are queued for a consumer; off, nothing is kept. */
    public void setSlowConsumer(boolean on) {
        slowRequests.setConsumer(on);
    }

    @Override
    public RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details) {
        RecordingSlot slot = claimSlot();
        // Only a slow record uses the in-flight count at the start.
        long active = slowRequests.thresholdNanos >= 0 ? trackedInFlight.incrementAndGet() : RecordingSlot.UNTRACKED;
        slot.start(serverStartNanos, applicationStartNanos, details, active);
        return slot;
    }

    private RecordingSlot claimSlot() {
        int limit = slotLimit;
        int[] hint = slotHint.get();
        int held = hint[0];
        int i = held < limit ? held : 0;
        for (int tried = 0; tried < limit; tried++) {
            RecordingSlot slot = slots.get(i);
            if (slot == null) {
                RecordingSlot made = new RecordingSlot(this, i);
                slot = slots.compareAndSet(i, null, made) ? made : slots.get(i);
            }
            if (slot.tryClaim()) {
                Thread current = Thread.currentThread();
                if (slot.owner != current) {
                    moveOwner(current, slot, held);
                }
                hint[0] = i;
                return slot;
            }
            i = i + 1 == limit ? 0 : i + 1;
        }
        return claimOverflow();
    }

    /** The thread serves in {@code slot} from now on; the slot it held before no longer names it. */
    private void moveOwner(Thread thread, RecordingSlot slot, int heldBefore) {
        slot.owner = thread;
        workerCpu.serving(thread, slot.index);
        RecordingSlot before = heldBefore < WireFormat.MAX_SLOTS ? slots.get(heldBefore) : null;
        if (before != null && before != slot && before.owner == thread) {
            before.owner = null;
        }
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
                    RecordingSlot[] grown = Arrays.copyOf(spare, spare.length + 1);
                    RecordingSlot made = new RecordingSlot(this, -1);
                    made.tryClaim();
                    grown[spare.length] = made;
                    overflow = grown;
                    return made;
                }
            }
        }
    }

    /**
     * Called by a slot at the end of its request, before it is released.
     *
     * @param tracked whether the request was counted in {@link #trackedInFlight} at its start
     * @return the requests still in flight, this one no longer included
     */
    long requestEnded(boolean tracked) {
        return tracked ? trackedInFlight.decrementAndGet() : Math.max(0, inFlight() - 1);
    }

    /** Requests in flight now: the claimed slots, counted here so that requests never share a counter. */
    public long inFlight() {
        long n = 0;
        for (int i = 0; i < WireFormat.MAX_SLOTS; i++) {
            RecordingSlot slot = slots.get(i);
            if (slot != null && slot.isClaimed()) {
                n++;
            }
        }
        for (RecordingSlot slot : overflow) {
            if (slot.isClaimed()) {
                n++;
            }
        }
        return n;
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
     * included in busy time; per-slot CPU from the worker threads' clocks. Allocates one iterator.
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
            workerCpu.addTo(into.slotCpu, limit);
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
        return slowRequests.poll(out, max);
    }

    /** Completed slow records waiting. */
    public int pendingCompletedSlow() {
        return slowRequests.pending();
    }

    /** Slow records left out since this recorder was made: queue full or per-tick cap. */
    public long slowLeftOut() {
        return slowRequests.leftOut();
    }

    /** Counts {@code n} slow records the reporter could not send this tick. */
    public void leaveOutSlow(long n) {
        slowRequests.leaveOut(n);
    }

    /**
     * Adds a heartbeat record for every request running past the threshold at {@code nowNanos}, up to
     * {@code max} of them; answers how many more there were (left out).
     */
    public int collectRunningSlow(long nowNanos, double nowEpochSeconds, List<SlowRequestRecord> out, int max) {
        if (slowRequests.thresholdNanos < 0) {
            return 0;
        }
        int leftOut = 0;
        for (int i = 0; i < WireFormat.MAX_SLOTS; i++) {
            RecordingSlot slot = slots.get(i);
            if (slot != null) {
                leftOut += slowRequests.heartbeat(slot, nowNanos, nowEpochSeconds, out, max);
            }
        }
        for (RecordingSlot slot : overflow) {
            leftOut += slowRequests.heartbeat(slot, nowNanos, nowEpochSeconds, out, max);
        }
        return leftOut;
    }
}
