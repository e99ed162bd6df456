package telemetry.benchmarks.whiteboard;

import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;

/**
 * A recorder as lean as the SPI allows: one reused recording that adds into plain fields, so the
 * figures are the preprocessor's own cost (the reporter's recorder has its own benchmark).
 * Single-threaded, as the benchmark runs it.
 */
final class LeanRecorder implements RequestRecorder {

    private final Slot slot = new Slot();
    private volatile boolean recording;

    LeanRecorder(boolean recording) {
        this.recording = recording;
    }

    /** No request is slow: the preprocessor reads no CPU clock at the end of a request. */
    @Override
    public long slowThresholdNanos() {
        return -1;
    }

    @Override
    public boolean isRecording() {
        return recording;
    }

    @Override
    public RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details) {
        slot.start = serverStartNanos;
        return slot;
    }

    long requests() {
        return slot.requests;
    }

    static final class Slot implements RequestRecording {
        long start;
        long requests;
        long totalNanos;
        long cpuNanos;
        long okResponses;

        @Override
        public void inputRead(long bytes, long nanos) {
            totalNanos += nanos;
        }

        @Override
        public void outputWritten(long bytes, long nanos) {
            totalNanos += nanos;
        }

        @Override
        public void end(int status, boolean failed, long endNanos, long cpu) {
            requests++;
            totalNanos += endNanos - start;
            cpuNanos += cpu;
            if (status / 100 == 2 && !failed) {
                okResponses++;
            }
        }
    }
}
