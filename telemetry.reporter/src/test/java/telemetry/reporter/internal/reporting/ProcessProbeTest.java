package telemetry.reporter.internal.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessProbeTest {

    @TempDir
    Path dir;

    @Test
    void readsCpuTimesAfterACommandNameWithSpacesAndParentheses() throws Exception {
        Path stat = dir.resolve("stat");
        Path status = dir.resolve("status");
        // fields: 1 pid, 2 comm, 3 state, 4 ppid ... 14 utime, 15 stime
        Files.writeString(stat, "4242 (java (main) x) S 4100 4242 4100 0 -1 4194560 1000 0 0 0 250 62 0 0 20 0 30\n");
        Files.writeString(
                status, "Name:\tjava\nVmPeak:\t 999 kB\nVmHWM:\t  294912 kB\nVmRSS:\t  262144 kB\nThreads:\t30\n");
        try (ProcessProbe probe = new ProcessProbe(stat, status)) {
            probe.read();
            assertEquals(2.50, probe.cpuUserSeconds(), 1e-12);
            assertEquals(0.62, probe.cpuSystemSeconds(), 1e-12);
            assertEquals(268_435_456L, probe.rssBytes());
            assertEquals(301_989_888L, probe.maxRssBytes());

            Files.writeString(stat, "4242 (java) S 4100 4242 4100 0 -1 4194560 1000 0 0 0 300 70 0 0 20 0 30\n");
            probe.read();
            assertEquals(3.00, probe.cpuUserSeconds(), 1e-12, "the open file is re-read at each reading");
        }
    }

    @Test
    void missingFilesLeaveZeros() {
        try (ProcessProbe probe = new ProcessProbe(dir.resolve("none"), dir.resolve("nothing"))) {
            probe.read();
            assertEquals(0.0, probe.cpuUserSeconds());
            assertEquals(0, probe.rssBytes());
        }
    }

    @Test
    void readsThisProcess() {
        try (ProcessProbe probe = new ProcessProbe()) {
            probe.read();
            assertTrue(probe.rssBytes() > 1_000_000, "a JVM has more than 1 MB resident");
            assertTrue(probe.maxRssBytes() >= probe.rssBytes());
            assertTrue(probe.cpuUserSeconds() + probe.cpuSystemSeconds() > 0);
        }
    }
}
