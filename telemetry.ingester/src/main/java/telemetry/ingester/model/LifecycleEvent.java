package telemetry.ingester.model;

import telemetry.wire.Datagram;

/**
 * A process_started, process_stopping or process_stopped record as received.
 *
 * @param id increasing number assigned by the store (clients use it to pick up new events)
 * @param received ingester time of receipt, epoch seconds
 * @param hostname host of the process ("" when unknown)
 * @param processGroup group of the process ("" when unknown)
 * @param datagram the record with all its fields
 */
public record LifecycleEvent(long id, double received, String hostname, String processGroup, Datagram datagram) {}
