package telemetry.reporter.internal.recorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * HdrHistogram's writer/reader phaser (Gil Tene's algorithm, public domain), reduced to what one
 * worker slot needs.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>Writers bracket each update of the active buffer with {@link #writerEnter()} and
 * {@link #writerExit(long)} (in {@code finally}). Both are one atomic add: wait-free.</li>
 * <li>One reader at a time (the caller holds the recorder's reader lock) swaps the buffers, then
 * calls {@link #flipPhase()}. When it returns, every writer that could have seen the old buffer has
 * left its critical section, so the old buffer can be read and cleared without races.</li>
 * <li>{@code flipPhase} waits only for writers already inside a critical section (a few
 * nanoseconds of work each); it never waits for a writer that has not started.</li>
 * </ol>
 */
final class WriterReaderPhaser {

    private static final VarHandle START;
    private static final VarHandle EVEN_END;
    private static final VarHandle ODD_END;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            START = l.findVarHandle(WriterReaderPhaser.class, "startEpoch", long.class);
            EVEN_END = l.findVarHandle(WriterReaderPhaser.class, "evenEndEpoch", long.class);
            ODD_END = l.findVarHandle(WriterReaderPhaser.class, "oddEndEpoch", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long startEpoch = 0;
    private volatile long evenEndEpoch = 0;
    private volatile long oddEndEpoch = Long.MIN_VALUE;

    /** Enters a writer critical section; pass the answer to {@link #writerExit(long)}. */
    long writerEnter() {
        return (long) START.getAndAdd(this, 1L);
    }

    void writerExit(long criticalValueAtEnter) {
        if (criticalValueAtEnter < 0) {
            ODD_END.getAndAdd(this, 1L);
        } else {
            EVEN_END.getAndAdd(this, 1L);
        }
    }

    /** Waits until no writer is still in the phase that was current before the call. */
    void flipPhase() {
        boolean nextPhaseIsEven = startEpoch < 0;
        long initialStartValue = nextPhaseIsEven ? 0 : Long.MIN_VALUE;
        if (nextPhaseIsEven) {
            evenEndEpoch = initialStartValue;
        } else {
            oddEndEpoch = initialStartValue;
        }
        long startValueAtFlip = (long) START.getAndSet(this, initialStartValue);
        while ((nextPhaseIsEven ? oddEndEpoch : evenEndEpoch) != startValueAtFlip) {
            Thread.onSpinWait();
        }
    }
}
