package telemetry.ingester.cli;

/** A bad option or value: printed as one line, exit status 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
