package telemetry.reporter.internal.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import telemetry.api.ProcessMetrics;
import telemetry.api.RequestMetrics;
import telemetry.reporter.internal.config.ConfigurationRejectedException;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.reporting.ShutdownReason;
import telemetry.reporter.internal.testing.TestRequests;
import telemetry.testing.DatagramReceiver;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;

/** The runtime as the DS components drive it, with real sockets. */
class TelemetryRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private final TelemetryRuntime runtime = runtime(true);

    private TelemetryRuntime runtime(boolean unixDatagrams) {
        return new TelemetryRuntime(
                log,
                () -> ReporterIdentity.current("1.0.0", "Apache Felix/7.0.5", "jetty"),
                "osgi",
                () -> unixDatagrams);
    }

    @AfterEach
    void close() {
        runtime.close(ShutdownReason.BUNDLE_STOPPING);
    }

    private static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "telemetry.reporter");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static String service(DatagramReceiver r, double interval) {
        return "unix:" + r.path() + " interval=" + interval;
    }

    static long reporterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("telemetry-reporter"))
                .count();
    }

    static long socketDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                        } catch (IOException e) {
                            return false; // closed while listing
                        }
                    })
                    .count();
        }
    }

    @Test
    void aRejectedConfigurationLogsOneErrorHarmsNothingAndFixingItStartsReporting() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("r.sock"))) {
            runtime.accessor().startRecordingMetrics();
            String bad = "unix:" + receiver.path() + " interval=0.1";
            ConfigurationRejectedException e = runtime.configure(config("service", bad));

            assertNotNull(e);
            assertEquals(1, log.errors.size(), log.errors.toString());
            String entry = log.errors.get(0);
            assertTrue(
                    entry.startsWith("configuration telemetry.reporter: property 'service' = '" + bad + "' rejected:"
                            + " interval 0.1 is too short: it must be at least 0.5 seconds"),
                    entry);
            assertTrue(entry.endsWith("reporting is off until the configuration is fixed (no restart needed)"), entry);
            ReporterStatus status = runtime.status();
            assertEquals(ReporterStatus.REJECTED, status.state());
            assertEquals(e.getMessage(), status.rejection());
            assertTrue(
                    status.format()
                            .contains("rejected configuration: configuration telemetry.reporter: property"
                                    + " 'service'"),
                    status.format());
            assertEquals(0, reporterThreads());

            // Nothing else harmed: requests are recorded and the in-process accessor answers.
            for (int i = 0; i < 5; i++) {
                TestRequests.request(runtime.recorder(), i, null);
            }
            RequestMetrics m = runtime.accessor().requestMetrics();
            assertEquals(5, m.requestCount());

            assertNull(runtime.configure(config("service", service(receiver, 0.5))));
            Datagram started = receiver.await(Kind.PROCESS_STARTED, WAIT);
            assertEquals(1, started.seq(), "nothing was sent while rejected");
            assertEquals(ReporterStatus.REPORTING, runtime.status().state());
            assertNull(runtime.status().rejection());
            assertEquals(1, log.errors.size());
            assertEquals(1, reporterThreads());
        }
    }

    @Test
    void rejectingAValidConfigurationStopsTheReporter() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("s.sock"))) {
            runtime.configure(config("service", service(receiver, 0.5)));
            receiver.await(Kind.PROCESS_STARTED, WAIT);
            runtime.configure(config("service", service(receiver, 0.5), "slow.requests", "soon"));
            assertEquals(
                    "configuration_rejected",
                    receiver.await(Kind.PROCESS_STOPPED, WAIT).text(Field.SHUTDOWN_REASON));
            assertEquals(0, reporterThreads());
            assertEquals(1, log.errors.size());
            assertTrue(log.errors.get(0).contains("property 'slow.requests' = 'soon' rejected"), log.errors.get(0));
        }
    }

    @Test
    void aFactoryConfigurationIsRejectedAndLeavesTheSingletonAlone() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("f.sock"))) {
            runtime.configure(config("service", service(receiver, 0.5)));
            receiver.await(Kind.PROCESS_STARTED, WAIT);
            Map<String, Object> factory =
                    config("service", "unix:/elsewhere.sock", "service.factoryPid", "telemetry.reporter");
            factory.put("service.pid", "telemetry.reporter~shop");
            assertNotNull(runtime.configure(factory));

            assertEquals(1, log.errors.size());
            assertTrue(log.errors.get(0).contains("telemetry.reporter~shop"), log.errors.get(0));
            assertTrue(log.errors.get(0).contains("is not supported"), log.errors.get(0));
            ReporterStatus status = runtime.status();
            assertEquals(ReporterStatus.REPORTING, status.state(), "the singleton keeps reporting");
            assertTrue(status.rejection().contains("telemetry.reporter~shop"), status.rejection());
            receiver.await(Kind.REQUEST_METRICS, WAIT);
            assertTrue(receiver.received(Kind.PROCESS_STOPPING).isEmpty());
            assertEquals(1, reporterThreads());

            runtime.configurationRemoved("telemetry.reporter~shop", ShutdownReason.CONFIGURATION_DELETED);
            assertNull(runtime.status().rejection());
            assertEquals(ReporterStatus.REPORTING, runtime.status().state());
        }
    }

    @Test
    void validChangesTakeEffectWithoutRestartAndDeletingStops() throws Exception {
        try (DatagramReceiver a = DatagramReceiver.bind(dir.resolve("a.sock"));
                DatagramReceiver b = DatagramReceiver.bind(dir.resolve("b.sock"))) {
            runtime.configure(config("service", service(a, 0.5)));
            a.await(Kind.PROCESS_STARTED, WAIT);
            for (int i = 0; i < 100; i++) {
                TestRequests.request(runtime.recorder(), i, null);
            }
            a.await(Kind.REQUEST_METRICS, d -> d.longValue(Field.REQUEST_COUNT, 0) > 0, WAIT);

            runtime.configure(config("service", service(b, 0.7), "slow.requests", "1", "process.group", "shop"));
            for (int i = 0; i < 100; i++) {
                TestRequests.request(runtime.recorder(), i, null);
            }
            Datagram atB = b.await(Kind.REQUEST_METRICS, WAIT);
            assertEquals(0.7, atB.doubleValue(Field.TELEMETRY_INTERVAL, 0));
            assertEquals(1.0, atB.doubleValue(Field.SLOW_REQUESTS_THRESHOLD, 0));
            assertEquals("shop", atB.text(Field.PROCESS_GROUP));
            assertEquals(
                    0,
                    a.received(Kind.PROCESS_STOPPED).size()
                            + b.received(Kind.PROCESS_STOPPED).size());
            assertEquals(0, b.received(Kind.PROCESS_STARTED).size(), "a changed target is not a restart");
            assertEquals(1, reporterThreads());

            runtime.configurationRemoved("telemetry.reporter", ShutdownReason.CONFIGURATION_DELETED);
            assertEquals(
                    "configuration_deleted",
                    b.await(Kind.PROCESS_STOPPING, WAIT).text(Field.SHUTDOWN_REASON));
            Datagram stopped = b.await(Kind.PROCESS_STOPPED, WAIT);
            assertEquals("configuration_deleted", stopped.text(Field.SHUTDOWN_REASON));
            assertEquals(200, total(a) + total(b), "no interval lost across the change");
            assertEquals(200, stopped.longValue(Field.LIFETIME_REQUEST_COUNT, -1));
            assertEquals(ReporterStatus.OFF, runtime.status().state());
            assertEquals(0, reporterThreads());
        }
    }

    @Test
    void fiftyChangesUnderTrafficLeaveOneThreadAndNoLeakedSockets() throws Exception {
        long socketsBefore = socketDescriptors();
        AtomicLong served = new AtomicLong();
        try (DatagramReceiver a = DatagramReceiver.bind(dir.resolve("a.sock"));
                DatagramReceiver b = DatagramReceiver.bind(dir.resolve("b.sock"))) {
            long socketsWithReceivers = socketDescriptors();
            runtime.configure(config("service", service(a, 0.5)));
            a.await(Kind.PROCESS_STARTED, WAIT);
            AtomicBoolean traffic = new AtomicBoolean(true);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread w = new Thread(() -> {
                    for (int i = 0; traffic.get(); i++) {
                        TestRequests.request(runtime.recorder(), i, TestRequests.details("/p"));
                        served.incrementAndGet();
                    }
                });
                w.start();
                workers.add(w);
            }
            // Thresholds of 1-3 s: these requests take microseconds, so no slow record competes with the
            // samples for the receiver's 10-datagram kernel queue (a dropped sample would break the totals).
            for (int change = 0; change < 50; change++) {
                DatagramReceiver target = change % 2 == 0 ? b : a;
                assertNull(runtime.configure(config(
                        "service",
                        service(target, 0.5 + (change % 5) * 0.1),
                        "slow.requests",
                        String.valueOf(1 + change % 3),
                        "options",
                        change % 2 == 0 ? "+CaptureUserAgent" : "None",
                        "request.threads.maximum",
                        String.valueOf(8 + change))));
                TimeUnit.MILLISECONDS.sleep(20);
            }
            traffic.set(false);
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(1, reporterThreads(), "exactly one reporter thread");
            assertEquals(
                    1,
                    a.received(Kind.PROCESS_STARTED).size()
                            + b.received(Kind.PROCESS_STARTED).size());
            assertEquals(
                    socketsWithReceivers + 1, socketDescriptors(), "the receivers' and the reporter's socket only");

            runtime.configurationRemoved("telemetry.reporter", ShutdownReason.CONFIGURATION_DELETED);
            assertEquals(0, reporterThreads());
            Datagram stopped = a.await(Kind.PROCESS_STOPPED, WAIT);
            assertEquals(
                    0,
                    a.received(Kind.PROCESS_STOPPED).size()
                            - 1
                            + b.received(Kind.PROCESS_STOPPED).size());
            assertEquals(served.get(), stopped.longValue(Field.LIFETIME_REQUEST_COUNT, -1));
            assertEquals(served.get(), total(a) + total(b), "every request in exactly one received sample");
            assertEquals(socketsWithReceivers, socketDescriptors());
        }
        assertEquals(socketsBefore, socketDescriptors(), "no socket left open");
    }

    @Test
    void metricsAccessorStandsDownWhileExternalReportingIsOn() throws Exception {
        var accessor = runtime.accessor();
        assertNull(accessor.requestMetrics(), "null before startRecordingMetrics()");
        assertNull(accessor.processMetrics());
        assertTrue(!runtime.recorder().isRecording());
        accessor.startRecordingMetrics();
        accessor.startRecordingMetrics(); // idempotent
        assertTrue(runtime.recorder().isRecording());
        for (int i = 0; i < 7; i++) {
            TestRequests.request(runtime.recorder(), i, null);
        }
        RequestMetrics first = accessor.requestMetrics();
        assertEquals(7, first.requestCount());
        assertEquals(
                7, first.phases().get(telemetry.api.RequestPhase.REQUEST_TIME).count());
        assertEquals(0, accessor.requestMetrics().requestCount(), "requestMetrics drains");
        ProcessMetrics p = accessor.processMetrics();
        assertEquals(7, p.requestCount());
        assertEquals(7, accessor.processMetrics().requestCount(), "processMetrics is cumulative");
        assertEquals(ProcessHandle.current().pid(), p.pid());
        assertTrue(p.memoryRss() > 0);

        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("m.sock"))) {
            runtime.configure(config("service", service(receiver, 0.5)));
            assertNull(accessor.requestMetrics(), "null while the external reporter is configured");
            assertNull(accessor.processMetrics());
            runtime.configure(config("slow.requests", "2"));
            assertNotNull(accessor.requestMetrics(), "a configuration without service leaves the accessor on");
            runtime.configure(config("service", service(receiver, 0.5)));
            assertNull(accessor.requestMetrics());
            runtime.configurationRemoved("telemetry.reporter", ShutdownReason.CONFIGURATION_DELETED);
            TestRequests.request(runtime.recorder(), 0, null);
            assertEquals(1, accessor.requestMetrics().requestCount(), "works again once the configuration is removed");
            assertEquals(8 + total(receiver), accessor.processMetrics().requestCount());
        }
    }

    @Test
    void dropsAreLoggedOnceWhenTheyStartAndRecoveryOnceWhenTheyEnd() throws Exception {
        Path socket = dir.resolve("later.sock");
        runtime.configure(config("service", "unix:" + socket + " interval=0.5"));
        await().atMost(WAIT).until(() -> runtime.status().datagramsDropped() >= 3);
        assertEquals(1, log.warnings.size(), log.warnings.toString());
        assertTrue(
                log.warnings
                        .get(0)
                        .startsWith("telemetry datagrams are being dropped: send to " + socket
                                + " failed: No such file or directory"),
                log.warnings.get(0));
        assertTrue(
                runtime.status().lastError().contains("No such file or directory"),
                runtime.status().lastError());
        try (DatagramReceiver receiver = DatagramReceiver.bind(socket)) {
            receiver.await(Kind.REQUEST_METRICS, WAIT);
            String recovered = "telemetry datagrams reach unix:" + socket + " again";
            // logged by the reporter thread right after its send
            await().atMost(WAIT).until(() -> log.infos.contains(recovered));
            assertEquals(1, log.warnings.size());
        }
    }

    @Test
    void withoutUnixDatagramsAServiceIsRejectedAsUnavailable() {
        TelemetryRuntime windows = runtime(false);
        try {
            ConfigurationRejectedException e = windows.configure(config("service", "unix:/run/t.sock"));
            assertNotNull(e);
            assertTrue(
                    e.getMessage().contains("UNIX datagram sockets are unavailable on this platform"), e.getMessage());
            assertNull(windows.configure(config("slow.requests", "1")), "no service, nothing to be unavailable");
        } finally {
            windows.close();
        }
    }

    @Test
    void statusCommandPrintsTheState() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("st.sock"))) {
            List<ReporterStatus> published = new CopyOnWriteArrayList<>();
            runtime.setStatusListener(published::add);
            runtime.configure(config("service", service(receiver, 0.5)));
            receiver.await(Kind.REQUEST_METRICS, WAIT);
            String text = new StatusCommand(runtime::status).status();
            assertTrue(text.contains("reporting:              on"), text);
            assertTrue(text.contains("target:                 unix:" + receiver.path()), text);
            assertTrue(text.contains("interval:               0.5 s"), text);
            assertTrue(text.matches("(?s).*datagrams sent:\\s+[1-9].*"), text);
            assertTrue(text.contains("datagrams dropped:      0"), text);
            assertTrue(text.contains("last error:             -"), text);
            assertTrue(text.contains("rejected configuration: -"), text);
            assertEquals(
                    ReporterStatus.REPORTING,
                    published.get(published.size() - 1).state());
        }
    }

    private static long total(DatagramReceiver r) {
        return r.received(Kind.REQUEST_METRICS).stream()
                .mapToLong(d -> d.longValue(Field.REQUEST_COUNT, 0))
                .sum();
    }

    /** Captures log entries by level. */
    static final class RecordingLog implements RuntimeLog {
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<String> infos = new CopyOnWriteArrayList<>();

        @Override
        public void error(String message) {
            errors.add(message);
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }

        @Override
        public void info(String message) {
            infos.add(message);
        }
    }
}
