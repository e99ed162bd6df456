package telemetry.reporter.internal.recorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecording;

/**
 * One worker slot and the recording of the request that holds it.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>A slot has at most one owner: {@link SlotRecorder#begin} claims it with one CAS, {@link #end}
 * releases it. The owner's calls never overlap (the SPI contract), so the per-request fields are
 * plain; the claim/release pair orders one owner's writes before the next owner's.</li>
 * <li>{@link #end} writes the interval figures inside a {@link WriterReaderPhaser} critical section
 * of this slot only: request threads never contend with each other, and with the reader only
 * during the few nanoseconds of a flip.</li>
 * <li>The reader (reporter thread or accessor) sees an in-flight request through the volatile
 * {@link #busySince}, {@link #serial} and {@link #details}; what it reads may be stale, so it
 * re-checks {@link #serial} and discards what it read if the slot changed hands meanwhile. The
 * owner writes these fields with release stores (plain stores on x86, no fence), in the order
 * serial first, {@link #busySince} last; the reader's volatile reads acquire them.</li>
 * <li>Nothing here allocates or throws on the common path; a misused recording (end twice, end
 * after release) is ignored.</li>
 * </ol>
 */
final class RecordingSlot implements RequestRecording {

    static final long IDLE = Long.MIN_VALUE;
    /** {@link #activeAtStart} of a request that began while slow requests were not tracked. */
    static final long UNTRACKED = -1;

    private static final VarHandle CLAIMED;
    private static final VarHandle LIFETIME_COMPLETED;
    private static final VarHandle LOG_ID;
    private static final VarHandle LIFETIME_REQUEST_NANOS;
    private static final VarHandle SERIAL;
    private static final VarHandle BUSY_SINCE;
    private static final VarHandle APPLICATION_START;
    private static final VarHandle DETAILS;
    private static final VarHandle ACTIVE_AT_START;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLAIMED = l.findVarHandle(RecordingSlot.class, "claimed", int.class);
            LIFETIME_COMPLETED = l.findVarHandle(RecordingSlot.class, "lifetimeCompleted", long.class);
            LOG_ID = l.findVarHandle(RecordingSlot.class, "logId", String.class);
            LIFETIME_REQUEST_NANOS = l.findVarHandle(RecordingSlot.class, "lifetimeRequestNanos", long.class);
            SERIAL = l.findVarHandle(RecordingSlot.class, "serial", long.class);
            BUSY_SINCE = l.findVarHandle(RecordingSlot.class, "busySince", long.class);
            APPLICATION_START = l.findVarHandle(RecordingSlot.class, "applicationStart", long.class);
            DETAILS = l.findVarHandle(RecordingSlot.class, "details", RequestDetails.class);
            ACTIVE_AT_START = l.findVarHandle(RecordingSlot.class, "activeAtStart", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SlotRecorder recorder;
    /** 1-based slot number; 0 for a slot beyond the configured count (overflow). */
    final int number;
    /** Index into the per-slot arrays, or -1 for an overflow slot. */
    final int index;

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile SlotAccumulator active = new SlotAccumulator();
    /** Reader-owned. */
    private SlotAccumulator inactive = new SlotAccumulator();

    @SuppressWarnings("unused") // through CLAIMED
    private volatile int claimed;
    /** Requests this slot has started; the reader's check that a request is still the same. */
    volatile long serial;
    /** {@code nanoTime} at which the server began the current request, or {@link #IDLE}. */
    volatile long busySince = IDLE;

    volatile long applicationStart;
    volatile RequestDetails details;
    /** In-flight requests (this one included) when the current request began, or {@link #UNTRACKED}. */
    volatile long activeAtStart;
    /** The slow-record id of the current request, made when first needed. */
    volatile String logId;
    /** The thread that serves in this slot (see {@link WorkerCpu}), or null. */
    volatile Thread owner;

    private long inputBytes;
    private long inputReads;
    private long inputNanos;
    private long outputBytes;
    private long outputWrites;
    private long outputNanos;

    /** Written by the owner with opaque stores, read by anyone. */
    @SuppressWarnings("unused")
    private long lifetimeCompleted;

    @SuppressWarnings("unused")
    private long lifetimeRequestNanos;

    RecordingSlot(SlotRecorder recorder, int index) {
        this.recorder = recorder;
        this.index = index;
        this.number = index + 1;
    }

    /** Whether a request holds this slot (reader side: a count of these is the in-flight count). */
    boolean isClaimed() {
        return claimed != 0;
    }

    boolean tryClaim() {
        return claimed == 0 && CLAIMED.compareAndSet(this, 0, 1);
    }

    void start(long serverStartNanos, long applicationStartNanos, RequestDetails requestDetails, long inFlightAtStart) {
        SERIAL.setRelease(this, serial + 1);
        inputBytes = 0;
        inputReads = 0;
        inputNanos = 0;
        outputBytes = 0;
        outputWrites = 0;
        outputNanos = 0;
        LOG_ID.setRelease(this, (String) null);
        DETAILS.setRelease(this, requestDetails);
        ACTIVE_AT_START.setRelease(this, inFlightAtStart);
        APPLICATION_START.setRelease(this, applicationStartNanos);
        BUSY_SINCE.setRelease(this, Math.min(serverStartNanos, applicationStartNanos));
    }

    @Override
    public void inputRead(long bytes, long nanos) {
        inputReads++;
        if (bytes > 0) {
            inputBytes += bytes;
        }
        if (nanos > 0) {
            inputNanos += nanos;
        }
    }

    @Override
    public void outputWritten(long bytes, long nanos) {
        outputWrites++;
        if (bytes > 0) {
            outputBytes += bytes;
        }
        if (nanos > 0) {
            outputNanos += nanos;
        }
    }

    @Override
    public void end(int status, boolean failed, long endNanos, long cpuNanos) {
        long serverStart = busySince;
        if (serverStart == IDLE) {
            return; // not begun, or already ended: ignore rather than corrupt the counts
        }
        long appStart = applicationStart;
        long serverTime = appStart - serverStart;
        long applicationTime = Math.max(0, endNanos - appStart);
        long requestTime = serverTime + applicationTime;
        int statusClass = failed || status < 100 || status > 599 ? 4 : status / 100 - 1;
        long critical = phaser.writerEnter();
        try {
            SlotAccumulator a = active;
            long busy = endNanos - Math.max(serverStart, recorder.intervalStartNanos);
            if (busy > 0) {
                a.busyNanos += busy;
            }
            a.completed++;
            a.statusClasses[statusClass]++;
            if (requestTime > a.maxDurationNanos) {
                a.maxDurationNanos = requestTime;
            }
            a.inputBytes += inputBytes;
            a.inputReads += inputReads;
            a.outputBytes += outputBytes;
            a.outputWrites += outputWrites;
            a.phase(SlotAccumulator.SERVER, serverTime);
            a.phase(SlotAccumulator.APPLICATION, applicationTime);
            a.phase(SlotAccumulator.REQUEST, requestTime);
            a.phase(SlotAccumulator.INPUT_READ, inputNanos);
            a.phase(SlotAccumulator.OUTPUT_WRITE, outputNanos);
        } finally {
            phaser.writerExit(critical);
        }
        LIFETIME_COMPLETED.setOpaque(this, (long) LIFETIME_COMPLETED.getOpaque(this) + 1);
        LIFETIME_REQUEST_NANOS.setOpaque(this, (long) LIFETIME_REQUEST_NANOS.getOpaque(this) + requestTime);
        long threshold = recorder.slowRequests.thresholdNanos;
        boolean slow = threshold >= 0 && requestTime >= threshold;
        long tracked = activeAtStart;
        if (tracked != UNTRACKED || slow) {
            long stillInFlight = recorder.requestEnded(tracked != UNTRACKED);
            if (slow) {
                recorder.slowRequests.completed(this, endNanos, status, statusClass, cpuNanos, stillInFlight);
            }
        }
        DETAILS.setRelease(this, (RequestDetails) null);
        BUSY_SINCE.setRelease(this, IDLE);
        CLAIMED.setRelease(this, 0);
    }

    long inputBytes() {
        return inputBytes;
    }

    long inputReads() {
        return inputReads;
    }

    long inputNanos() {
        return inputNanos;
    }

    long outputBytes() {
        return outputBytes;
    }

    long outputWrites() {
        return outputWrites;
    }

    long outputNanos() {
        return outputNanos;
    }

    long lifetimeCompleted() {
        return (long) LIFETIME_COMPLETED.getOpaque(this);
    }

    long lifetimeRequestNanos() {
        return (long) LIFETIME_REQUEST_NANOS.getOpaque(this);
    }

    /** The current request's slow-record id, made once (by whichever thread needs it first). */
    String logId(SlowRequests ids) {
        String id = logId;
        if (id == null) {
            String made = ids.nextLogId();
            id = LOG_ID.compareAndSet(this, null, made) ? made : logId;
        }
        return id == null ? ids.nextLogId() : id;
    }

    /** Reader only: swaps the interval buffers and waits out writers of the old one. */
    SlotAccumulator swap() {
        SlotAccumulator old = active;
        active = inactive;
        inactive = old;
        phaser.flipPhase();
        return old;
    }
}
