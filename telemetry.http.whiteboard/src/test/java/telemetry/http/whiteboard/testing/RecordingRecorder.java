package telemetry.http.whiteboard.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.wire.LatencyBuckets;

/**
 * A test double of the recording SPI that keeps every call: what a preprocessor passed to
 * {@code begin}, every read and write, the {@code end} and the request details as the reporter
 * would read them at the end. Like the reporter it keeps status-class counts and a 65-bucket
 * request-time histogram. Thread-safe.
 */
public final class RecordingRecorder implements RequestRecorder {

    private volatile boolean recording = true;
    private volatile RuntimeException beginFailure;
    private final List<Recorded> recordings = new ArrayList<>();
    private final Semaphore ends = new Semaphore(0);
    private final AtomicLongArray statusClasses = new AtomicLongArray(6);
    private final AtomicLongArray requestTimeHistogram = new AtomicLongArray(LatencyBuckets.COUNT);
    private final AtomicLong endCount = new AtomicLong();

    public void setRecording(boolean recording) {
        this.recording = recording;
    }

    /** Makes {@code begin} throw, as a broken recorder would. */
    public void failBeginWith(RuntimeException failure) {
        this.beginFailure = failure;
    }

    /** Every request is slow, so the preprocessor reads the CPU clock for each (what the CPU tests check). */
    @Override
    public long slowThresholdNanos() {
        return 0;
    }

    @Override
    public boolean isRecording() {
        return recording;
    }

    @Override
    public RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details) {
        RuntimeException failure = beginFailure;
        if (failure != null) {
            throw failure;
        }
        Recorded recorded = new Recorded(
                serverStartNanos,
                applicationStartNanos,
                details,
                Thread.currentThread().getName());
        synchronized (recordings) {
            recordings.add(recorded);
        }
        return recorded;
    }

    /** Waits until {@code count} more recordings have ended (the end may follow the response). */
    public void awaitEnds(int count) throws InterruptedException {
        assertTrue(
                ends.tryAcquire(count, 30, TimeUnit.SECONDS), "expected " + count + " ends; recorded: " + recordings());
    }

    public List<Recorded> recordings() {
        synchronized (recordings) {
            return List.copyOf(recordings);
        }
    }

    /** The only recording; fails when there are none or several. */
    public Recorded single() {
        List<Recorded> all = recordings();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one recording, got " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    /** Requests ended with a status of class {@code n}xx (5 includes failures and invalid statuses). */
    public long statusClass(int n) {
        return statusClasses.get(n);
    }

    public long endCount() {
        return endCount.get();
    }

    public long histogramTotal() {
        long total = 0;
        for (int i = 0; i < requestTimeHistogram.length(); i++) {
            total += requestTimeHistogram.get(i);
        }
        return total;
    }

    public void clear() {
        synchronized (recordings) {
            recordings.clear();
        }
        ends.drainPermits();
        for (int i = 0; i < statusClasses.length(); i++) {
            statusClasses.set(i, 0);
        }
        for (int i = 0; i < requestTimeHistogram.length(); i++) {
            requestTimeHistogram.set(i, 0);
        }
        endCount.set(0);
    }

    /** One request as the recorder saw it. */
    public final class Recorded implements RequestRecording {
        public final long serverStartNanos;
        public final long applicationStartNanos;
        public final RequestDetails details;
        public final String beginThread;
        public final AtomicLong inputBytes = new AtomicLong();
        public final AtomicLong inputReads = new AtomicLong();
        public final AtomicLong inputNanos = new AtomicLong();
        public final AtomicLong outputBytes = new AtomicLong();
        public final AtomicLong outputWrites = new AtomicLong();
        public final AtomicLong outputNanos = new AtomicLong();
        public final AtomicInteger endCalls = new AtomicInteger();
        public volatile int status;
        public volatile boolean failed;
        public volatile long endNanos;
        public volatile long cpuNanos;
        /** The details as read on the ending thread, the way the reporter reads them for a slow record. */
        public volatile Map<String, String> detailsAtEnd;

        Recorded(long serverStartNanos, long applicationStartNanos, RequestDetails details, String beginThread) {
            this.serverStartNanos = serverStartNanos;
            this.applicationStartNanos = applicationStartNanos;
            this.details = details;
            this.beginThread = beginThread;
        }

        @Override
        public void inputRead(long bytes, long nanos) {
            inputBytes.addAndGet(bytes);
            inputReads.incrementAndGet();
            inputNanos.addAndGet(nanos);
        }

        @Override
        public void outputWritten(long bytes, long nanos) {
            outputBytes.addAndGet(bytes);
            outputWrites.incrementAndGet();
            outputNanos.addAndGet(nanos);
        }

        @Override
        public void end(int status, boolean failed, long endNanos, long cpuNanos) {
            this.status = status;
            this.failed = failed;
            this.endNanos = endNanos;
            this.cpuNanos = cpuNanos;
            this.detailsAtEnd = read(details);
            int statusClass = failed || status < 100 || status > 599 ? 5 : status / 100;
            statusClasses.incrementAndGet(statusClass);
            requestTimeHistogram.incrementAndGet(LatencyBuckets.index((endNanos - serverStartNanos) / 1e9));
            endCount.incrementAndGet();
            if (endCalls.incrementAndGet() == 1) {
                ends.release();
            }
        }

        public double applicationSeconds() {
            return (endNanos - applicationStartNanos) / 1e9;
        }

        @Override
        public String toString() {
            return "Recorded[status=" + status + ", failed=" + failed + ", ends=" + endCalls + ", details="
                    + detailsAtEnd + ", in=" + inputBytes + "/" + inputReads + ", out=" + outputBytes + "/"
                    + outputWrites + "]";
        }
    }

    private static Map<String, String> read(RequestDetails details) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("method", details.method());
        values.put("scheme", details.scheme());
        values.put("host", details.host());
        values.put("contextPath", details.contextPath());
        values.put("path", details.path());
        values.put("protocol", details.protocol());
        values.put("peerAddress", details.peerAddress());
        values.put("userAgent", details.userAgent());
        values.put("requestId", details.requestId());
        return values;
    }
}
