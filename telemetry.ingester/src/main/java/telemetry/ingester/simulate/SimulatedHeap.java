package telemetry.ingester.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import telemetry.wire.GcEvent;
import telemetry.wire.GcSnapshot;

/**
 * The garbage collector of a simulated JVM, G1-shaped: eden fills with the request rate and a young
 * pause (a few milliseconds) empties it into survivor and old; old grows until a mixed pause
 * reclaims part of it; now and then a full collection (hundreds of milliseconds) empties it. Each
 * tick yields the pauses since the previous one and the snapshot after them, as the reporter sends
 * them. Not thread-safe: owned by the simulator's thread.
 */
final class SimulatedHeap implements GcSnapshot {

    /** The reporter's per-tick cap on gc_event records. */
    static final int EVENTS_PER_TICK = 64;

    private static final long MIB = 1L << 20;

    private final SplittableRandom random;
    private final long edenCommitted;
    private final long survivorCommitted;
    private final long oldCommitted;
    private long eden;
    private long survivor;
    private long old;
    private final long[] collections = new long[3];
    private final long[] collected = new long[3];
    private long dropped;

    /** One pause. */
    record Pause(double startStamp, double duration, long generation, long collected) implements GcEvent {}

    SimulatedHeap(SplittableRandom random) {
        this.random = random;
        this.edenCommitted = (16 + random.nextInt(32)) * MIB;
        this.survivorCommitted = 16 * MIB;
        this.oldCommitted = (256 + random.nextInt(256)) * MIB;
        this.old = oldCommitted / 8;
    }

    /**
     * Runs the heap from {@code from} to {@code to} (epoch seconds) allocating {@code bytesPerSecond}
     * and returns the pauses in that time, oldest first, at most {@link #EVENTS_PER_TICK} (the rest
     * counted as dropped). {@code forceFull} puts a full collection in the interval.
     */
    List<Pause> advance(double from, double to, double bytesPerSecond, boolean forceFull) {
        List<Pause> pauses = new ArrayList<>();
        double t = from;
        double span = Math.max(0, to - from);
        double fullAt = forceFull ? from + span * (0.2 + 0.6 * random.nextDouble()) : Double.NaN;
        while (t < to) {
            long room = Math.max(MIB, edenCommitted - eden);
            double untilYoung = room / Math.max(1.0, bytesPerSecond);
            if (!Double.isNaN(fullAt) && fullAt < t + untilYoung) {
                eden += (long) ((fullAt - t) * bytesPerSecond);
                t = fullAt;
                fullAt = Double.NaN;
                pauses.add(full(t));
                t += pauses.get(pauses.size() - 1).duration();
                continue;
            }
            if (t + untilYoung >= to) {
                eden += (long) ((to - t) * bytesPerSecond);
                break;
            }
            t += untilYoung;
            eden = edenCommitted;
            Pause young = young(t);
            pauses.add(young);
            t += young.duration();
            if (old > oldCommitted * 0.7 && random.nextDouble() < 0.5) {
                Pause mixed = mixed(t + 0.001);
                pauses.add(mixed);
                t = mixed.startStamp() + mixed.duration();
            }
        }
        if (pauses.size() > EVENTS_PER_TICK) {
            dropped += pauses.size() - EVENTS_PER_TICK;
            return pauses.subList(0, EVENTS_PER_TICK);
        }
        return pauses;
    }

    private Pause young(double at) {
        long before = eden + survivor;
        long promoted = (long) (survivor * 0.3);
        survivor = Math.min(survivorCommitted, (long) (eden * (0.02 + 0.05 * random.nextDouble())));
        old = Math.min(oldCommitted, old + promoted + MIB / 4);
        eden = 0;
        double ms = 2 + 6 * Math.exp(0.5 * random.nextGaussian());
        return record(0, at, ms / 1000, Math.max(0, before - survivor - promoted));
    }

    private Pause mixed(double at) {
        long freed = (long) (old * (0.2 + 0.2 * random.nextDouble()));
        old -= freed;
        double ms = 10 + 20 * random.nextDouble();
        return record(1, at, ms / 1000, freed);
    }

    private Pause full(double at) {
        long before = eden + survivor + old;
        eden = 0;
        survivor = 0;
        old = oldCommitted / 10;
        double ms = 250 + 500 * random.nextDouble();
        return record(2, at, ms / 1000, Math.max(0, before - old));
    }

    private Pause record(int generation, double at, double seconds, long freed) {
        collections[generation]++;
        collected[generation] += freed;
        return new Pause(at, seconds, generation, freed);
    }

    @Override
    public long count(int generation) {
        return switch (generation) {
            case 0 -> eden;
            case 1 -> survivor;
            default -> old;
        };
    }

    @Override
    public long threshold(int generation) {
        return switch (generation) {
            case 0 -> edenCommitted;
            case 1 -> survivorCommitted;
            default -> oldCommitted;
        };
    }

    @Override
    public long collections(int generation) {
        return collections[generation];
    }

    @Override
    public long collected(int generation) {
        return collected[generation];
    }

    @Override
    public long droppedEvents() {
        return dropped;
    }
}
