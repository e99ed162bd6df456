package telemetry.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording (e.g. from {@code EndToEndRun ... jfr=FILE}) and prints where the CPU
 * samples were: the hottest methods by own samples, and the share of samples whose stack passes
 * through the telemetry bundles or Dropwizard Metrics (inclusive), and through each telemetry
 * method (inclusive).
 *
 * <pre>
 * java -cp telemetry.benchmarks/target/benchmarks.jar telemetry.benchmarks.e2e.JfrHotMethods FILE [top=25]
 * </pre>
 */
public final class JfrHotMethods {

    public static void main(String[] args) throws IOException {
        Path file = Paths.get(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1].replace("top=", "")) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> telemetryInclusive = new HashMap<>();
        int samples = 0;
        int inTelemetry = 0;
        int inDropwizard = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            boolean telemetry = false;
            boolean dropwizard = false;
            Map<String, Boolean> seen = new HashMap<>();
            for (RecordedFrame f : frames) {
                String n = name(f.getMethod());
                if (n.startsWith("telemetry.") && !n.startsWith("telemetry.demo.")) {
                    telemetry = true;
                    if (seen.put(n, Boolean.TRUE) == null) {
                        telemetryInclusive.merge(n, 1, Integer::sum);
                    }
                }
                dropwizard |= n.startsWith("com.codahale.metrics.");
            }
            inTelemetry += telemetry ? 1 : 0;
            inDropwizard += dropwizard ? 1 : 0;
        }
        System.out.printf(
                Locale.ROOT,
                "%d execution samples; telemetry bundles on the stack in %.2f %%, Dropwizard in %.2f %%%n",
                samples,
                100.0 * inTelemetry / samples,
                100.0 * inDropwizard / samples);
        System.out.println("\nhottest methods (own samples):");
        print(self, samples, top);
        System.out.println("\ntelemetry methods (inclusive samples):");
        print(telemetryInclusive, samples, top);
    }

    private static void print(Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(c ->
                        System.out.printf(Locale.ROOT, "%6.2f %%  %s%n", 100.0 * c.getValue() / samples, c.getKey()));
    }

    private static String name(RecordedMethod m) {
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }
}
