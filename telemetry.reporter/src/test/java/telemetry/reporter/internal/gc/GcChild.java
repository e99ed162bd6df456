package telemetry.reporter.internal.gc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.reporter.internal.runtime.RuntimeLog;
import telemetry.reporter.internal.runtime.TelemetryRuntime;

/**
 * The JVM that {@link GcRecordsAcrossCollectorsTest} starts with a given collector: a real reporter
 * runtime reporting to {@code args[0]}, an allocating workload and a {@code System.gc()}, and on
 * standard output what the JVM's own collector beans counted over the same period
 * ({@code BEAN name count millis} lines, then {@code DONE}). It prints {@code READY} when reporting,
 * starts the workload on a {@code GO} line and stops its reporter when its standard input ends.
 */
public final class GcChild {

    static volatile Object sink;

    private GcChild() {}

    public static void main(String[] args) throws Exception {
        TelemetryRuntime runtime =
                TelemetryRuntime.create(RuntimeLog.platform(), () -> ReporterIdentity.current("1.0.0", "none", "osgi"));
        runtime.configure(Map.of("service", "unix:" + args[0] + " interval=0.5"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (runtime.status().datagramsSent() < 1) { // STARTED is sent after the GC listeners are added
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the reporter sent nothing");
            }
            Thread.sleep(10);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        if (!"GO".equals(in.readLine())) {
            throw new IllegalStateException("no GO");
        }
        var beans = ManagementFactory.getGarbageCollectorMXBeans();
        long[] counts = new long[beans.size()];
        long[] millis = new long[beans.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = beans.get(i).getCollectionCount();
            millis[i] = beans.get(i).getCollectionTime();
        }
        Object[] live = new Object[20_000];
        Random random = new Random(7);
        for (int i = 0; i < 150_000; i++) {
            byte[] b = new byte[256 + random.nextInt(1024)];
            if (random.nextInt(6) == 0) {
                live[random.nextInt(live.length)] = b;
            }
            sink = b;
        }
        System.gc();
        for (int i = 0; i < counts.length; i++) {
            GarbageCollectorMXBean bean = beans.get(i);
            System.out.println("BEAN\t" + bean.getName() + "\t" + (bean.getCollectionCount() - counts[i]) + "\t"
                    + (bean.getCollectionTime() - millis[i]));
        }
        System.out.println("DONE");
        System.out.flush();
        while (in.readLine() != null) {
            // the test closes our input when it has seen what it needs
        }
        runtime.close("framework_stopping");
    }
}
