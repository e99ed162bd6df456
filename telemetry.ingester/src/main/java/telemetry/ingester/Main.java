package telemetry.ingester;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import telemetry.ingester.cli.DumpCommand;
import telemetry.ingester.cli.HelpOption;
import telemetry.ingester.cli.ServeCommand;
import telemetry.ingester.cli.SimulateCommand;
import telemetry.ingester.cli.TopCommand;

/**
 * {@code java -jar telemetry-ingester.jar [serve|dump|simulate|top] [options]}, parsed with
 * picocli. {@link #run} returns the exit status instead of exiting, so tests run the CLI in-process:
 * 0 success (and {@code --help}), 1 failure at run time, 2 bad option or value (one line on stderr
 * naming what was wrong and what is accepted).
 */
@Command(
        name = "telemetry-ingester",
        synopsisHeading = "",
        customSynopsis = "usage: java -jar telemetry-ingester.jar [SUBCOMMAND] [options]",
        descriptionHeading = "%n",
        optionListHeading = "%noptions:%n",
        description = "No subcommand means serve. Run a subcommand with --help for its options.",
        commandListHeading = "%nsubcommands:%n",
        subcommands = {ServeCommand.class, DumpCommand.class, SimulateCommand.class, TopCommand.class})
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final List<String> SUBCOMMANDS = List.of("serve", "dump", "simulate", "top");

    @Mixin
    HelpOption help = new HelpOption();

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean rootHelp =
                rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"));
        if (rest.isEmpty() || rest.get(0).startsWith("-") && !rootHelp) {
            rest.add(0, "serve"); // no subcommand means serve, with or without options after it
        } else if (!rootHelp
                && !SUBCOMMANDS.contains(rest.get(0))
                && !rest.get(0).equals("help")) {
            err.println("telemetry-ingester: unknown subcommand '" + rest.get(0) + "' (accepted: "
                    + String.join(", ", SUBCOMMANDS) + "; see --help)");
            return USAGE;
        }
        if (rest.get(0).equals("help")) {
            rest.set(0, "--help");
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setUsageHelpWidth(100);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            throw e;
        });
        int status = cli.execute(rest.toArray(String[]::new));
        cli.getOut().flush();
        cli.getErr().flush();
        return status;
    }

    /** One line: the subcommand, what was wrong and what is accepted. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandName();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u
                && u.getUnmatched().stream().anyMatch(a -> a.startsWith("-"))) {
            message += " (accepted: " + options(command.getCommandSpec()) + ")";
        } else if (e instanceof UnmatchedArgumentException) {
            message += " (options start with --; see " + name + " --help)";
        }
        command.getErr()
                .println("telemetry-ingester: " + name + ": "
                        + message.replace('\n', ' ').trim());
        command.getErr().flush();
        return USAGE;
    }

    private static String options(CommandSpec spec) {
        return spec.options().stream().map(OptionSpec::longestName).collect(Collectors.joining(", "));
    }
}
