package telemetry.ingester.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatagramRingTest {

    @Test
    void datagramsComeOutAsTheyWentInAcrossWraps() {
        DatagramRing ring = new DatagramRing(200_000);
        byte[] out = new byte[65_536];
        int next = 0;
        for (int round = 0; round < 2000; round++) {
            int length = 1 + round * 7919 % 60_000;
            byte[] in = new byte[length];
            Arrays.fill(in, (byte) round);
            assertTrue(ring.offer(ByteBuffer.wrap(in)));
            if (round % 2 == 1) {
                for (int k = 0; k < 2; k++) {
                    int n = ring.poll(out);
                    int expectedRound = next++;
                    assertEquals(1 + expectedRound * 7919 % 60_000, n);
                    assertEquals((byte) expectedRound, out[n - 1]);
                }
            }
        }
        assertEquals(-1, ring.poll(out));
        assertTrue(ring.isEmpty());
    }

    @Test
    void fullRingRefusesWithoutBlocking() {
        DatagramRing ring = new DatagramRing(140_000);
        ByteBuffer big = ByteBuffer.allocate(60_000);
        assertTrue(ring.offer(big.duplicate()));
        assertTrue(ring.offer(big.duplicate()));
        assertFalse(ring.offer(big.duplicate()), "a third does not fit");
        assertEquals(60_000, ring.poll(new byte[65_536]));
        assertTrue(ring.offer(big.duplicate()), "room again once one was taken");
    }

    @Test
    void oneProducerOneConsumerLoseNothing() throws Exception {
        DatagramRing ring = new DatagramRing(1 << 18);
        int count = 200_000;
        Thread producer = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(8);
            for (int i = 0; i < count; i++) {
                b.clear();
                b.putInt(i).putInt(~i).flip();
                while (!ring.offer(b)) {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        byte[] out = new byte[65_536];
        ByteBuffer view = ByteBuffer.wrap(out);
        for (int i = 0; i < count; i++) {
            int n;
            while ((n = ring.poll(out)) < 0) {
                Thread.onSpinWait();
            }
            assertEquals(8, n);
            assertEquals(i, view.getInt(0));
            assertEquals(~i, view.getInt(4));
        }
        producer.join();
    }
}
