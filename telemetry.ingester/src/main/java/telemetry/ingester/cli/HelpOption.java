package telemetry.ingester.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -h, --help} option of every command, as a picocli mixin. Not picocli's
 * {@code mixinStandardHelpOptions}: that adds {@code --version}, and the tool has no version to give.
 * Declare the mixin after a command's own options: with {@code sortOptions = false} it is listed last.
 */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this text")
    boolean help;
}
