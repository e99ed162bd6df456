package telemetry.http.whiteboard.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conversion on clocks driven by hand: every expected value is worked out below from the clock
 * readings, so nothing depends on the host's clocks or its load.
 */
class EpochMillisClockTest {

    /** 2023-11-14T22:13:20.123456789Z on the wall clock. */
    private static final Instant WALL = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    private static final long STAMP = 1_700_000_000_123L; // the Jetty 9.4 stamp of that millisecond

    private final Deque<Long> nanoReads = new ArrayDeque<>();
    private Instant wall = WALL;
    private final EpochMillisClock clock;

    EpochMillisClockTest() {
        // calibration: nanoTime reads 1_000 before and 3_000 after the wall clock, so the wall clock is taken at 2_000
        nanoReads.addAll(List.of(1_000L, 3_000L));
        clock = new EpochMillisClock(nanoReads::removeFirst, () -> wall);
    }

    @Test
    void aStampIsTakenAtTheMiddleOfItsMillisecond() {
        // 123.5 ms into the second is 43_211 ns after the calibration's 123_456_789 ns, which was nanoTime 2_000
        assertEquals(45_211, clock.toNanoTime(STAMP, 2_000_000));
        assertEquals(45_211 - 1_000_000, clock.toNanoTime(STAMP - 1, 2_000_000), "one millisecond earlier");
        assertEquals(45_211 + 999_000_000, clock.toNanoTime(STAMP + 999, 1_000_000_000), "999 ms later");
    }

    @Test
    void neverLaterThanNowAndNowWhenUnset() {
        assertEquals(45_000, clock.toNanoTime(STAMP, 45_000), "a stamp after now is now");
        assertEquals(45_211, clock.toNanoTime(STAMP, 45_211), "a stamp exactly now");
        assertEquals(777, clock.toNanoTime(0, 777));
        assertEquals(777, clock.toNanoTime(-5, 777));
    }

    @Test
    void theOffsetIsMeasuredAgainAfterASecondSoAWallClockStepIsFollowed() {
        // one second and 1 ns after the calibration the wall clock reads 5 ms more than nanoTime has advanced (an NTP
        // step)
        wall = WALL.plusNanos(1_000_000_001L + 5_000_000);
        assertEquals(45_211, clock.toNanoTime(STAMP, 1_000_002_000), "a second after the calibration: the old offset");
        assertEquals(0, nanoReads.size());
        nanoReads.addAll(List.of(1_000_002_001L, 1_000_002_001L));
        assertEquals(45_211 - 5_000_000, clock.toNanoTime(STAMP, 1_000_002_001), "more than a second: measured again");
        assertEquals(0, nanoReads.size(), "the clocks were read again");
        assertEquals(45_211 - 5_000_000, clock.toNanoTime(STAMP, 1_000_002_002), "and the new offset kept");
    }
}
