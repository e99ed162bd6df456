package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A regression guard for "encoding a periodic sample allocates nothing per call": counts the bytes
 * this thread allocates over many encodes (HotSpot's per-thread allocation counter; no timing).
 * The figure itself is measured by the JMH benchmark with {@code -prof gc}.
 */
class EncoderAllocationTest {

    private static final int ENCODES = 20_000;

    @Test
    void encodingAPeriodicSampleAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        WireEncoder encoder = new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM));
        byte[] expected = PeriodicSampleFixture.bytes(128);
        for (int i = 0; i < ENCODES; i++) { // class loading and first calls out of the way
            WIRE.encodeInto(encoder);
        }
        long idle = threads.getCurrentThreadAllocatedBytes();
        idle = threads.getCurrentThreadAllocatedBytes() - idle; // what reading the counter costs

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ENCODES; i++) {
            WIRE.encodeInto(encoder);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before - idle;

        // One allocation per encode would be at least 16 B × 20,000 = 320,000 B.
        assertTrue(allocated < 1_000, allocated + " bytes allocated by " + ENCODES + " encodes");
        assertArrayEquals(expected, SharedVectorsTest.bytes(PeriodicSampleFixture.write(encoder, 128, 1)),
                "the encodes wrote the sample");
    }

    /** The sample's values held as a reporter holds them, prepared once, encoded many times. */
    private static final PreparedSample WIRE = new PreparedSample();

    private static final class PreparedSample {
        private final long[] counts = new long[LatencyBuckets.COUNT];
        private final int[] completed = new int[128];
        private final double[] perSlot = new double[128];

        void encodeInto(WireEncoder out) {
            out.begin(Kind.REQUEST_METRICS, 4242, 77, 1.7e9)
                    .text(Field.MOD_WSGI_VERSION, "1.0.0")
                    .text(Field.PYTHON_VERSION, "17.0.15")
                    .text(Field.APACHE_VERSION, "Apache Felix/7.0.5")
                    .text(Field.MPM_NAME, "jetty")
                    .text(Field.HOSTNAME, "app-host-1")
                    .text(Field.PROCESS_GROUP, "shop")
                    .u64(Field.PROCESS_PARENT_PID, 4100)
                    .f64(Field.SAMPLE_PERIOD, 1.0013)
                    .u64(Field.REQUEST_COUNT, 1234);
            for (Phase p : Phase.REPORTED) {
                out.f64(p.mean(), 0.01).f64(p.min(), 0.001).f64(p.max(), 1.5);
                out.i32Array(p.buckets(), counts, counts.length);
            }
            for (int id = 120; id <= 124; id++) {
                out.u64(id, 7);
            }
            out.i32Array(Field.REQUEST_THREADS_COMPLETED, completed, completed.length);
            out.f64Array(Field.REQUEST_THREADS_BUSY_TIME, perSlot, perSlot.length)
                    .f64Array(Field.REQUEST_THREADS_CPU_TIME, perSlot, perSlot.length)
                    .f64Array(Field.REQUEST_THREADS_CURRENT_ELAPSED, perSlot, perSlot.length)
                    .f64Array(Field.REQUEST_THREADS_MAX_DURATION, perSlot, perSlot.length)
                    .finish();
        }
    }
}
