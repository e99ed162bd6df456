package telemetry.ingester.model;

import java.util.List;

/**
 * One GC pause of a process, as its gc_event record (kind 9) said.
 *
 * @param startStamp epoch seconds when the pause started (sender's clock)
 * @param duration seconds the pause lasted
 * @param generation pause class: 0 young, 1 mixed/concurrent, 2 full
 * @param collected bytes reclaimed
 */
public record GcPause(double startStamp, double duration, int generation, long collected) {

    /** Names of the pause classes, by class: JSON keys and the Prometheus {@code generation} label. */
    public static final List<String> GENERATIONS = List.of("young", "mixed", "full");

    public String generationName() {
        return GENERATIONS.get(generation);
    }

    /** Epoch seconds when the pause ended. */
    public double endStamp() {
        return startStamp + duration;
    }

    /**
     * Seconds of this pause inside {@code [from, to]} (0 when they do not overlap): its own duration
     * when it lies wholly inside (exact, not a difference of two epoch stamps, which carries
     * ~0.2 µs of rounding), otherwise the clipped part.
     */
    public double overlap(double from, double to) {
        if (startStamp >= from && endStamp() <= to) {
            return duration;
        }
        return Math.max(0.0, Math.min(to, endStamp()) - Math.max(from, startStamp));
    }
}
