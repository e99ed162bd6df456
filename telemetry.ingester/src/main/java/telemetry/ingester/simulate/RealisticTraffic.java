package telemetry.ingester.simulate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * Encoded periodic samples as {@code simulate} sends them, for benchmarks and tests that need
 * realistic datagrams without a socket. Stateless.
 */
public final class RealisticTraffic {

    private RealisticTraffic() {
    }

    /**
     * An endless source of realistic periodic samples: {@code processes} simulated processes in turn
     * (pids 10000 upward, 4 groups). Not thread-safe; the returned buffer is reused by the next call.
     */
    public static final class Generator {
        private final List<SimulatedProcess> simulated = new ArrayList<>();
        private final WireEncoder encoder = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));
        private int next;

        public Generator(int processes, int slots, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < processes; i++) {
                simulated.add(new SimulatedProcess(10_000 + i, "bench-host", "group-" + (char) ('a' + i % 4), slots,
                        1.7e9, 0, random.split()));
            }
        }

        /** The next process's one-second sample stamped {@code now}: bytes between position and limit. */
        public ByteBuffer next(double now) {
            SimulatedProcess p = simulated.get(next);
            next = (next + 1) % simulated.size();
            return p.sample(encoder, now, 1.0, 1.0);
        }
    }

    /**
     * {@code count} request_metrics datagrams from {@code processes} simulated processes in turn
     * (pids 10000 upward, 4 groups, {@code slots} worker slots each), one-second samples.
     */
    public static List<byte[]> samples(int processes, int count, int slots, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        WireEncoder encoder = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));
        List<SimulatedProcess> simulated = new ArrayList<>(processes);
        double start = 1.7e9;
        for (int i = 0; i < processes; i++) {
            simulated.add(new SimulatedProcess(10_000 + i, "bench-host", "group-" + (char) ('a' + i % 4), slots, start,
                    0, random.split()));
        }
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteBuffer b = simulated.get(i % processes).sample(encoder, start + i / (double) processes, 1.0, 1.0);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.add(bytes);
        }
        return out;
    }
}
