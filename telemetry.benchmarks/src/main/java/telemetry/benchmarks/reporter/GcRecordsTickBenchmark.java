package telemetry.benchmarks.reporter;

import java.io.IOException;
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
import telemetry.reporter.internal.gc.GcPauses;
import telemetry.reporter.internal.reporting.RecordEncoder;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.transport.UnixDatagramTransport;
import telemetry.wire.GcEvent;

/**
 * What the GC records add to one reporter tick, with the reporter's own parts in the order
 * {@code TelemetryReporter} runs them after the sample and the slow records: take the tick's pauses
 * and counters from {@link GcPauses} (listening to this JVM's collectors) and read the heap pools,
 * encode and send one gc_snapshot, then encode and send {@code events} gc_events (0: a quiet tick;
 * 64: the cap) to a real UNIX datagram socket drained by a receiver thread. The sample's own cost is
 * {@link ReporterTickBenchmark}. Run with {@code -prof gc} for the allocation per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GcRecordsTickBenchmark {

    @Param({"0", "8", "64"})
    int events;

    private GcPauses pauses;
    private RecordEncoder encoder;
    private UnixDatagramTransport transport;
    private DrainedSocket socket;
    private long seq;

    /** A pause as the listener records it. */
    private final GcEvent pause = new GcEvent() {
        @Override
        public double startStamp() {
            return 1.764e9;
        }

        @Override
        public double duration() {
            return 0.004;
        }

        @Override
        public long generation() {
            return 0;
        }

        @Override
        public long collected() {
            return 25_000_000;
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        pauses = GcPauses.start();
        if (pauses == null) {
            throw new IllegalStateException("this JVM has no GC notifications");
        }
        encoder = new RecordEncoder(ReporterIdentity.current("1.0.0", "Apache Felix/7.0.5", "jetty"));
        socket = new DrainedSocket("gctick");
        transport = new UnixDatagramTransport();
        transport.setTarget(socket.path());
    }

    @Benchmark
    public boolean gcRecords() {
        double stamp = System.currentTimeMillis() / 1000.0;
        pauses.takeTick();
        boolean sent = transport.send(encoder.gcSnapshot(++seq, stamp, pauses), true)
                == UnixDatagramTransport.SendOutcome.SENT;
        for (int i = 0; i < events; i++) {
            sent &= transport.send(encoder.gcEvent(++seq, stamp, pause), true)
                    == UnixDatagramTransport.SendOutcome.SENT;
        }
        return sent;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (transport.dropped() > 0) {
            System.err.println("datagrams dropped: " + transport.dropped() + " (" + transport.lastError() + ")");
        }
        pauses.close();
        transport.close();
        socket.close();
    }
}
