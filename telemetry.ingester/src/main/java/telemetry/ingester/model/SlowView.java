package telemetry.ingester.model;

import telemetry.wire.Datagram;

/**
 * The latest report of one slow request.
 *
 * @param key stable text key (wire-format.md's record key)
 * @param pid process id
 * @param processGroup group of its process
 * @param completed true once a completed (state 1) record arrived
 * @param latest the latest slow_request datagram (all its fields)
 * @param firstHeard ingester time first heard
 * @param lastHeard ingester time last heard
 * @param changedVersion store version at which it last changed
 * @param gcPauses the GC pauses of its process that overlapped it, or null when the process sent no GC record
 */
public record SlowView(
        String key,
        long pid,
        String processGroup,
        boolean completed,
        Datagram latest,
        double firstHeard,
        double lastHeard,
        long changedVersion,
        GcOverlap gcPauses) {}
