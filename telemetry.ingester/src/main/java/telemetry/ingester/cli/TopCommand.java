package telemetry.ingester.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import telemetry.ingester.Main;

/**
 * {@code top}: the terminal monitor arrives in a later release. The subcommand exists so that its
 * options and exit codes are reserved; today it explains itself and exits 1.
 */
public final class TopCommand {

    public static final String USAGE = """
            usage: java -jar telemetry-ingester.jar top [options]

              --url URL                  ingester WebSocket (default ws://127.0.0.1:8888/ws)
              --once                     print one snapshot and exit
              --once-timeout SECONDS     give up after this long (exit 2)
              --help                     this text

            Not available in this release: use GET /api/state or the dump subcommand meanwhile.
            """;

    private static final Set<String> OPTIONS = Set.of("url", "once-timeout");

    private TopCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        List<String> rest = args.stream().filter(a -> !a.equals("--once")).toList();
        ParsedOptions o = ParsedOptions.parse("top", rest, new TreeSet<>(OPTIONS));
        if (o.help()) {
            out.print(USAGE);
            return Main.OK;
        }
        err.println("telemetry-ingester: top is not available in this release; read GET /api/state meanwhile");
        return Main.FAILED;
    }
}
