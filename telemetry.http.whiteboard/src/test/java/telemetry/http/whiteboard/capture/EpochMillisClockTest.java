package telemetry.http.whiteboard.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochMillisClockTest {

    private static final long MILLI = 1_000_000L;

    private final EpochMillisClock clock = new EpochMillisClock();

    @Test
    void anInstantConvertsToWithinItsMillisecondOnTheNanoClock() {
        for (int i = 0; i < 1000; i++) {
            long before = System.nanoTime();
            long millis = System.currentTimeMillis();
            long after = System.nanoTime();
            long converted = clock.toNanoTime(millis, after + 50 * MILLI);
            // the true instant lies in [before - 1 ms, after]; the conversion takes the middle of the millisecond
            assertTrue(converted >= before - MILLI - MILLI / 2 && converted <= after + MILLI,
                    "converted " + (converted - before) + " ns from the read, which took " + (after - before) + " ns");
        }
    }

    @Test
    void neverLaterThanNowAndNowWhenUnset() {
        long now = System.nanoTime();
        assertEquals(now, clock.toNanoTime(System.currentTimeMillis() + 60_000, now));
        assertEquals(now, clock.toNanoTime(0, now));
    }
}
