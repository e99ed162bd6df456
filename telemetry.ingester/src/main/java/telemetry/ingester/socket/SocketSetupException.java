package telemetry.ingester.socket;

import java.nio.file.Path;

/** The socket could not be set up; the message names the path and the cause. Exit status 1. */
public final class SocketSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    public SocketSetupException(Path path, String cause) {
        super("cannot listen on unix:" + path + ": " + cause);
    }

    public SocketSetupException(Path path, String cause, Throwable t) {
        super("cannot listen on unix:" + path + ": " + cause, t);
    }
}
