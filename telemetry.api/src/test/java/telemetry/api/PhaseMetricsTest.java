package telemetry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PhaseMetricsTest {

    @Test
    void holdsTheWireFormatsSixtyFiveBuckets() {
        long[] buckets = new long[65];
        buckets[3] = 2;
        buckets[64] = 1;
        PhaseMetrics phase = new PhaseMetrics(0.5, 0.001, 70.0, buckets);
        buckets[3] = 99; // the record keeps its own copy
        assertEquals(3, phase.count());
        assertEquals(2, phase.buckets()[3]);
    }

    @Test
    void rejectsAnyOtherBucketCountNamingBoth() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new PhaseMetrics(0, Double.NaN, Double.NaN, new long[64]));
        assertEquals("a phase histogram has 65 buckets, got 64", e.getMessage());
    }
}
