package telemetry.benchmarks.ingester;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.simulate.DatagramSender;
import telemetry.ingester.simulate.RealisticTraffic;

/**
 * The socket's own ceiling on this machine: one sender ({@link DatagramSender}, as {@code simulate}
 * uses) and one receiver that only receives, a realistic ~2.4 KB sample, in one JVM. What the
 * ingester adds on top is decode and store ({@link StoreIngestBenchmark}).
 *
 * <pre>
 * java -cp target/benchmarks.jar telemetry.benchmarks.ingester.SocketCeilingRun [datagrams]
 * </pre>
 */
public final class SocketCeilingRun {

    private SocketCeilingRun() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("socket-ceiling");
        Path path = dir.resolve("s.sock");
        byte[] sample = RealisticTraffic.samples(1, 1, 16, 1).get(0);
        try (AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open()) {
            receiver.bind(AFUNIXSocketAddress.of(path));
            long[] received = new long[1];
            Thread rx = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(65_537);
                try {
                    while (true) {
                        buffer.clear();
                        receiver.receive(buffer);
                        received[0]++;
                    }
                } catch (Exception closed) {
                    // done
                }
            });
            rx.start();
            ByteBuffer out = ByteBuffer.allocateDirect(sample.length).put(sample);
            try (DatagramSender sender = new DatagramSender(path, 5_000_000)) {
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < count; i++) {
                        out.clear();
                        sender.send(out);
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(
                            "round %d: %d datagrams of %d bytes in %.2f s = %.0f datagrams/s "
                                    + "(dropped after retries so far: %d)%n",
                            round + 1, count, sample.length, seconds, count / seconds, sender.dropped());
                }
            }
            receiver.close();
            rx.join();
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }
}
