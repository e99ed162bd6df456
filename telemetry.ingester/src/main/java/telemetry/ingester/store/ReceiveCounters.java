package telemetry.ingester.store;

/** What the receive side knows that the store does not: readable from any thread. */
public interface ReceiveCounters {

    /** Datagrams taken from the socket, valid or not. */
    long received();

    /** Datagrams lost inside the ingester because its queue was full. */
    long ringOverflows();

    /** Datagrams longer than 65,536 bytes, discarded. */
    long oversized();

    /** Times the receive queue was full and the receive thread waited for the store (overload). */
    default long queueStalls() {
        return 0;
    }

    /** Counters for a store fed without a socket (tests, files): everything the store saw. */
    static ReceiveCounters of(TelemetryStore store) {
        return new ReceiveCounters() {
            @Override
            public long received() {
                return store.datagrams();
            }

            @Override
            public long ringOverflows() {
                return 0;
            }

            @Override
            public long oversized() {
                return 0;
            }
        };
    }
}
