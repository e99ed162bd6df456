package telemetry.ingester.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import telemetry.ingester.Main;
import telemetry.ingester.top.OnceSnapshot;
import telemetry.ingester.top.Palette;
import telemetry.ingester.top.TopScreen;
import telemetry.ingester.top.TopState;

/**
 * {@code top}: the terminal monitor (package {@code telemetry.ingester.top}). This class only
 * parses the options and starts it: full screen, or {@code --once} for one plain-text snapshot.
 */
public final class TopCommand {

    public static final String USAGE = """
            usage: java -jar telemetry-ingester.jar top [options]

              --url URL                  ingester WebSocket (default ws://127.0.0.1:8888/ws)
              --no-color                 no colours (also when the NO_COLOR environment variable is set)
              --once                     print one snapshot (header and process table) as plain text and exit:
                                         0 with a snapshot, 2 when no ingester answered
              --once-timeout SECONDS     give up after this long (default 5)
              --help                     this text

            Full screen: views o/1 overview, p/2 processes, w/3 workers, l/4 latency, s/5 slow,
            e/6 lifecycle, g/7 GC; space pauses, f group, t window, < > r sort, / search, ? help, q quits.
            """;

    private static final Set<String> OPTIONS = Set.of("url", "once-timeout");

    private TopCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        boolean once = args.contains("--once");
        boolean noColor = args.contains("--no-color");
        List<String> rest = args.stream().filter(a -> !a.equals("--once") && !a.equals("--no-color")).toList();
        ParsedOptions o = ParsedOptions.parse("top", rest, new TreeSet<>(OPTIONS));
        if (o.help()) {
            out.print(USAGE);
            return Main.OK;
        }
        String url = o.string("url", "ws://127.0.0.1:8888/ws");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw o.bad("url", url, "a WebSocket URL such as ws://127.0.0.1:8888/ws");
        }
        if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) {
            throw o.bad("url", url, "a WebSocket URL such as ws://127.0.0.1:8888/ws");
        }
        double timeout = o.decimal("once-timeout", 5, 0.1, 3600);
        try {
            if (!once) {
                return TopScreen.run(uri, Palette.choose(noColor, System.getenv("NO_COLOR")), err);
            }
            TopState snapshot = OnceSnapshot.fetch(uri, Duration.ofMillis((long) (timeout * 1000)));
            if (snapshot == null) {
                err.println("telemetry-ingester: top: no ingester answered at " + url + " within " + timeout + " s");
                return Main.USAGE;
            }
            OnceSnapshot.print(snapshot, out);
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            // the terminal is already restored (TopScreen's finally): say what happened on a clean screen
            err.println("telemetry-ingester: top: failed: " + e);
            return Main.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILED;
        }
    }
}
