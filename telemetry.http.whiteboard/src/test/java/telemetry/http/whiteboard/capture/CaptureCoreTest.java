package telemetry.http.whiteboard.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.CpuCapture;
import telemetry.http.whiteboard.config.TrustedProxies;

class CaptureCoreTest {

    private final CaptureCore core = new CaptureCore(CaptureSettings.DEFAULTS);

    @Test
    void aRecorderIsActiveOnlyWhileBoundAndRecording() {
        Recorder recorder = new Recorder();
        assertNull(core.activeRecorder(), "none bound");
        core.setRecorder(recorder);
        assertSame(recorder, core.activeRecorder());
        recorder.recording = false;
        assertNull(core.activeRecorder(), "bound, not recording");
    }

    @Test
    void theGreedyRebindOrderKeepsTheNewRecorder() {
        Recorder old = new Recorder();
        Recorder better = new Recorder();
        core.setRecorder(old);
        core.setRecorder(better); // DS binds the better one first
        core.unsetRecorder(old); // then unbinds the old one
        assertSame(better, core.activeRecorder());
        core.unsetRecorder(better);
        assertNull(core.activeRecorder());
    }

    @Test
    void recorderFailuresNeverReachTheCaller() {
        long faults = Faults.count();
        Recorder broken = new Recorder();
        broken.fail = true;
        core.setRecorder(broken);
        assertNull(core.activeRecorder(), "isRecording threw: treated as not recording");
        assertNull(CaptureCore.begin(broken, 1, 2, null));
        RequestRecording failing = new RequestRecording() {
            @Override
            public void inputRead(long bytes, long nanos) {
                throw new IllegalStateException("expected by the test");
            }

            @Override
            public void outputWritten(long bytes, long nanos) {
                throw new IllegalStateException("expected by the test");
            }

            @Override
            public void end(int status, boolean failed, long endNanos, long cpuNanos) {
                throw new IllegalStateException("expected by the test");
            }
        };
        CaptureCore.inputRead(failing, 1, 1);
        CaptureCore.outputWritten(failing, 1, 1);
        CaptureCore.end(failing, 200, false, 3, -1);
        assertEquals(faults + 5, Faults.count());
    }

    @Test
    void thePathIsInsideTheContextAndNeverHasAQueryString() {
        assertEquals("/s/hello", CaptureCore.pathInContext("/app/s/hello", "/app"));
        assertEquals("/s/hello", CaptureCore.pathInContext("/app/s/hello?token=x", "/app"));
        assertEquals("/x", CaptureCore.pathInContext("/x", ""));
        assertEquals("/x", CaptureCore.pathInContext("/x", null));
        assertNull(CaptureCore.pathInContext(null, "/app"));
    }

    @Test
    void cpuIsMeasuredOnlyWhenConfigured() {
        CaptureSettings off = new CaptureSettings(TrustedProxies.NONE, "X", CpuCapture.OFF);
        assertEquals(RequestRecording.NO_CPU, CaptureCore.cpuStart(off, System.nanoTime()));
        assertEquals(RequestRecording.NO_CPU, CaptureCore.cpuSince(off, RequestRecording.NO_CPU, new Recorder(), 0, 1, false));
        if (ThreadCpuClock.isSupported()) {
            CaptureSettings exact = new CaptureSettings(TrustedProxies.NONE, "X", CpuCapture.EXACT);
            long start = CaptureCore.cpuStart(exact, System.nanoTime());
            assertTrue(start >= 0);
            assertTrue(CaptureCore.cpuSince(exact, start, new Recorder(), 0, 1, false) >= 0);
        }
    }

    @Test
    void withSlowTheClockIsReadAtTheEndOnlyForSlowOrAsyncRequests() {
        if (!ThreadCpuClock.isSupported()) {
            return;
        }
        Recorder recorder = new Recorder();
        recorder.threshold = 1_000;
        CaptureSettings slow = CaptureSettings.DEFAULTS;
        long now = System.nanoTime() + 1_000_000_000L; // every earlier reading on this thread is older than 10 ms
        long start = CaptureCore.cpuStart(slow, now);
        assertTrue(start >= 0);
        assertEquals(start, CaptureCore.cpuStart(slow, now + 9_000_000), "a reading under 10 ms old is reused");
        for (long used = ThreadCpuClock.now(); ThreadCpuClock.now() - used < 1_000_000;) {
            Thread.onSpinWait(); // use 1 ms of CPU, so that a new reading differs
        }
        assertTrue(CaptureCore.cpuStart(slow, now + 10_000_000) > start, "a reading 10 ms old is renewed");
        assertEquals(RequestRecording.NO_CPU, CaptureCore.cpuSince(slow, start, recorder, now, now + 999, false), "fast");
        assertTrue(CaptureCore.cpuSince(slow, start, recorder, now, now + 1_000, false) >= 0, "slow");
        assertTrue(CaptureCore.cpuSince(slow, start, recorder, now, now + 1, true) >= 0, "async: its end is not known yet");
        recorder.threshold = -1;
        assertEquals(RequestRecording.NO_CPU, CaptureCore.cpuSince(slow, start, recorder, now, now + 5_000_000_000L, false),
                "no slow-request tracking");
    }

    private static final class Recorder implements RequestRecorder {
        volatile boolean recording = true;
        volatile boolean fail;
        volatile long threshold = -1;

        @Override
        public long slowThresholdNanos() {
            return threshold;
        }

        @Override
        public boolean isRecording() {
            if (fail) {
                throw new IllegalStateException("expected by the test");
            }
            return recording;
        }

        @Override
        public RequestRecording begin(long serverStartNanos, long applicationStartNanos, RequestDetails details) {
            if (fail) {
                throw new IllegalStateException("expected by the test");
            }
            return null;
        }
    }
}
