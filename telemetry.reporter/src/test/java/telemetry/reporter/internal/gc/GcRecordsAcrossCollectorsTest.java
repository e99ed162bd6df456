package telemetry.reporter.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import telemetry.testing.DatagramReceiver;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;

/**
 * gc records from real JVMs started with each collector, against what the JVM's own
 * {@code GarbageCollectorMXBean}s counted over the same period: a child JVM runs a real reporter
 * to a real UNIX datagram socket, allocates and calls {@code System.gc()}; its pauses arrive as
 * gc_event and gc_snapshot records. Counts must agree exactly (per collector, by pause class), total
 * pause time within 1 ms per pause (the beans count milliseconds).
 */
class GcRecordsAcrossCollectorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // flag | young collector (classes 0 and 1) | full collector (class 2)
                "-XX:+UseG1GC | G1 Young Generation | G1 Old Generation",
                "-XX:+UseParallelGC | PS Scavenge | PS MarkSweep",
                "-XX:+UseSerialGC | Copy | MarkSweepCompact",
            })
    void gcRecordsAgreeWithTheCollectorBeans(String flag, String youngBean, String fullBean, @TempDir Path dir)
            throws Exception {
        Path socket = dir.resolve("gc.sock");
        try (DatagramReceiver receiver = DatagramReceiver.bind(socket)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(
                            java.toString(),
                            flag,
                            "-Xmx64m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            GcChild.class.getName(),
                            socket.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("READY", out.readLine());
                // The child's start-up pauses are reported too: the baseline is two ticks with no pause between.
                Datagram base = receiver.await(Kind.GC_SNAPSHOT, Duration.ofSeconds(10));
                Datagram next;
                while (collections(next = receiver.await(Kind.GC_SNAPSHOT, Duration.ofSeconds(10)))
                        != collections(base)) {
                    base = next;
                }
                Datagram baseline = next;
                child.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
                child.getOutputStream().flush();
                Map<String, long[]> beans = beans(out);
                assertEquals(2, beans.size(), () -> "collector beans " + beans.keySet());
                long[] young = beans.get(youngBean);
                long[] full = beans.get(fullBean);
                assertTrue(young != null && full != null, () -> "collector beans " + beans.keySet());
                assertTrue(young[0] > 0, "the workload made young pauses");
                assertTrue(full[0] > 0, "System.gc() made a full pause");
                long pauses = young[0] + full[0];

                // The reporter sends the pauses on its next ticks: wait for a snapshot that counts them all,
                // then for the next tick's, so that the events sent after the first one are in too.
                long before = collections(baseline);
                Datagram counted = receiver.await(
                        Kind.GC_SNAPSHOT, d -> collections(d) - before >= pauses, Duration.ofSeconds(20));
                Datagram snapshot =
                        receiver.await(Kind.GC_SNAPSHOT, d -> d.seq() > counted.seq(), Duration.ofSeconds(10));
                assertEquals(
                        pauses,
                        collections(snapshot) - before,
                        () -> "no pause counted twice or missed: beans young " + young[0] + " full " + full[0]
                                + ", snapshot " + snapshot + ", baseline " + baseline);
                assertEquals(
                        young[0],
                        delta(snapshot, baseline, Field.GC_COLLECTIONS0)
                                + delta(snapshot, baseline, Field.GC_COLLECTIONS1),
                        youngBean + " pauses are class 0 (young) or 1 (mixed)");
                assertEquals(
                        full[0],
                        delta(snapshot, baseline, Field.GC_COLLECTIONS2),
                        fullBean + " pauses are class 2 (full)");
                assertEquals(0, snapshot.longValue(Field.GC_DROPPED_EVENTS, -1), "every pause was sent as an event");
                if (!flag.contains("G1")) {
                    assertEquals(0, snapshot.longValue(Field.GC_COLLECTIONS1, -1), "no mixed pauses outside G1");
                }

                List<Datagram> events = new ArrayList<>();
                for (Datagram d : receiver.received(Kind.GC_EVENT)) {
                    if (d.seq() > baseline.seq() && d.seq() < snapshot.seq()) {
                        events.add(d);
                    }
                }
                // On a busy host the kernel queue (net.unix.max_dgram_qlen) can overflow while the reporter
                // sends a burst of events, and the reporter drops what stays queued too long. Such losses
                // are seq gaps: every event not received must be one of them.
                long between = receiver.received().stream()
                        .filter(d -> d.seq() > baseline.seq() && d.seq() < snapshot.seq())
                        .count();
                long lost = snapshot.seq() - baseline.seq() - 1 - between;
                long[] eventCount = new long[3];
                double[] eventSeconds = new double[3];
                for (Datagram e : events) {
                    int g = (int) e.longValue(Field.GC_EVENT_GENERATION, -1);
                    eventCount[g]++;
                    eventSeconds[g] += e.doubleValue(Field.GC_EVENT_DURATION, Double.NaN);
                    assertTrue(e.doubleValue(Field.GC_EVENT_START_STAMP, 0) > 1.7e9, "start stamp in epoch seconds");
                    assertEquals(0, e.longValue(Field.GC_EVENT_UNCOLLECTABLE, -1));
                }
                if (lost == 0) {
                    assertEquals(young[0], eventCount[0] + eventCount[1], "young-collector events");
                    assertEquals(full[0], eventCount[2], "full events");
                    double youngMillis = (eventSeconds[0] + eventSeconds[1]) * 1000;
                    double fullMillis = eventSeconds[2] * 1000;
                    assertTrue(
                            Math.abs(youngMillis - young[1]) <= young[0],
                            () -> "young pause time " + youngMillis + " ms, the bean says " + young[1] + " ms over "
                                    + young[0]);
                    assertTrue(
                            Math.abs(fullMillis - full[1]) <= full[0],
                            () -> "full pause time " + fullMillis + " ms, the bean says " + full[1] + " ms over "
                                    + full[0]);
                } else {
                    long missing = pauses - events.size();
                    assertTrue(
                            eventCount[0] + eventCount[1] <= young[0] && eventCount[2] <= full[0], "no event invented");
                    assertTrue(
                            missing >= 0 && missing <= lost,
                            "events missing (" + missing + ") are datagrams lost on the way (" + lost + ")");
                }
                assertTrue(snapshot.longValue(Field.GC_COLLECTED2, 0) > 0, "System.gc() reclaimed bytes");
                assertTrue(snapshot.longValue(Field.GC_THRESHOLD2, 0) > 0, "old pools are committed");
                assertEquals(1, snapshot.longValue(Field.GC_IS_ENABLED, -1));
            } finally {
                child.getOutputStream().close();
                if (!child.waitFor(20, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            assertEquals(0, child.exitValue(), "the child JVM ended cleanly");
            Datagram stopped = receiver.await(Kind.PROCESS_STOPPED, Duration.ofSeconds(10));
            assertEquals(Kind.PROCESS_STOPPED, stopped.kind());
        }
    }

    /** The {@code BEAN} lines of the child: name to {count, milliseconds}. */
    private static Map<String, long[]> beans(BufferedReader out) throws Exception {
        Map<String, long[]> beans = new LinkedHashMap<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("DONE")) {
            String[] f = line.split("\t");
            if (f.length == 4 && f[0].equals("BEAN")) {
                beans.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
            }
        }
        return beans;
    }

    private static long delta(Datagram now, Datagram before, Field f) {
        return now.longValue(f, 0) - before.longValue(f, 0);
    }

    private static long collections(Datagram snapshot) {
        return snapshot.longValue(Field.GC_COLLECTIONS0, 0)
                + snapshot.longValue(Field.GC_COLLECTIONS1, 0)
                + snapshot.longValue(Field.GC_COLLECTIONS2, 0);
    }
}
