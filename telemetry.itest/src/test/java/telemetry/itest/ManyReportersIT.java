package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import telemetry.api.recording.RequestRecording;
import telemetry.reporter.internal.config.ReporterSettings;
import telemetry.reporter.internal.config.ServiceTarget;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.reporting.ShutdownReason;
import telemetry.reporter.internal.reporting.TelemetryReporter;
import telemetry.reporter.internal.transport.UnixDatagramTransport;

/**
 * A hundred reporters ticking every second for five minutes into one real ingester, through the
 * kernel's queue as this host has it ({@code net.unix.max_dgram_qlen}, 10 by default): every
 * datagram is either received or counted as dropped by its reporter, the ingester receives exactly
 * what the reporters sent, its seq gaps per process are exactly the reporter's drops, and a process
 * that dropped nothing is counted to the request.
 *
 * <p>The reporters are the reporter bundle's own classes, each with its own recorder, socket,
 * sequence and a process id of its own, in this JVM (a hundred JVMs would not fit two cores).
 */
public class ManyReportersIT {

    private static final int REPORTERS = 100;
    /** Five minutes; {@code -Dtelemetry.itest.many.seconds=N} shortens a run by hand. */
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("telemetry.itest.many.seconds", 300));

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long FIRST_PID = 3_000_000;

    private record Reporter(
            long pid,
            SlotRecorder recorder,
            UnixDatagramTransport transport,
            AtomicLong sequence,
            TelemetryReporter thread,
            AtomicLong requests) {}

    @Test
    public void aHundredReportersForFiveMinutesLoseNothingUnaccounted() throws Exception {
        Path socket = ItestOptions.socketPath("tlm-many");
        long qlen = Long.parseLong(
                Files.readString(Paths.get("/proc/sys/net/unix/max_dgram_qlen")).trim());
        List<Reporter> reporters = new ArrayList<>();
        try (IngesterServe ingester = IngesterServe.start(socket)) {
            for (int i = 0; i < REPORTERS; i++) {
                long pid = FIRST_PID + i;
                ReporterSettings settings = new ReporterSettings(
                        new ServiceTarget(socket.toString(), 1.0), Double.NaN, Set.of(), "many-" + (i % 8), 8, 1.0);
                SlotRecorder recorder = new SlotRecorder(pid, settings.requestThreadsMaximum());
                recorder.setRecording(true);
                ReporterIdentity identity = new ReporterIdentity(
                        pid,
                        "1.0.0",
                        System.getProperty("java.version"),
                        "Apache Felix/7.0.5",
                        "jetty",
                        "itest-host",
                        1);
                UnixDatagramTransport transport = new UnixDatagramTransport();
                AtomicLong sequence = new AtomicLong();
                TelemetryReporter thread = new TelemetryReporter(settings, recorder, identity, sequence, transport);
                reporters.add(new Reporter(pid, recorder, transport, sequence, thread, new AtomicLong()));
            }
            reporters.forEach(r -> r.thread().start());

            // Five minutes of light traffic spread over the processes.
            long end = System.nanoTime() + RUN.toNanos();
            while (System.nanoTime() < end) {
                Reporter r = reporters.get(ThreadLocalRandom.current().nextInt(REPORTERS));
                long now = System.nanoTime();
                RequestRecording request = r.recorder().begin(now, now, null);
                request.end(200, false, System.nanoTime(), -1);
                r.requests().incrementAndGet();
                Thread.sleep(2);
            }
            for (Reporter r : reporters) {
                r.thread()
                        .stop(
                                ShutdownReason.COMPONENT_DEACTIVATED,
                                Duration.ofSeconds(1).toNanos());
            }

            long sent = reporters.stream().mapToLong(r -> r.transport().sent()).sum();
            long dropped =
                    reporters.stream().mapToLong(r -> r.transport().dropped()).sum();
            JsonNode state = Await.until("the ingester receiving every datagram the reporters sent", WAIT, () -> {
                JsonNode s = ingester.state();
                return s.path("total_received").asLong() >= sent ? s : null;
            });
            assertEquals(
                    "received = sent: nothing lost or invented inside the ingester",
                    sent,
                    state.path("total_received").asLong());
            assertEquals("decode errors", 0, state.path("decode_errors").asLong());

            Map<Long, JsonNode> processes = new HashMap<>();
            state.path("processes").forEach(p -> processes.put(p.path("pid").asLong(), p));
            long exactProcesses = 0;
            for (Reporter r : reporters) {
                String who = "pid " + r.pid();
                long seq = r.sequence().get();
                assertEquals(
                        who + ": every datagram sent or counted as dropped",
                        seq,
                        r.transport().sent() + r.transport().dropped());
                JsonNode p = processes.get(r.pid());
                assertTrue(who + " heard by the ingester", p != null);
                // Drops before the first and after the last datagram the ingester heard are no gap to it
                // (an ingester cannot tell a process it hears first at seq 5000 from one that lost 4999).
                long leading = p.path("first_seq").asLong() - 1;
                long trailing = seq - p.path("last_seq").asLong();
                assertEquals(
                        who + ": the ingester's seq gaps are the reporter's drops between its first and last datagram",
                        r.transport().dropped() - leading - trailing,
                        p.path("drops").asLong());
                if (r.transport().dropped() == 0) {
                    exactProcesses++;
                    assertEquals(
                            who + ": requests_total",
                            r.requests().get(),
                            p.path("requests_total").asLong());
                }
            }
            System.out.printf(
                    "ManyReportersIT: %d reporters, %d s, net.unix.max_dgram_qlen %d: %d datagrams sent, %d dropped"
                            + " and counted, %d processes without a drop counted to the request%n",
                    REPORTERS, RUN.toSeconds(), qlen, sent, dropped, exactProcesses);
        } finally {
            for (Reporter r : reporters) {
                if (r.thread().isAlive()) {
                    r.thread().stop(ShutdownReason.COMPONENT_DEACTIVATED, 0);
                }
                r.transport().close();
            }
            ItestOptions.removeSocketFolder(socket);
        }
    }
}
