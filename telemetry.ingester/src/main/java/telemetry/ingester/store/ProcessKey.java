package telemetry.ingester.store;

/**
 * Identity of a reporting process: pid plus host name (empty until a datagram carrying the host
 * name arrives).
 */
public record ProcessKey(long pid, String hostname) {

    /** A stable text form for clients: {@code pid@hostname}. */
    public String text() {
        return pid + "@" + hostname;
    }
}
