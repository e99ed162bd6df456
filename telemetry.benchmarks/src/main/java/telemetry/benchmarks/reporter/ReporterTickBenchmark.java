package telemetry.benchmarks.reporter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import telemetry.api.recording.RequestRecording;
import telemetry.reporter.internal.recorder.IntervalSample;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.reporting.ProcessProbe;
import telemetry.reporter.internal.reporting.RecordEncoder;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.transport.UnixDatagramTransport;

/**
 * One reporter tick with the reporter's own parts, in the order {@code TelemetryReporter} runs them:
 * swap the interval of every slot into the reused sample, read {@code /proc/self/stat} and
 * {@code /proc/self/status}, encode the kind-2 datagram, send it with a non-blocking
 * {@code sendto} to a real UNIX datagram socket drained by a receiver thread.
 *
 * <p>{@code busy}: before each tick every one of the {@code slots} slots completed one request
 * (all five histograms and per-slot arrays populated, min/max sent); {@code idle}: nothing
 * completed. Run with {@code -prof gc} for the allocation per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReporterTickBenchmark {

    @Param({"200"})
    int slots;

    @Param({"busy", "idle"})
    String load;

    private SlotRecorder recorder;
    private IntervalSample sample;
    private ProcessProbe probe;
    private RecordEncoder encoder;
    private UnixDatagramTransport transport;
    private RequestRecording[] open;
    private DrainedSocket socket;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        recorder = new SlotRecorder(ProcessHandle.current().pid(), slots);
        recorder.setRecording(true);
        sample = recorder.newSample();
        probe = new ProcessProbe();
        encoder = new RecordEncoder(ReporterIdentity.current("1.0.0", "Apache Felix/7.0.5", "jetty"));
        open = new RequestRecording[slots];
        socket = new DrainedSocket("tick");
        transport = new UnixDatagramTransport();
        transport.setTarget(socket.path());
    }

    /** Every slot completes one request (outside the measured tick). */
    @Setup(Level.Invocation)
    public void traffic() {
        if (!"busy".equals(load)) {
            return;
        }
        long t = System.nanoTime();
        for (int i = 0; i < slots; i++) {
            open[i] = recorder.begin(t - 200_000, t - 100_000, null);
            open[i].inputRead(512, 20_000);
            open[i].outputWritten(4096, 30_000);
        }
        for (int i = 0; i < slots; i++) {
            open[i].end(i % 10 == 0 ? 500 : 200, false, t + i * 10_000L, 50_000);
        }
    }

    @Benchmark
    public boolean tick() {
        long now = System.nanoTime();
        recorder.swapInterval(sample, now);
        probe.read();
        double period = (sample.endNanos() - sample.startNanos()) / 1e9;
        RecordEncoder.SampleContext context = new RecordEncoder.SampleContext(
                period,
                1.0,
                2.0,
                probe.cpuUserSeconds() / period,
                probe.cpuSystemSeconds() / period,
                probe.rssBytes(),
                probe.maxRssBytes());
        ByteBuffer datagram = encoder.sample(++seq, System.currentTimeMillis() / 1000.0, "osgi", sample, context);
        return transport.send(datagram, true) == UnixDatagramTransport.SendOutcome.SENT;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (transport.dropped() > 0) {
            System.err.println("ticks dropped: " + transport.dropped() + " (" + transport.lastError() + ")");
        }
        transport.close();
        probe.close();
        socket.close();
    }
}
