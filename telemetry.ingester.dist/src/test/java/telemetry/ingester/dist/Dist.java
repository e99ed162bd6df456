package telemetry.ingester.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The distribution archive built by this module, unpacked with tar the way an operator does. */
final class Dist {

    static final Path ARCHIVE = Path.of(System.getProperty("dist.archive", "target/telemetry-ingester.tar.gz"));
    static final String FOLDER = System.getProperty("dist.folder", "telemetry-ingester");
    /** This module's src/, for test resources that are not part of the archive. */
    static final Path SOURCES = Path.of(System.getProperty("dist.sources", "src"));

    private Dist() {}

    /** Unpacks the archive under {@code parent} and answers the installation folder. */
    static Path unpack(Path parent) throws Exception {
        if (!Files.isRegularFile(ARCHIVE)) {
            throw new AssertionError(ARCHIVE + " is missing: run the module's package phase first (mvn verify)");
        }
        Command tar = Command.run(Duration.ofMinutes(1), "tar", "-xzf", ARCHIVE.toString(), "-C", parent.toString());
        assertEquals(0, tar.exit(), tar::toString);
        return parent.resolve(FOLDER);
    }
}
