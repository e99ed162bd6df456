package telemetry.ingester.top;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import telemetry.ingester.top.Stats.Process;
import telemetry.ingester.top.Stats.Window;

/**
 * {@code top --once}: the header and the process table of the first snapshot, as plain text (no
 * escape sequences, so it can be piped and grepped).
 */
public final class OnceSnapshot {

    private OnceSnapshot() {}

    /** The first snapshot the ingester sends, or null when none came within {@code timeout}. */
    public static TopState fetch(URI uri, Duration timeout) throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        LiveFeed[] holder = new LiveFeed[1];
        try (LiveFeed feed = new LiveFeed(uri, () -> {
            if (holder[0] != null && holder[0].latest().hasData()) {
                first.countDown();
            }
        })) {
            holder[0] = feed;
            feed.start();
            first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            TopState s = feed.latest();
            return s.hasData() ? s : null;
        }
    }

    public static void print(TopState s, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "telemetry-ingester %s: %d processes, %d datagrams received, %d decode errors, %d dropped%n",
                s.source(),
                s.processes().size(),
                s.health().received(),
                s.health().decodeErrors(),
                s.health().drops());
        out.printf(
                Locale.ROOT,
                "%-8s %-20s %-16s %-8s %9s %8s %6s %9s %9s %10s%n",
                "PID",
                "HOSTNAME",
                "GROUP",
                "STATE",
                "REQ/S",
                "CAPACITY",
                "CPU",
                "RSS MiB",
                "P95 ms",
                "REQUESTS");
        List<Process> rows = new ArrayList<>(s.processes());
        rows.sort(Comparator.comparingLong(Process::pid));
        for (Process p : rows) {
            Window w = p.window(0);
            out.printf(
                    Locale.ROOT,
                    "%-8d %-20s %-16s %-8s %9.1f %7.1f%% %6.2f %9.1f %9.1f %10d%n",
                    p.pid(),
                    cut(p.host(), 20),
                    cut(p.group(), 16),
                    cut(p.state(), 8),
                    w.throughput(),
                    w.capacity() * 100,
                    w.cpu(),
                    w.rss() / (1 << 20),
                    w.phase("request_time").p95() * 1000,
                    p.requestsTotal());
        }
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width);
    }
}
