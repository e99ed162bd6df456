package telemetry.ingester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import telemetry.ingester.Cli;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.model.GroupView;
import telemetry.ingester.model.LifecycleEvent;
import telemetry.ingester.model.PhaseView;
import telemetry.ingester.model.ProcessState;
import telemetry.ingester.model.ProcessView;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.WindowView;
import telemetry.wire.Field;
import telemetry.wire.Phase;

/**
 * simulate into a real ingester. The sender retries a full kernel queue for 30 s instead of 5 ms
 * ({@code --retry}): the ingester is draining, so nothing may be dropped however busy the host, and
 * every count is checked exactly.
 */
class SimulateCommandTest {

    private static final String RETRY = "30s";

    @Test
    void simulatedTrafficArrivesWholeAndConsistent(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("sim.sock");
        try (Ingester ingester = Ingester.start(IngesterConfig.defaults(socket, 0), InstantSource.system())) {
            Cli r = Cli.run(
                    "simulate",
                    "--target",
                    "unix:" + socket,
                    "--processes",
                    "4",
                    "--interval",
                    "100ms",
                    "--duration",
                    "2s",
                    "--lifetime",
                    "700ms",
                    "--slow-probability",
                    "0.3",
                    "--seed",
                    "7",
                    "--retry",
                    RETRY);
            assertEquals(0, r.status, r::toString);
            Matcher m = Pattern.compile(
                            "(\\d+) datagrams .*: (\\d+) sent, (\\d+) dropped after retries.*, (\\d+) errors")
                    .matcher(r.out);
            assertTrue(m.find(), r.out);
            long datagrams = Long.parseLong(m.group(1));
            long sent = Long.parseLong(m.group(2));
            long dropped = Long.parseLong(m.group(3));
            assertEquals(0, Long.parseLong(m.group(4)), r.out);
            assertEquals(0, dropped, r.out);
            assertEquals(datagrams, sent);
            assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(20)));
            StateView view = ingester.store().fresh().get(10, TimeUnit.SECONDS);
            assertEquals(sent, view.counters().received());
            assertEquals(0, view.counters().decodeErrors());
            assertEquals(0, view.counters().drops(), "no sequence gap: nothing was dropped");
            assertTrue(view.processes().size() > 4, "processes restarted under new pids");
            Set<String> kinds = new HashSet<>();
            Set<String> reasons = new HashSet<>();
            for (LifecycleEvent e : view.lifecycleEvents()) {
                kinds.add(e.datagram().kindName());
                String reason = e.datagram().text(Field.SHUTDOWN_REASON);
                if (reason != null) {
                    reasons.add(reason);
                }
            }
            assertEquals(Set.of("process_started", "process_stopping", "process_stopped"), kinds);
            assertTrue(
                    reasons.contains("simulated_restart") && reasons.contains("simulation_ended"), reasons.toString());
            assertTrue(view.slowRequests().size() > 0, "slow requests were reported");
            long requests = 0;
            for (ProcessView p : view.processes()) {
                long classes = 0;
                for (int i = 0; i < 5; i++) {
                    classes += p.statusTotal().get(i);
                }
                assertEquals(p.requestsTotal(), classes, "status classes add up to the request count");
                assertEquals(ProcessState.STOPPED, p.state(), "every process said it stopped");
                requests += p.requestsTotal();
            }
            long windowed = 0;
            for (GroupView g : view.groups()) {
                WindowView w = g.window(2);
                PhaseView rt = w.phase(Phase.REQUEST_TIME);
                assertEquals(w.requestCount(), rt.histogramTotal(), "histogram totals equal request counts");
                windowed += w.requestCount();
            }
            assertEquals(requests, windowed);
            assertTrue(requests > 0);
            // GC records: one gc_snapshot per tick (each sample's tick), then one gc_event per pause
            long samples = 0;
            long snapshots = 0;
            long pauses = 0;
            for (ProcessView p : view.processes()) {
                assertTrue(p.gc() != null, "every simulated JVM sends GC records");
                samples += p.window(2).samples();
                snapshots += p.window(2).gc().snapshots();
                pauses += p.gc().pausesTotal();
            }
            assertEquals(samples, snapshots, "a gc_snapshot every tick");
            assertTrue(snapshots > 0);
            long grouped = 0;
            for (var g : view.groupTotals()) {
                for (var c : g.gc()) {
                    grouped += c.pauses();
                }
            }
            assertEquals(pauses, grouped, "group totals count every pause");
            Matcher gc = Pattern.compile("(\\d+) gc,").matcher(r.out);
            assertTrue(gc.find(), r.out);
            assertEquals(snapshots + pauses, Long.parseLong(gc.group(1)), "every gc record sent was stored");
        }
        assertTrue(Files.notExists(socket));
    }

    @Test
    void loadModeSendsAtTheRateWithConsistentSequences(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("load.sock");
        try (Ingester ingester = Ingester.start(IngesterConfig.defaults(socket, 0), InstantSource.system())) {
            Cli r = Cli.run(
                    "simulate",
                    "--target",
                    "unix:" + socket,
                    "--processes",
                    "50",
                    "--rate",
                    "3000",
                    "--duration",
                    "1s",
                    "--lifetime",
                    "0",
                    "--retry",
                    RETRY);
            assertEquals(0, r.status, r::toString);
            Matcher m = Pattern.compile("(\\d+) datagrams .*: (\\d+) sent, (\\d+) dropped")
                    .matcher(r.out);
            assertTrue(m.find(), r.out);
            long sent = Long.parseLong(m.group(2));
            assertEquals(0, Long.parseLong(m.group(3)), r.out);
            assertEquals(Long.parseLong(m.group(1)), sent, r.out); // how many fit in the second is for the benchmarks
            assertTrue(sent >= 50, "a sample from each process at least: " + r.out);
            assertTrue(ingester.awaitStored(sent, Duration.ofSeconds(20)));
            StateView view = ingester.store().fresh().get(10, TimeUnit.SECONDS);
            assertEquals(sent, view.counters().received());
            assertEquals(50, view.processes().size());
            assertEquals(0, view.counters().decodeErrors());
            assertEquals(0, view.counters().drops(), "replayed samples keep each pid's sequence");
            for (ProcessView p : view.processes()) {
                long classes = 0;
                for (int i = 0; i < 5; i++) {
                    classes += p.statusTotal().get(i);
                }
                assertEquals(p.requestsTotal(), classes);
            }
        }
    }

    @Test
    void nothingDeliveredWithoutAnIngesterIsAFailure(@TempDir Path dir) {
        Cli r = Cli.run(
                "simulate",
                "--target",
                "unix:" + dir.resolve("none.sock"),
                "--processes",
                "1",
                "--duration",
                "200ms",
                "--interval",
                "50ms");
        assertEquals(1, r.status, r::toString);
        assertTrue(r.err.contains("nothing delivered"), r.err);
    }
}
