package telemetry.ingester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real executable: {@code java -jar target/telemetry-ingester.jar}, its exit codes and signals. */
class MainIT {

    private static final String JAR = System.getProperty("ingester.jar", "target/telemetry-ingester.jar");

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int exit(String... args) throws Exception {
        Process p = start(args);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void exitCodes(@TempDir Path dir) throws Exception {
        assertEquals(0, exit("--help"));
        assertEquals(0, exit("simulate", "--help"));
        assertEquals(2, exit("--no-such-option"));
        assertEquals(2, exit("serve", "--listen", "tcp:1"));
        Path file = Files.writeString(dir.resolve("f.sock"), "x");
        assertEquals(1, exit("serve", "--listen", "unix:" + file, "--http-port", "0"));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void sigtermRemovesTheSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("term.sock");
        Process p = start("--listen", "unix:" + socket, "--http-port", "0", "--socket-mode", "0600");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        String second = out.readLine();
        assertTrue(first != null && first.contains("listening on unix:" + socket), first);
        assertTrue(second != null && second.matches(".*http http://127\\.0\\.0\\.1:\\d+/ \\(port \\d+\\)"), second);
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "socket removed on SIGTERM");
    }
}
