package telemetry.reporter.internal.recorder;

import java.util.Arrays;

import telemetry.wire.LatencyBuckets;

/**
 * The figures of one worker slot over one interval. Written by the slot's current owner inside a
 * {@link WriterReaderPhaser} critical section; read and cleared by the reader after the flip.
 * Plain fields: the phaser provides the ordering.
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
    final long[] phaseSumNanos = new long[PHASES];
    final long[] phaseMinNanos = new long[PHASES];
    final long[] phaseMaxNanos = new long[PHASES];
    /** {@code PHASES × 65} bucket counts, phase-major. */
    final int[] buckets = new int[PHASES * LatencyBuckets.COUNT];

    SlotAccumulator() {
        Arrays.fill(phaseMinNanos, Long.MAX_VALUE);
    }

    void phase(int phase, long nanos) {
        phaseSumNanos[phase] += nanos;
        if (nanos < phaseMinNanos[phase]) {
            phaseMinNanos[phase] = nanos;
        }
        if (nanos > phaseMaxNanos[phase]) {
            phaseMaxNanos[phase] = nanos;
        }
        buckets[phase * LatencyBuckets.COUNT + LatencyBuckets.index(nanos * 1e-9)]++;
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
            Arrays.fill(phaseSumNanos, 0);
            Arrays.fill(phaseMinNanos, Long.MAX_VALUE);
            Arrays.fill(phaseMaxNanos, 0);
            Arrays.fill(buckets, 0);
        }
        busyNanos = 0;
    }
}
