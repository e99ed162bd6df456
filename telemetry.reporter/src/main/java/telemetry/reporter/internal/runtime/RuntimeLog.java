package telemetry.reporter.internal.runtime;

/** Where the runtime reports what an operator must know: the OSGi Log Service when present. */
public interface RuntimeLog {

    void error(String message);

    void warn(String message);

    void info(String message);

    /** The JDK's platform logger: used while no Log Service is available. */
    static RuntimeLog platform() {
        System.Logger logger = System.getLogger("telemetry.reporter");
        return new RuntimeLog() {
            @Override
            public void error(String message) {
                logger.log(System.Logger.Level.ERROR, message);
            }

            @Override
            public void warn(String message) {
                logger.log(System.Logger.Level.WARNING, message);
            }

            @Override
            public void info(String message) {
                logger.log(System.Logger.Level.INFO, message);
            }
        };
    }
}
