package telemetry.ingester.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import telemetry.testing.Datagrams;

class HistoryTest {

    private static WindowAccumulator.SampleFacts facts(int requests) {
        double[] durations = new double[requests];
        java.util.Arrays.fill(durations, 0.01);
        int[] statuses = new int[requests];
        java.util.Arrays.fill(statuses, 404);
        return new WindowAccumulator.SampleFacts(
                Datagrams.decode(new Datagrams().sample(1, 1, "h", "g", durations, statuses)), 1.0);
    }

    @Test
    void samplesWithinAStepMergeAndTheRingKeepsTheNewestPoints() {
        History h = new History(5);
        for (int second = 0; second < 40; second++) {
            h.add(1000 + second + 0.1, 1.0, facts(2), second, 0.01, 0.02);
            h.add(1000 + second + 0.6, 1.0, facts(3), second, 0.01, 0.03);
        }
        assertEquals(5, h.size(), "capacity");
        for (int i = 0; i < 5; i++) {
            assertEquals(1035 + i, h.start(i), 1e-9, "oldest first, newest kept");
            assertEquals(5, h.requests(i));
            assertEquals(2, h.samples(i));
            assertEquals(5, h.status4xx(i));
            assertEquals(2.5, h.throughput(i), 1e-6, "5 requests over two 1-s sample periods");
            assertEquals(0.03, h.requestTimeP95(i), 1e-6);
        }
        h.trim(1037.5);
        assertEquals(2, h.size());
        assertEquals(1038, h.start(0), 1e-9);
    }

    @Test
    void growsFromSmallToCapacityKeepingOrder() {
        History h = new History(100);
        for (int i = 0; i < 70; i++) {
            h.add(i, 1.0, facts(i % 4), i, 0.01, 0.01);
        }
        assertEquals(70, h.size());
        for (int i = 0; i < 70; i++) {
            assertEquals(i, h.start(i), 1e-9);
            assertEquals(i % 4, h.requests(i));
        }
    }

    @Test
    void samplePercentileFromNonZeroBucketsEqualsTheReference() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(40);
            double[] durations = new double[n];
            for (int i = 0; i < n; i++) {
                durations[i] = Math.exp(random.nextDouble(-9, 5)); // 0.1 ms to 150 s, overflow included
            }
            int[] statuses = new int[n];
            java.util.Arrays.fill(statuses, 200);
            telemetry.wire.Datagram d = Datagrams.decode(new Datagrams().sample(1, 1, "h", "g", durations, statuses));
            WindowAccumulator.SampleFacts f = new WindowAccumulator.SampleFacts(d, 1.0);
            int[] histogram = d.intArray(telemetry.wire.Phase.REQUEST_TIME.buckets());
            for (double p : new double[] {0.0, 0.5, 0.95, 0.99, 1.0}) {
                assertEquals(telemetry.wire.LatencyBuckets.percentile(histogram, p),
                        f.percentile(telemetry.wire.Phase.REQUEST_TIME, p), 0.0);
            }
        }
    }
}
