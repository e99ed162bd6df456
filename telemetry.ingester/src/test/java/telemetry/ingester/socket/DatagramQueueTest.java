package telemetry.ingester.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DatagramQueueTest {

    private static ByteBuffer datagram(int n, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(0, n);
        return b;
    }

    @Test
    void startsSmallGrowsWhenTheConsumerFallsBehindAndKeepsTheOrder() {
        DatagramQueue q = new DatagramQueue(4 << 20);
        assertEquals(256 << 10, q.capacityBytes(), "nothing reserved up front beyond the first ring");
        int n = 0;
        while (q.offer(datagram(n, 8000))) { // nobody consumes: it grows up to its maximum, then refuses
            n++;
        }
        assertEquals(4 << 20, q.capacityBytes(), "grew by doubling to the maximum");
        assertTrue(n > 500, n + " datagrams of 8,000 bytes held");
        byte[] out = new byte[65_536];
        for (int i = 0; i < n; i++) {
            assertEquals(8000, q.poll(out));
            assertEquals(i, ByteBuffer.wrap(out).getInt(0), "in the order they went in, across rings");
        }
        assertEquals(-1, q.poll(out));
        assertTrue(q.isEmpty());
        assertTrue(q.offer(datagram(7, 10)));
        assertFalse(q.isEmpty());
        assertEquals(10, q.poll(out));
    }

    @Test
    void aQueueKeptUpWithStaysAtItsFirstRing() {
        DatagramQueue q = new DatagramQueue(64 << 20);
        byte[] out = new byte[65_536];
        for (int i = 0; i < 100_000; i++) {
            assertTrue(q.offer(datagram(i, 600)));
            assertEquals(600, q.poll(out));
        }
        assertEquals(256 << 10, q.capacityBytes());
    }
}
