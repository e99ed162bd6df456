package telemetry.benchmarks.wire;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import telemetry.ingester.simulate.RealisticTraffic;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.RecordWriter;
import telemetry.wire.WireDecoder;
import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * Encoding and decoding one full periodic sample (kind 2) with 128 worker slots, as the reporter
 * sends it every tick and the ingester reads it. The values are one sample of the ingester's
 * simulator ({@link RealisticTraffic#sample}), written through the {@link RecordWriter} as every
 * sender writes; the identity strings have the lengths of a typical host and group. Targets (issue 2): encode at most 5 µs and 0 B/op
 * into a reused buffer (check with {@code -prof gc}); decode at most 10 µs.
 *
 * <pre>
 * java -jar telemetry.benchmarks/target/benchmarks.jar 'telemetry.benchmarks.wire' -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireCodecBenchmark {

    @Param("128")
    int slots;

    /** The reporter sends from a direct buffer; heap is what a test or an in-process consumer uses. */
    @Param({"direct", "heap"})
    String buffer;

    private RealisticTraffic.Sample sample;
    private WireEncoder encoder;
    private RecordWriter writer;
    private ByteBuffer datagram;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws MalformedDatagramException {
        sample = RealisticTraffic.sample(4242, "app-host-1.example.org", "shop", slots, 42);
        ByteBuffer out = "direct".equals(buffer)
                ? ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM)
                : ByteBuffer.allocate(WireFormat.MAX_DATAGRAM);
        encoder = new WireEncoder(out);
        writer = new RecordWriter(encoder);
        ByteBuffer encoded = sample.writeTo(writer, 1, 1.764e9);
        byte[] copy = new byte[encoded.remaining()];
        encoded.get(copy);
        datagram = "direct".equals(buffer)
                ? ByteBuffer.allocateDirect(copy.length).put(copy).flip()
                : ByteBuffer.wrap(copy);
        // The datagram is what we claim it is: every field of the sample, one entry per slot.
        Datagram d = WireDecoder.decode(datagram);
        if (d.fields().size() != 55 || d.doubleArray(Field.REQUEST_THREADS_MAX_DURATION).length != slots) {
            throw new IllegalStateException("unexpected sample: " + d.fields().size() + " fields");
        }
        System.out.println("\nperiodic sample with " + slots + " slots: " + copy.length + " bytes, "
                + d.fields().size() + " fields");
    }

    /** Encode into the encoder's reused buffer; seq and stamp change as on every tick. */
    @Benchmark
    public ByteBuffer encodePeriodicSample() {
        long s = ++seq;
        return sample.writeTo(writer, s, 1.764e9 + s);
    }

    /** Decode the same datagram into a {@link Datagram} (allocates the decoded values). */
    @Benchmark
    public Datagram decodePeriodicSample() throws MalformedDatagramException {
        return WireDecoder.decode(datagram);
    }
}
