package telemetry.benchmarks.reporter;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.api.recording.RequestRecording;
import telemetry.reporter.internal.config.ReporterSettings;
import telemetry.reporter.internal.config.ServiceTarget;
import telemetry.reporter.internal.recorder.SlotRecorder;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.reporting.ShutdownReason;
import telemetry.reporter.internal.reporting.TelemetryReporter;
import telemetry.reporter.internal.transport.UnixDatagramTransport;

/**
 * CPU used by the real reporter thread at a 1 s interval, 200 slots, under request traffic
 * (not a JMH benchmark: it measures one thread's CPU over wall time).
 *
 * <pre>
 * java -cp target/benchmarks.jar telemetry.benchmarks.reporter.ReporterCpuRun [seconds] [requestThreads]
 * </pre>
 *
 * Request threads run requests back to back with a short pause each; two requests are kept running
 * past the 0.5 s slow threshold, so every tick also sends slow-request heartbeats.
 */
public final class ReporterCpuRun {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path socket = Files.createTempDirectory("cpu").resolve("t.sock");
        AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open();
        receiver.bind(AFUNIXSocketAddress.of(new File(socket.toString())));
        AtomicLong received = new AtomicLong();
        Thread drain = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(70_000);
            try {
                while (true) {
                    b.clear();
                    receiver.receive(b);
                    received.incrementAndGet();
                }
            } catch (IOException closed) {
                // run over
            }
        });
        drain.setDaemon(true);
        drain.start();

        SlotRecorder recorder = new SlotRecorder(ProcessHandle.current().pid(), 200);
        recorder.setRecording(true);
        recorder.setSlowRequests(500_000_000L, false);
        recorder.setSlowConsumer(true);
        ReporterSettings settings =
                new ReporterSettings(new ServiceTarget(socket.toString(), 1.0), 0.5, Set.of(), "bench", 200, 1.0);
        UnixDatagramTransport transport = new UnixDatagramTransport();
        TelemetryReporter reporter = new TelemetryReporter(
                settings,
                recorder,
                ReporterIdentity.current("1.0.0", "Apache Felix/7.0.5", "jetty"),
                new AtomicLong(),
                transport);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (running.get()) {
                    long s = System.nanoTime();
                    RequestRecording r = recorder.begin(s, s, null);
                    r.outputWritten(2048, 1_000);
                    r.end(200, false, System.nanoTime(), RequestRecording.NO_CPU);
                    served.incrementAndGet();
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                }
            });
            w.setDaemon(true);
            w.start();
        }
        RequestRecording slow1 = recorder.begin(System.nanoTime(), System.nanoTime(), null);
        RequestRecording slow2 = recorder.begin(System.nanoTime(), System.nanoTime(), null);

        reporter.start();
        Thread.sleep(200);
        Thread reporterThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("telemetry-reporter"))
                .findFirst()
                .orElseThrow();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getThreadCpuTime(reporterThread.getId());
        long wall0 = System.nanoTime();
        long ticks0 = reporter.samplesSent();
        long windowCpu = cpu0;
        long windowTicks = ticks0;
        for (int done = 0; done < seconds; done += 10) {
            Thread.sleep(Math.min(10, seconds - done) * 1000L);
            long c = mx.getThreadCpuTime(reporterThread.getId());
            long k = reporter.samplesSent();
            System.out.printf(
                    "  seconds %3d-%3d: %.3f ms CPU per tick over %d ticks%n",
                    done,
                    Math.min(seconds, done + 10),
                    (c - windowCpu) / 1e6 / Math.max(1, k - windowTicks),
                    k - windowTicks);
            windowCpu = c;
            windowTicks = k;
        }
        long cpu1 = mx.getThreadCpuTime(reporterThread.getId());
        long wall1 = System.nanoTime();
        long ticks = reporter.samplesSent() - ticks0;
        running.set(false);
        slow1.end(200, false, System.nanoTime(), -1);
        slow2.end(200, false, System.nanoTime(), -1);
        reporter.stop(ShutdownReason.FRAMEWORK_STOPPING, 2_000_000_000L);
        receiver.close();
        Files.deleteIfExists(socket);

        double cpuMs = (cpu1 - cpu0) / 1e6;
        double wallS = (wall1 - wall0) / 1e9;
        System.out.printf(
                "wall %.1f s, ticks %d, requests %d (%.0f/s), datagrams received %d, dropped %d%n",
                wallS, ticks, served.get(), served.get() / wallS, received.get(), transport.dropped());
        System.out.printf(
                "reporter thread CPU: %.1f ms in all, %.3f ms per tick, %.4f %% of one core%n",
                cpuMs, cpuMs / Math.max(1, ticks), cpuMs / 1e3 / wallS * 100);
    }
}
