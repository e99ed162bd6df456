package telemetry.wire;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The values of one gc_snapshot record (kind 8), as {@link RecordWriter#gcSnapshot} reads them.
 * {@code generation} is 0, 1 or 2: in the JVM mapping of wire-format.md the pool role (eden,
 * survivor, old) for {@link #count}/{@link #threshold}, the pause class (young, mixed/concurrent,
 * full) for {@link #collections}/{@link #collected}. The defaults are what a JVM reporter sends.
 */
@ConsumerType
public interface GcSnapshot {

    /** Fields 300–302 {@code gc_countN}: bytes used now in the pools of that role. */
    long count(int generation);

    /** Fields 303–305 {@code gc_thresholdN}: bytes committed for the same pools. */
    long threshold(int generation);

    /** Fields 306–308 {@code gc_collectionsN}: pauses of that class since the reporter started. */
    long collections(int generation);

    /** Fields 309–311 {@code gc_collectedN}: bytes reclaimed by pauses of that class since the reporter started. */
    long collected(int generation);

    /** Fields 312–314 {@code gc_uncollectableN}: 0 on a JVM. */
    default long uncollectable(int generation) {
        return 0;
    }

    /** Field 315 {@code gc_is_enabled}: always on for a JVM. */
    default boolean isEnabled() {
        return true;
    }

    /** Field 316 {@code gc_freeze_count}: 0 on a JVM. */
    default long freezeCount() {
        return 0;
    }

    /** Field 317 {@code gc_dropped_events}: events not sent because of the per-tick cap (cumulative). */
    long droppedEvents();
}
