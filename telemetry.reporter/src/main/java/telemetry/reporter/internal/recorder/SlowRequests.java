package telemetry.reporter.internal.recorder;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import telemetry.api.recording.RequestDetails;

/**
 * Slow-request tracking (mod_wsgi's {@code WSGISlowRequests}): the threshold, the records of
 * completed slow requests waiting for the reporter, the heartbeats of requests running past the
 * threshold, and the count of records left out.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>{@link #completed} runs on the request thread at the end of a slow request, while the slot
 * still describes it; it never throws and allocates only the record.</li>
 * <li>{@link #heartbeat} runs on the reader; it reads a slot another thread owns, so it discards
 * what it read when the slot changed hands meanwhile (the slot's serial).</li>
 * <li>At most {@value #MAX_PENDING} completed records wait; beyond that they are left out and
 * counted, as are records whose {@link RequestDetails} failed.</li>
 * </ol>
 */
final class SlowRequests {

    /** Completed slow records waiting for the reporter beyond this are left out (and counted). */
    static final int MAX_PENDING = 256;

    private final long pid;
    private final AtomicLong logIds = new AtomicLong();
    /** Requests at least this long are slow; -1: tracking off. */
    volatile long thresholdNanos = -1;

    private volatile boolean captureUserAgent;
    private volatile boolean consumer;
    private final Queue<SlowRequestRecord> completed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong leftOut = new AtomicLong();

    SlowRequests(long pid) {
        this.pid = pid;
    }

    void configure(long threshold, boolean withUserAgent) {
        captureUserAgent = withUserAgent;
        thresholdNanos = threshold;
    }

    void setConsumer(boolean on) {
        consumer = on;
        if (!on) {
            completed.clear();
            pending.set(0);
        }
    }

    /** Request thread: queues the record of a request that ended slow. */
    void completed(
            RecordingSlot slot, long endNanos, int status, int statusClass, long cpuNanos, long activeAtCompletion) {
        if (!consumer) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            leftOut.incrementAndGet();
            return;
        }
        try {
            double endEpoch = System.currentTimeMillis() / 1000.0 - Math.max(0, System.nanoTime() - endNanos) * 1e-9;
            int sent = statusClass == 4 && (status < 500 || status > 599) ? 500 : status;
            completed.add(record(
                    slot,
                    true,
                    slot.busySince,
                    endNanos,
                    endEpoch,
                    sent,
                    cpuNanos > 0 ? cpuNanos * 1e-9 : 0.0,
                    activeAtCompletion));
        } catch (RuntimeException e) {
            // Observers never fail the observed: a failing RequestDetails costs only this record.
            pending.decrementAndGet();
            leftOut.incrementAndGet();
        }
    }

    /**
     * Reader: adds a heartbeat record when the slot's request has run past the threshold at
     * {@code now}; answers 1 when one was due but {@code out} already holds {@code max}.
     */
    int heartbeat(RecordingSlot slot, long now, double nowEpoch, List<SlowRequestRecord> out, int max) {
        long threshold = thresholdNanos;
        long serial = slot.serial;
        long since = slot.busySince;
        if (threshold < 0 || since == RecordingSlot.IDLE || now - since < threshold) {
            return 0;
        }
        if (out.size() >= max) {
            return 1;
        }
        SlowRequestRecord r;
        try {
            r = record(slot, false, since, now, nowEpoch, 0, 0.0, 0);
        } catch (RuntimeException concurrentRead) {
            return 0; // the details changed under us: the request ended; no heartbeat needed
        }
        if (slot.serial == serial && slot.busySince == since) {
            out.add(r);
        }
        return 0;
    }

    /**
     * The one place a record is made. A heartbeat ({@code done == false}) carries no I/O figures
     * (the owner writes them without ordering), no status, no CPU and no completion count.
     */
    private SlowRequestRecord record(
            RecordingSlot slot,
            boolean done,
            long since,
            long endNanos,
            double endEpoch,
            int status,
            double cpuSeconds,
            long activeAtCompletion) {
        long appStart = slot.applicationStart;
        RequestDetails d = slot.details;
        double duration = (endNanos - since) * 1e-9;
        return new SlowRequestRecord(
                done,
                endEpoch - duration,
                duration,
                slot.index >= 0 ? slot.number : 0,
                logIdOf(slot, d),
                (appStart - since) * 1e-9,
                Math.max(0, endNanos - appStart) * 1e-9,
                done ? slot.inputBytes() : 0,
                done ? slot.inputReads() : 0,
                done ? slot.outputBytes() : 0,
                done ? slot.outputWrites() : 0,
                done ? slot.inputNanos() * 1e-9 : 0.0,
                done ? slot.outputNanos() * 1e-9 : 0.0,
                status,
                cpuSeconds,
                Math.max(0, slot.activeAtStart), // 0: it began before slow requests were tracked
                activeAtCompletion,
                d == null ? null : d.method(),
                d == null ? null : d.scheme(),
                d == null ? null : d.host(),
                d == null ? null : d.contextPath(),
                d == null ? null : d.path(),
                d == null ? null : d.protocol(),
                d == null ? null : d.peerAddress(),
                d != null && captureUserAgent ? d.userAgent() : null);
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

    int poll(List<SlowRequestRecord> out, int max) {
        int n = 0;
        SlowRequestRecord r;
        while (n < max && (r = completed.poll()) != null) {
            pending.decrementAndGet();
            out.add(r);
            n++;
        }
        return n;
    }

    int pending() {
        return pending.get();
    }

    long leftOut() {
        return leftOut.get();
    }

    void leaveOut(long n) {
        if (n > 0) {
            leftOut.addAndGet(n);
        }
    }
}
