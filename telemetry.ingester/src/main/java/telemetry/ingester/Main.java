package telemetry.ingester;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import telemetry.ingester.cli.DumpCommand;
import telemetry.ingester.cli.ServeCommand;
import telemetry.ingester.cli.SimulateCommand;
import telemetry.ingester.cli.TopCommand;
import telemetry.ingester.cli.UsageException;

/**
 * {@code java -jar telemetry-ingester.jar [serve|dump|simulate|top] [options]}. {@link #run}
 * returns the exit status instead of exiting, so tests run the CLI in-process: 0 success (and
 * {@code --help}), 1 failure at run time, 2 bad option or value.
 */
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: java -jar telemetry-ingester.jar [SUBCOMMAND] [options]

            subcommands:
              serve      receive telemetry datagrams, serve /api/state, /ws and /metrics (the default)
              dump       print each datagram received (or read from files)
              simulate   send realistic telemetry for N simulated processes
              top        full-screen terminal monitor (top --once prints one plain-text snapshot)

            Run a subcommand with --help for its options.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args);
        String command = "serve";
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            command = rest.get(0);
            rest = rest.subList(1, rest.size());
        } else if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
            out.print(USAGE_TEXT);
            out.println();
            out.print(ServeCommand.USAGE);
            return OK;
        }
        try {
            return switch (command) {
                case "serve" -> ServeCommand.run(rest, out, err);
                case "dump" -> DumpCommand.run(rest, out, err);
                case "simulate" -> SimulateCommand.run(rest, out, err);
                case "top" -> TopCommand.run(rest, out, err);
                case "help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown subcommand '" + command
                        + "' (accepted: serve, dump, simulate, top; see --help)");
            };
        } catch (UsageException e) {
            err.println("telemetry-ingester: " + e.getMessage());
            return USAGE;
        }
    }
}
