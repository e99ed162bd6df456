package telemetry.ingester.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import telemetry.ingester.Main;
import telemetry.ingester.top.OnceSnapshot;
import telemetry.ingester.top.Palette;
import telemetry.ingester.top.TopScreen;
import telemetry.ingester.top.TopState;

/**
 * {@code top}: the terminal monitor (package {@code telemetry.ingester.top}). This class only
 * parses the options and starts it: full screen, or {@code --once} for one plain-text snapshot.
 */
@Command(
        name = "top",
        sortOptions = false,
        synopsisHeading = "",
        customSynopsis = "usage: java -jar telemetry-ingester.jar top [options]",
        descriptionHeading = "%n",
        optionListHeading = "%noptions:%n",
        description = "Full-screen terminal monitor of a running ingester.",
        footer = {
            "",
            "Full screen: views o/1 overview, p/2 processes, w/3 workers, l/4 latency, s/5 slow,",
            "e/6 lifecycle, g/7 GC; space pauses, f group, t window, < > r sort, / search, ? help, q quits."
        })
public final class TopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            converter = Values.WebSocketUrl.class,
            defaultValue = "ws://127.0.0.1:8888/ws",
            description = "ingester WebSocket (default ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--no-color", description = "no colours (also when the NO_COLOR environment variable is set)")
    boolean noColor;

    @Option(
            names = "--once",
            description = "print one snapshot (header and process table) as plain text and exit:"
                    + " 0 with a snapshot, 2 when no ingester answered")
    boolean once;

    @Option(
            names = "--once-timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "give up after this long, exit 2 (default ${DEFAULT-VALUE})")
    double onceTimeout;

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public Integer call() {
        double timeout = Values.range(spec, "--once-timeout", onceTimeout, 0.1, 3600);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!once) {
                // The full screen owns the terminal while it runs; what it has to say is printed after it.
                ByteArrayOutputStream messages = new ByteArrayOutputStream();
                try {
                    return TopScreen.run(
                            url,
                            Palette.choose(noColor, System.getenv("NO_COLOR")),
                            new PrintStream(messages, true, StandardCharsets.UTF_8));
                } finally {
                    err.print(messages.toString(StandardCharsets.UTF_8));
                }
            }
            TopState snapshot = OnceSnapshot.fetch(url, Duration.ofMillis((long) (timeout * 1000)));
            if (snapshot == null) {
                err.println("telemetry-ingester: top: no ingester answered at " + url + " within " + timeout + " s");
                return Main.USAGE;
            }
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            OnceSnapshot.print(snapshot, new PrintStream(text, true, StandardCharsets.UTF_8));
            out.print(text.toString(StandardCharsets.UTF_8));
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            // the terminal is already restored (TopScreen's finally): say what happened on a clean screen
            err.println("telemetry-ingester: top: failed: " + e);
            return Main.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
