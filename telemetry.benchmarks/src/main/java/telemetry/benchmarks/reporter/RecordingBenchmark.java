package telemetry.benchmarks.reporter;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import telemetry.api.recording.RequestRecording;
import telemetry.reporter.internal.recorder.IntervalSample;
import telemetry.reporter.internal.recorder.SlotRecorder;

/**
 * The recorder's hot path as the preprocessor drives it: {@code begin}, one body read, one write,
 * {@code end}, with the caller's {@code nanoTime} reads included (two, as the preprocessor does).
 * {@code single}: one request thread; {@code pair}: two request threads, as on a busy two-core
 * server between two reporter ticks; {@code contended}: two request threads and a reader that
 * swaps intervals continuously (far more often than a reporter's once per second). With
 * {@code slowRequests = 2s} the recorder tracks slow requests, so each request is counted in flight
 * for its record's in-flight count at the start (none of these requests is slow). Run with
 * {@code -prof gc}: 0 B/op is the claim.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordingBenchmark {

    /** {@code off}, or the slow-request threshold the recorder tracks. */
    @Param({"off", "2s"})
    public String slowRequests;

    private SlotRecorder recorder;

    @Setup(Level.Trial)
    public void setUp() {
        recorder = new SlotRecorder(ProcessHandle.current().pid(), 200);
        recorder.setRecording(true);
        if (!"off".equals(slowRequests)) {
            recorder.setSlowRequests(TimeUnit.SECONDS.toNanos(Long.parseLong(slowRequests.replace("s", ""))), false);
        }
    }

    @State(Scope.Thread)
    public static class Reader {
        IntervalSample sample;
    }

    private long request() {
        long start = System.nanoTime();
        RequestRecording r = recorder.begin(start, start, null);
        r.inputRead(512, 1_000);
        r.outputWritten(4096, 2_000);
        long end = System.nanoTime();
        r.end(200, false, end, RequestRecording.NO_CPU);
        return end;
    }

    @Benchmark
    @Group("single")
    public long beginEnd() {
        return request();
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(2)
    public long beginEndOnTwoThreads() {
        return request();
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(2)
    public long beginEndWithSwaps() {
        return request();
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    public long swap(Reader reader) {
        if (reader.sample == null) {
            reader.sample = recorder.newSample();
        }
        recorder.swapInterval(reader.sample, System.nanoTime());
        return reader.sample.requestCount();
    }
}
