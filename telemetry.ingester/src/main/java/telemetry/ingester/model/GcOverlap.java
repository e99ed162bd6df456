package telemetry.ingester.model;

import java.util.List;

/**
 * The GC pauses of a slow request's process that overlapped the request. The request is the
 * interval {@code [from, to]}: from its {@code start_stamp} to {@code start_stamp + duration} once
 * completed, to the view's {@code now} while running. A pause {@code [start, start + duration]}
 * overlaps it when {@code start < to} and {@code start + duration > from}; only touching an end
 * is no overlap.
 *
 * @param from start of the request, epoch seconds
 * @param to end of the request (or now), epoch seconds
 * @param count overlapping pauses
 * @param seconds total time of those pauses inside the request (each clipped to {@code [from, to]})
 * @param pauses the overlapping pauses, oldest first, at most {@link #LISTED}
 */
public record GcOverlap(double from, double to, int count, double seconds, List<GcPause> pauses) {

    /** Overlapping pauses listed at most (the count and seconds cover all of them). */
    public static final int LISTED = 16;
}
