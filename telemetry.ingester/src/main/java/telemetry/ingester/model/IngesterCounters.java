package telemetry.ingester.model;

/**
 * The ingester's own counters at the moment of a view.
 *
 * @param received datagrams taken from the socket, valid or not
 * @param stored datagrams handed to the store, valid or not
 * @param decodeErrors invalid datagrams
 * @param lastDecodeError message of the last invalid datagram, or null
 * @param mistypedFields known fields that arrived with a type that could not stand for theirs (kept as {@code id<N>})
 * @param drops sequence gaps (datagrams lost between senders and the ingester)
 * @param ringOverflows datagrams lost inside the ingester (queue full)
 * @param queueStalls times the receive queue was full and the receive thread waited
 * @param oversized datagrams longer than 65,536 bytes
 * @param unknownKinds datagrams of an unknown kind
 * @param processesEvicted processes evicted at the bound
 * @param processesRemoved processes removed after silence
 * @param slowEvicted slow records evicted at the bound
 * @param slowExpired slow records expired
 * @param eventsEvicted lifecycle events evicted
 * @param groupsEvicted process groups evicted
 * @param gcEventsInvalid gc_event records without a valid start, duration or class (0, 1, 2), counted and not stored
 * @param lastGcEventError why the last of them was not stored, or null
 */
public record IngesterCounters(
        long received,
        long stored,
        long decodeErrors,
        String lastDecodeError,
        long mistypedFields,
        long drops,
        long ringOverflows,
        long queueStalls,
        long oversized,
        long unknownKinds,
        long processesEvicted,
        long processesRemoved,
        long slowEvicted,
        long slowExpired,
        long eventsEvicted,
        long groupsEvicted,
        long gcEventsInvalid,
        String lastGcEventError) {}
