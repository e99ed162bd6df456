package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A regression guard for "writing a periodic sample allocates nothing per call" (record writer and encoder): counts the bytes
 * this thread allocates over many encodes (HotSpot's per-thread allocation counter; no timing).
 * The figure itself is measured by the JMH benchmark with {@code -prof gc}.
 */
class EncoderAllocationTest {

    private static final int ENCODES = 20_000;

    @Test
    void encodingAPeriodicSampleAllocatesNothing() throws MalformedDatagramException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        WireEncoder encoder = new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM));
        RecordWriter writer = new RecordWriter(encoder);
        PeriodicSampleFixture.Values sample = PeriodicSampleFixture.of(128, 1); // held as a reporter holds its values
        byte[] expected = PeriodicSampleFixture.bytes(128);
        for (int i = 0; i < ENCODES; i++) { // class loading and first calls out of the way
            sample.writeWith(writer);
        }
        long idle = threads.getCurrentThreadAllocatedBytes();
        idle = threads.getCurrentThreadAllocatedBytes() - idle; // what reading the counter costs

        ByteBuffer written = null;
        long bytesWritten = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ENCODES; i++) {
            written = sample.writeWith(writer);
            bytesWritten += written.remaining();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before - idle;

        // One allocation per encode would be at least 16 B × 20,000 = 320,000 B.
        assertTrue(allocated < 1_000, allocated + " bytes allocated by " + ENCODES + " encodes");
        // What the measured loop wrote: a whole sample each time, the last one as the plain reference writes it.
        assertEquals((long) ENCODES * expected.length, bytesWritten, "every measured encode wrote a whole sample");
        byte[] last = SharedVectorsTest.bytes(written);
        assertArrayEquals(expected, last, "the last measured encode wrote the sample");
        Datagram d = WireDecoder.decode(last);
        assertEquals(sample.requestCount(), d.longValue(Field.REQUEST_COUNT, -1));
        assertArrayEquals(sample.requestThreadsCompleted(), d.intArray(Field.REQUEST_THREADS_COMPLETED));
        assertArrayEquals(
                ReferenceWire.encode(d.kindCode(), d.pid(), d.seq(), d.stamp(), d.fields()),
                last,
                "as the reference writer writes those fields");
    }
}
