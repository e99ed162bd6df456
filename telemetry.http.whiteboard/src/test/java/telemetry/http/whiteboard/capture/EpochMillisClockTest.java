package telemetry.http.whiteboard.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochMillisClockTest {

    private final EpochMillisClock clock = new EpochMillisClock();

    @Test
    void anInstantAMomentAgoConvertsToAboutTheSameMomentOnTheNanoClock() {
        long nanosBefore = System.nanoTime();
        long millis = System.currentTimeMillis();
        long now = System.nanoTime() + 50_000_000L; // 50 ms later
        long converted = clock.toNanoTime(millis, now);
        // both clocks have at least millisecond resolution: the conversion is within 2 ms
        assertTrue(Math.abs(converted - nanosBefore) < 2_000_000L + (now - nanosBefore - 50_000_000L),
                "converted " + (converted - nanosBefore) + " ns from the instant");
    }

    @Test
    void neverLaterThanNowAndNowWhenUnset() {
        long now = System.nanoTime();
        assertEquals(now, clock.toNanoTime(System.currentTimeMillis() + 60_000, now));
        assertEquals(now, clock.toNanoTime(0, now));
    }
}
