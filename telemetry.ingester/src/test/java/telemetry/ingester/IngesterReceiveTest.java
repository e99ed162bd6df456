package telemetry.ingester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.model.StateView;
import telemetry.testing.Datagrams;
import telemetry.wire.WireFormat;

/** The receive path through a real socket: sizes at the limit, oversized and burst traffic. */
class IngesterReceiveTest {

    @Test
    void datagramsUpToTheLimitAreReadAndLargerOnesCountedNotTruncated(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("rx.sock");
        try (Ingester ingester = Ingester.start(IngesterConfig.defaults(socket, 0), InstantSource.system());
                AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
            sender.connect(AFUNIXSocketAddress.of(socket));
            // a valid datagram of exactly 65,536 bytes: header, one text field padded to fill it
            ByteBuffer max = ByteBuffer.allocate(WireFormat.MAX_DATAGRAM).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            max.putInt(WireFormat.MAGIC)
                    .put((byte) 1)
                    .put((byte) 4)
                    .putShort((short) 0)
                    .putInt(42)
                    .putInt(1)
                    .putDouble(1.7e9);
            int textLength = WireFormat.MAX_DATAGRAM - 24 - 5;
            max.putShort((short) 214).put((byte) 4).putShort((short) textLength);
            while (max.hasRemaining()) {
                max.put((byte) 'a');
            }
            max.flip();
            sender.write(max);
            sender.write(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM + 10)); // too long
            assertTrue(ingester.awaitStored(2, Duration.ofSeconds(10)));
            assertEquals(2, ingester.counters().received());
            assertEquals(1, ingester.counters().oversized());
            StateView view = ingester.store().fresh().get(10, TimeUnit.SECONDS);
            assertEquals(0, view.counters().decodeErrors());
            assertEquals(1, view.slowRequests().size());
            String path = view.slowRequests().get(0).latest().text(telemetry.wire.Field.SLOW_PATH_INFO);
            assertEquals(textLength, path.length());
        }
    }

    @Test
    void aBurstFromManySendersIsReceivedWhole(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("burst.sock");
        int senders = 4;
        int each = 5000;
        try (Ingester ingester = Ingester.start(IngesterConfig.defaults(socket, 0), InstantSource.system())) {
            Thread[] threads = new Thread[senders];
            for (int t = 0; t < senders; t++) {
                int pid = 100 + t;
                threads[t] = new Thread(() -> {
                    try (AFUNIXDatagramChannel ch = AFUNIXDatagramChannel.open()) {
                        ch.connect(AFUNIXSocketAddress.of(socket)); // blocking: waits while the queue is full
                        for (int seq = 1; seq <= each; seq++) {
                            ch.write(ByteBuffer.wrap(make(pid, seq)));
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(ingester.awaitStored(senders * each, Duration.ofSeconds(60)));
            StateView view = ingester.store().fresh().get(10, TimeUnit.SECONDS);
            assertEquals(senders * each, view.counters().stored());
            assertEquals(0, view.counters().drops(), "nothing lost between blocking senders and the ingester");
            assertEquals(0, view.counters().ringOverflows());
            assertEquals(senders, view.processes().size());
            view.processes().forEach(p -> assertEquals(each, p.requestsTotal()));
        }
    }

    private static byte[] make(long pid, long seq) {
        return new Datagrams().sample(pid, seq, "h", "g", new double[] {0.005}, new int[] {200});
    }
}
