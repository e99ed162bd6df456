package telemetry.api;

/** The request phases a JVM reporter measures; see the wire format for their exact meaning. */
public enum RequestPhase {
    /** From when the HTTP server began the request to entering the servlet chain. */
    SERVER_TIME,
    /** Inside the servlet chain, async completion included. */
    APPLICATION_TIME,
    /** Server time plus application time. */
    REQUEST_TIME,
    /** Time spent in request-body reads. */
    INPUT_READ_TIME,
    /** Time spent in response writes and flushes. */
    OUTPUT_WRITE_TIME
}
