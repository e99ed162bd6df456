package telemetry.itest;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;

/**
 * The reporter as a test inside the framework sees it: its status (the service properties of its
 * {@code telemetry:status} command), the ERRORs it logged, and a way back to nothing configured.
 */
final class ReporterState {

    static final String PID = "telemetry.reporter";

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final LogReaderService logReader;

    ReporterState(BundleContext context, ConfigurationAdmin configAdmin, LogReaderService logReader) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.logReader = logReader;
    }

    /** A property of the reporter's status, or {@code null}. */
    String status(String property) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(telemetry.reporter.state=*)");
        if (refs == null || refs.length == 0) {
            return null;
        }
        Object value = refs[0].getProperty(property);
        return value == null ? null : value.toString();
    }

    /** The ERROR entries logged since {@code sinceMillis} whose message contains every part. */
    List<String> errorsSince(long sinceMillis, String... parts) {
        List<String> found = new ArrayList<>();
        for (LogEntry entry : Collections.list(logReader.getLog())) {
            if (entry.getTime() >= sinceMillis
                    && entry.getLogLevel() == LogLevel.ERROR
                    && Arrays.stream(parts).allMatch(entry.getMessage()::contains)) {
                found.add(entry.getMessage());
            }
        }
        return found;
    }

    /**
     * Back to nothing configured, whatever ran before: no .cfg of the reporter in the FileInstall
     * folder ({@code telemetry.reporter.cfg} or a factory's {@code telemetry.reporter-name.cfg}),
     * no configuration of the PID (singleton or factory), reporting off, nothing rejected.
     */
    void clear(Duration wait) throws Exception {
        Path etc = Paths.get(context.getProperty(ItestOptions.FILEINSTALL_DIR));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, PID + "{,-*}.cfg")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
        // FileInstall deletes the configuration it made from a file at its next poll; when it no
        // longer finds that one, it deletes getConfiguration(PID) instead, which by then may be the
        // configuration a test has just made. So wait until it has done so.
        Await.until(
                "FileInstall deleting the configurations it made from the reporter's files",
                wait,
                () -> configAdmin.listConfigurations("(felix.fileinstall.filename=*/" + PID + "*.cfg)") == null);
        Configuration[] left = configAdmin.listConfigurations("(|(" + Constants.SERVICE_PID + "=" + PID + ")("
                + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + PID + "))");
        for (Configuration configuration : left == null ? new Configuration[0] : left) {
            configuration.delete();
        }
        Await.until(
                "reporting off with nothing rejected",
                wait,
                () -> "off".equals(status("telemetry.reporter.state"))
                        && status("telemetry.reporter.rejection") == null);
    }
}
