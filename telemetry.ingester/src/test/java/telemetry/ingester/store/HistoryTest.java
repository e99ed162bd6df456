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
                assertEquals(
                        specPercentile(histogram, p),
                        f.percentile(telemetry.wire.Phase.REQUEST_TIME, p),
                        1e-12,
                        () -> "p" + p + " of " + java.util.Arrays.toString(durations));
            }
        }
    }

    @Test
    void samplePercentileByHand() {
        double[] durations = {0.003, 0.003, 0.007, 0.5}; // [3, 3.5), [3, 3.5), [7, 8) and [448, 512) ms
        telemetry.wire.Datagram d = Datagrams.decode(new Datagrams().sample(1, 1, "h", "g", durations, new int[4]));
        WindowAccumulator.SampleFacts f = new WindowAccumulator.SampleFacts(d, 1.0);
        assertEquals(0.003, f.percentile(telemetry.wire.Phase.REQUEST_TIME, 0.0), 1e-12);
        assertEquals(
                0.0035, f.percentile(telemetry.wire.Phase.REQUEST_TIME, 0.5), 1e-12, "the 2nd of 4: all of [3, 3.5)");
        assertEquals(
                0.0075, f.percentile(telemetry.wire.Phase.REQUEST_TIME, 0.625), 1e-12, "the 2.5th: half of [7, 8)");
        assertEquals(
                0.4992, f.percentile(telemetry.wire.Phase.REQUEST_TIME, 0.95), 1e-12, "the 3.8th: 0.8 of [448, 512)");
        assertEquals(0.512, f.percentile(telemetry.wire.Phase.REQUEST_TIME, 1.0), 1e-12);
    }

    /**
     * wire-format.md's percentile, independent of the code under test: bucket i ends at
     * 2^(i/4) * (5 + i % 4) / 4 ms, starts where bucket i-1 ends (bucket 0 at 0), and the overflow
     * bucket answers 65.536 s; the p-th request lies linearly inside its non-empty bucket.
     */
    private static double specPercentile(int[] counts, double p) {
        double rank = p * java.util.Arrays.stream(counts).asLongStream().sum();
        long before = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && before + counts[i] >= rank) {
                if (i == 64) {
                    return 65.536;
                }
                double startMs = i == 0 ? 0 : Math.pow(2, (i - 1) / 4) * (5 + (i - 1) % 4) / 4;
                double endMs = Math.pow(2, i / 4) * (5 + i % 4) / 4;
                return (startMs + (rank - before) / counts[i] * (endMs - startMs)) / 1000;
            }
            before += counts[i];
        }
        return 0;
    }
}
