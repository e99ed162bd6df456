package telemetry.ingester.model;

import telemetry.wire.Datagram;

/**
 * A process's garbage collection beyond its windows.
 *
 * @param latest the last gc_snapshot record (all its fields), or null before the first
 * @param latestReceived ingester time it arrived, NaN before the first
 * @param pausesTotal gc_event records stored over the process's life
 * @param pausesEvicted pauses dropped from the process's pause list at its cap before the retention
 * @param pausesKept pauses in the process's list now (they are in {@code /api/history})
 */
public record GcProcessView(
        Datagram latest, double latestReceived, long pausesTotal, long pausesEvicted, int pausesKept) {}
