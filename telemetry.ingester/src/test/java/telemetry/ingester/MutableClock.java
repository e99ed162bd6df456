package telemetry.ingester;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand. */
public final class MutableClock implements InstantSource {

    private volatile long millis;

    public MutableClock(long epochMillis) {
        this.millis = epochMillis;
    }

    public void advance(Duration d) {
        millis += d.toMillis();
    }

    public double seconds() {
        return millis / 1000.0;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }
}
