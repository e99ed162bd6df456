package telemetry.reporter.internal.recorder;

import java.util.Arrays;
import telemetry.wire.LatencyBuckets;

/**
 * The figures of one worker slot over one interval. Written by the slot's current owner inside a
 * {@link WriterReaderPhaser} critical section; read and cleared by the reader after the flip.
 * Plain fields: the phaser provides the ordering.
 *
 * <p>Laid out for few cache lines per request: a phase's sum, minimum and maximum sit together in
 * {@link #phaseStats}, and the histograms are interleaved bucket-major ({@link #bucket}), so that
 * the five phases of a request, whose durations usually fall in neighbouring buckets, update one or
 * two lines instead of five.</p>
 */
final class SlotAccumulator {

    /** Phases in {@link telemetry.wire.Phase#REPORTED} order. */
    static final int SERVER = 0;

    static final int APPLICATION = 1;
    static final int REQUEST = 2;
    static final int INPUT_READ = 3;
    static final int OUTPUT_WRITE = 4;
    static final int PHASES = 5;

    long completed;
    final long[] statusClasses = new long[5];
    long busyNanos;
    long maxDurationNanos;
    long inputBytes;
    long inputReads;
    long outputBytes;
    long outputWrites;
    /** Per phase: sum, minimum, maximum (nanoseconds), at {@code phase * 3 + SUM/MIN/MAX}. */
    final long[] phaseStats = new long[PHASES * 3];

    static final int SUM = 0;
    static final int MIN = 1;
    static final int MAX = 2;
    /** {@code 65 × PHASES} bucket counts, bucket-major: see {@link #bucket}. */
    final int[] buckets = new int[PHASES * LatencyBuckets.COUNT];

    SlotAccumulator() {
        resetMinima();
    }

    /** Where bucket {@code bucket} of phase {@code phase} is counted in {@link #buckets}. */
    static int bucket(int phase, int bucket) {
        return bucket * PHASES + phase;
    }

    void phase(int phase, long nanos) {
        int at = phase * 3;
        phaseStats[at + SUM] += nanos;
        if (nanos < phaseStats[at + MIN]) {
            phaseStats[at + MIN] = nanos;
        }
        if (nanos > phaseStats[at + MAX]) {
            phaseStats[at + MAX] = nanos;
        }
        buckets[bucket(phase, LatencyBuckets.index(nanos * 1e-9))]++;
    }

    private void resetMinima() {
        for (int p = 0; p < PHASES; p++) {
            phaseStats[p * 3 + MIN] = Long.MAX_VALUE;
        }
    }

    /** Resets to the empty state; cheap when nothing completed. */
    void clear() {
        if (completed != 0) {
            completed = 0;
            Arrays.fill(statusClasses, 0);
            maxDurationNanos = 0;
            inputBytes = 0;
            inputReads = 0;
            outputBytes = 0;
            outputWrites = 0;
            Arrays.fill(phaseStats, 0);
            resetMinima();
            Arrays.fill(buckets, 0);
        }
        busyNanos = 0;
    }
}
