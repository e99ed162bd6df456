package telemetry.benchmarks.ingester;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
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
import telemetry.ingester.simulate.RealisticTraffic;
import telemetry.ingester.store.StoreLimits;
import telemetry.ingester.store.TelemetryStore;
import telemetry.wire.Datagram;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.WireDecoder;

/**
 * The ingester's store thread in isolation: decode one realistic periodic sample (16 worker slots,
 * five phases, ~2.4 KB) and apply it to the store (seq check, windows, histogram merge, history,
 * group totals). The inverse of the score is the most datagrams per second one store thread takes
 * on this machine; {@link SustainedIngestionRun} measures the whole path through a real socket.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreIngestBenchmark {

    @Param({"100", "4000"})
    public int processes;

    private List<byte[]> datagrams;
    private TelemetryStore store;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        datagrams = RealisticTraffic.samples(processes, processes * 4, 16, 42);
        store = new TelemetryStore(InstantSource.system(), StoreLimits.defaults(Duration.ofMinutes(10)));
    }

    @Benchmark
    public Datagram decodeOnly() throws MalformedDatagramException {
        byte[] d = datagrams.get(next++ % datagrams.size());
        return WireDecoder.decode(d, 0, d.length);
    }

    @Benchmark
    public Datagram decodeAndStore() {
        byte[] d = datagrams.get(next++ % datagrams.size());
        return store.accept(d, 0, d.length);
    }
}
