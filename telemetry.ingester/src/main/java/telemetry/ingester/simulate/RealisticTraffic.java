package telemetry.ingester.simulate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import telemetry.wire.ProcessIdentity;
import telemetry.wire.RecordWriter;
import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * Periodic samples as {@code simulate} sends them, for benchmarks and tests that need realistic
 * datagrams without a socket. Stateless.
 */
public final class RealisticTraffic {

    private RealisticTraffic() {}

    /**
     * One process's periodic sample, held to be written again and again (the wire codec benchmark
     * encodes it every iteration with a fresh seq and stamp). Writing allocates nothing.
     */
    public record Sample(ProcessIdentity process, SimulatedSample values) {

        /** The datagram, in {@code out}'s buffer until its next write. */
        public ByteBuffer writeTo(RecordWriter out, long seq, double stamp) {
            return out.periodic(process, seq, stamp, values);
        }
    }

    /** A one-second sample of one simulated process with {@code slots} worker slots. */
    public static Sample sample(long pid, String hostname, String group, int slots, long seed) {
        SimulatedProcess p = new SimulatedProcess(pid, hostname, group, slots, 1.7e9, 0, new SplittableRandom(seed));
        return new Sample(p, p.next(1.7e9 + 1, 1.0, 1.0));
    }

    /**
     * An endless source of realistic periodic samples: {@code processes} simulated processes in turn
     * (pids 10000 upward, 4 groups). Not thread-safe; the returned buffer is reused by the next call.
     */
    public static final class Generator {
        private final List<SimulatedProcess> simulated;
        private final RecordWriter records =
                new RecordWriter(new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM)));
        private int next;

        public Generator(int processes, int slots, long seed) {
            simulated = processes(processes, slots, 1.7e9, seed);
        }

        /** The next process's one-second sample stamped {@code now}: bytes between position and limit. */
        public ByteBuffer next(double now) {
            SimulatedProcess p = simulated.get(next);
            next = (next + 1) % simulated.size();
            return p.sample(records, now, 1.0, 1.0);
        }
    }

    /**
     * {@code count} request_metrics datagrams from {@code processes} simulated processes in turn
     * (pids 10000 upward, 4 groups, {@code slots} worker slots each), one-second samples.
     */
    public static List<byte[]> samples(int processes, int count, int slots, long seed) {
        RecordWriter records = new RecordWriter(new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM)));
        double start = 1.7e9;
        List<SimulatedProcess> simulated = processes(processes, slots, start, seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteBuffer b = simulated.get(i % processes).sample(records, start + i / (double) processes, 1.0, 1.0);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.add(bytes);
        }
        return out;
    }

    private static List<SimulatedProcess> processes(int processes, int slots, double start, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SimulatedProcess> simulated = new ArrayList<>(processes);
        for (int i = 0; i < processes; i++) {
            simulated.add(new SimulatedProcess(
                    10_000 + i, "bench-host", "group-" + (char) ('a' + i % 4), slots, start, 0, random.split()));
        }
        return simulated;
    }
}
