package telemetry.http.whiteboard.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.CpuCapture;
import telemetry.http.whiteboard.config.TrustedProxies;

class CaptureCoreTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        assertEquals(
                RequestRecording.NO_CPU,
                CaptureCore.cpuStart(off, CaptureCore.slowThreshold(off, new Recorder()), System.nanoTime()));
        assertEquals(
                RequestRecording.NO_CPU,
                CaptureCore.cpuSince(
                        off, RequestRecording.NO_CPU, CaptureCore.slowThreshold(off, new Recorder()), 0, 1, false));

        // exact: the thread's own CPU clock, read independently here through the ThreadMXBean
        assertTrue(ThreadCpuClock.isSupported(), "these tests need a JVM that measures thread CPU time");
        CaptureSettings exact = new CaptureSettings(TrustedProxies.NONE, "X", CpuCapture.EXACT);
        long before = THREADS.getCurrentThreadCpuTime();
        long start = CaptureCore.cpuStart(exact, CaptureCore.slowThreshold(exact, new Recorder()), System.nanoTime());
        long after = THREADS.getCurrentThreadCpuTime();
        assertTrue(before <= start && start <= after, before + " <= " + start + " <= " + after);
        burn(2_000_000);
        long used = CaptureCore.cpuSince(exact, start, CaptureCore.slowThreshold(exact, new Recorder()), 0, 1, false);
        assertTrue(used >= 2_000_000, "the 2 ms of CPU burnt since the start: " + used);
        assertTrue(used <= THREADS.getCurrentThreadCpuTime() - before, "no more than the thread used: " + used);
    }

    @Test
    void withSlowTheClockIsReadAtTheEndOnlyForSlowOrAsyncRequests() {
        assertTrue(ThreadCpuClock.isSupported(), "these tests need a JVM that measures thread CPU time");
        Recorder recorder = new Recorder();
        recorder.threshold = 1_000;
        CaptureSettings slow = CaptureSettings.DEFAULTS;
        long now = System.nanoTime() + 1_000_000_000L; // every earlier reading on this thread is older than 10 ms
        long before = THREADS.getCurrentThreadCpuTime();
        long start = CaptureCore.cpuStart(slow, CaptureCore.slowThreshold(slow, recorder), now);
        assertTrue(
                before <= start && start <= THREADS.getCurrentThreadCpuTime(), "a fresh reading of the thread's clock");
        assertEquals(
                start,
                CaptureCore.cpuStart(slow, CaptureCore.slowThreshold(slow, recorder), now + 9_000_000),
                "a reading under 10 ms old is reused");
        burn(1_000_000); // so that a new reading differs
        assertTrue(
                CaptureCore.cpuStart(slow, CaptureCore.slowThreshold(slow, recorder), now + 10_000_000)
                        >= start + 1_000_000,
                "a reading 10 ms old is renewed");
        assertEquals(
                RequestRecording.NO_CPU,
                CaptureCore.cpuSince(slow, start, CaptureCore.slowThreshold(slow, recorder), now, now + 999, false),
                "fast");
        assertTrue(
                CaptureCore.cpuSince(slow, start, CaptureCore.slowThreshold(slow, recorder), now, now + 1_000, false)
                        >= 1_000_000,
                "slow: the CPU burnt");
        assertTrue(
                CaptureCore.cpuSince(slow, start, CaptureCore.slowThreshold(slow, recorder), now, now + 1, true)
                        >= 1_000_000,
                "async: its end is not known yet");
        recorder.threshold = -1;
        assertEquals(
                RequestRecording.NO_CPU,
                CaptureCore.cpuSince(
                        slow, start, CaptureCore.slowThreshold(slow, recorder), now, now + 5_000_000_000L, false),
                "no slow-request tracking");
        assertEquals(
                RequestRecording.NO_CPU,
                CaptureCore.cpuStart(slow, CaptureCore.slowThreshold(slow, recorder), now + 20_000_000),
                "nor a reading at the start: no request's CPU is kept");
    }

    /** Uses {@code nanos} of this thread's CPU, measured by its own clock. */
    private static void burn(long nanos) {
        for (long from = THREADS.getCurrentThreadCpuTime(); THREADS.getCurrentThreadCpuTime() - from < nanos; ) {
            Thread.onSpinWait();
        }
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
