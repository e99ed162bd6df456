package telemetry.benchmarks.whiteboard;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.servlet.InstrumentedFilter;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.capture.ThreadCpuClock;
import telemetry.http.whiteboard.config.CaptureSettings;
import telemetry.http.whiteboard.config.CpuCapture;
import telemetry.http.whiteboard.config.TrustedProxies;
import telemetry.http.whiteboard.javax.JavaxPreprocessor;
import telemetry.reporter.internal.recorder.SlotRecorder;

/**
 * The javax whiteboard preprocessor around a trivial chain, against the bare chain and against
 * Dropwizard Metrics' {@code InstrumentedFilter} (what users would otherwise pick) on the same chain.
 * One request per operation, one thread; run with {@code -prof gc} for B/op.
 *
 * <ul>
 * <li>{@code bareChain}: the chain alone (the baseline).</li>
 * <li>{@code recordingOff}: a recorder is bound but not recording: a flag check, nothing wrapped.</li>
 * <li>{@code noRecorder}: no recorder bound at all.</li>
 * <li>{@code recordingOn}: begin/end, two clock reads, the two wrappers; {@code request.cpu = off}.</li>
 * <li>{@code recordingOnWithCpu}: as above plus two thread-CPU-clock reads ({@code request.cpu = exact}).</li>
 * <li>{@code reporterRecorder}, {@code reporterRecorderDefault}, {@code reporterRecorderWithCpu}: the
 * reporter's own recorder ({@code telemetry.reporter}'s per-slot {@code SlotRecorder}, slow requests
 * tracked at 2 s as in the README's example) instead of the lean stand-in, with {@code request.cpu}
 * {@code off}, {@code slow} (the default) and {@code exact}: what a request really pays.</li>
 * <li>{@code dropwizardInstrumentedFilter}: metrics-servlet 4.2.37 on the same chain.</li>
 * <li>{@code nanoTimeRead}, {@code threadCpuTimeRead}: one read of each clock, to read the figures
 * above against (recording costs two of each).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PreprocessorBenchmark {

    private HttpServletRequest request;
    private HttpServletResponse response;
    private FilterChain chain;
    private LeanRecorder onRecorder;
    private LeanRecorder cpuRecorder;
    private Filter recordingOff;
    private Filter noRecorder;
    private Filter recordingOn;
    private Filter recordingOnWithCpu;
    private Filter dropwizard;
    private SlotRecorder reporter;
    private Filter reporterRecorder;
    private Filter reporterRecorderDefault;
    private Filter reporterRecorderWithCpu;

    @Setup
    public void setUp() throws ServletException, IOException {
        request = ServletFixtures.request();
        response = ServletFixtures.response();
        chain = new ServletFixtures.TrivialChain();
        recordingOff = preprocessor(new LeanRecorder(false), CpuCapture.OFF);
        noRecorder = preprocessor(null, CpuCapture.OFF);
        onRecorder = new LeanRecorder(true);
        recordingOn = preprocessor(onRecorder, CpuCapture.OFF);
        cpuRecorder = new LeanRecorder(true);
        recordingOnWithCpu = preprocessor(cpuRecorder, CpuCapture.EXACT);
        reporter = new SlotRecorder(ProcessHandle.current().pid(), 200);
        reporter.setRecording(true);
        reporter.setSlowRequests(TimeUnit.SECONDS.toNanos(2), false);
        reporterRecorder = preprocessor(reporter, CpuCapture.OFF);
        reporterRecorderDefault = preprocessor(reporter, CpuCapture.SLOW);
        reporterRecorderWithCpu = preprocessor(reporter, CpuCapture.EXACT);
        dropwizard = new InstrumentedFilter();
        dropwizard.init(
                ServletFixtures.filterConfig(Map.of(InstrumentedFilter.REGISTRY_ATTRIBUTE, new MetricRegistry())));
        // guard against measuring a silent pass-through: the recording variants must record
        recordingOn.doFilter(request, response, chain);
        recordingOnWithCpu.doFilter(request, response, chain);
        reporterRecorder.doFilter(request, response, chain);
        if (onRecorder.requests() != 1 || cpuRecorder.requests() != 1 || reporter.lifetimeCompleted() != 1) {
            throw new IllegalStateException("the preprocessor did not record");
        }
    }

    private static Filter preprocessor(telemetry.api.recording.RequestRecorder recorder, CpuCapture cpu) {
        CaptureCore core = new CaptureCore(new CaptureSettings(TrustedProxies.NONE, "X-Request-ID", cpu));
        if (recorder != null) {
            core.setRecorder(recorder);
        }
        return new JavaxPreprocessor(core);
    }

    @Benchmark
    public int bareChain() throws IOException, ServletException {
        chain.doFilter(request, response);
        return response.getStatus();
    }

    @Benchmark
    public int recordingOff() throws IOException, ServletException {
        recordingOff.doFilter(request, response, chain);
        return response.getStatus();
    }

    @Benchmark
    public int noRecorder() throws IOException, ServletException {
        noRecorder.doFilter(request, response, chain);
        return response.getStatus();
    }

    @Benchmark
    public long recordingOn() throws IOException, ServletException {
        recordingOn.doFilter(request, response, chain);
        return onRecorder.requests();
    }

    @Benchmark
    public long recordingOnWithCpu() throws IOException, ServletException {
        recordingOnWithCpu.doFilter(request, response, chain);
        return cpuRecorder.requests();
    }

    @Benchmark
    public long reporterRecorder() throws IOException, ServletException {
        reporterRecorder.doFilter(request, response, chain);
        return reporter.inFlight();
    }

    @Benchmark
    public long reporterRecorderDefault() throws IOException, ServletException {
        reporterRecorderDefault.doFilter(request, response, chain);
        return reporter.inFlight();
    }

    @Benchmark
    public long reporterRecorderWithCpu() throws IOException, ServletException {
        reporterRecorderWithCpu.doFilter(request, response, chain);
        return reporter.inFlight();
    }

    @Benchmark
    public long nanoTimeRead() {
        return System.nanoTime();
    }

    @Benchmark
    public long threadCpuTimeRead() {
        return ThreadCpuClock.now();
    }

    @Benchmark
    public int dropwizardInstrumentedFilter() throws IOException, ServletException {
        dropwizard.doFilter(request, response, chain);
        return response.getStatus();
    }
}
