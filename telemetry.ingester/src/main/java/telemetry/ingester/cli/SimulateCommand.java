package telemetry.ingester.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import telemetry.ingester.IngesterConfig;
import telemetry.ingester.Main;
import telemetry.ingester.simulate.DatagramSender;
import telemetry.ingester.simulate.TrafficSimulator;

/** {@code simulate}: sends realistic telemetry for N processes to an ingester's socket. */
@Command(
        name = "simulate",
        sortOptions = false,
        synopsisHeading = "",
        customSynopsis = "usage: java -jar telemetry-ingester.jar simulate [options]",
        descriptionHeading = "%n",
        optionListHeading = "%noptions:%n",
        description = "Sends realistic telemetry for N simulated processes.",
        footer = {
            "",
            "Prints a summary (sent, dropped after retries, errors). Exit status: 0 done, 1 nothing could "
                    + "be delivered (no ingester at the target), 2 bad options."
        })
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--target",
            paramLabel = "unix:/path",
            converter = Values.UnixTarget.class,
            defaultValue = IngesterConfig.DEFAULT_SOCKET,
            description = "ingester socket (default ${DEFAULT-VALUE})")
    Path target;

    @Option(
            names = "--processes",
            paramLabel = "N",
            defaultValue = "4",
            description = "simulated processes (default ${DEFAULT-VALUE})")
    long processes;

    @Option(
            names = "--groups",
            paramLabel = "N",
            defaultValue = "2",
            description = "process groups they are spread over (default ${DEFAULT-VALUE})")
    long groups;

    @Option(
            names = "--slots",
            paramLabel = "N",
            defaultValue = "16",
            description = "worker slots per process (default ${DEFAULT-VALUE})")
    long slots;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = Values.DurationValue.class,
            defaultValue = "1s",
            description = "reporting interval per process (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = Values.DurationValue.class,
            defaultValue = "0",
            description = "how long to run (default 0 = until interrupted)")
    Duration duration;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "0",
            description = "load test: N datagrams per second overall instead of one sample per process per interval "
                    + "(default 0 = off)")
    double rate;

    @Option(
            names = "--lifetime",
            paramLabel = "DURATION",
            converter = Values.DurationValue.class,
            defaultValue = "5m",
            description = "mean time before a process restarts (default ${DEFAULT-VALUE}; 0 = never)")
    Duration lifetime;

    @Option(
            names = "--slow-probability",
            paramLabel = "P",
            defaultValue = "0.02",
            description = "chance per tick that a process starts a slow request (default ${DEFAULT-VALUE})")
    double slowProbability;

    @Option(
            names = "--retry",
            paramLabel = "DURATION",
            converter = Values.DurationValue.class,
            defaultValue = "5ms",
            description = "how long a datagram is retried while the socket queue is full (default ${DEFAULT-VALUE}; "
                    + "then it is dropped and counted)")
    Duration retry;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrafficSimulator.Settings settings = new TrafficSimulator.Settings(
                (int) Values.range(spec, "--processes", processes, 1, 100_000),
                (int) Values.range(spec, "--groups", groups, 1, 1000),
                (int) Values.range(spec, "--slots", slots, 1, 1024),
                Values.atLeast(spec, "--interval", interval, Duration.ofMillis(10))
                                .toNanos()
                        / 1e9,
                duration.toNanos() / 1e9,
                Values.range(spec, "--rate", rate, 0, 10_000_000),
                lifetime.toNanos() / 1e9,
                Values.range(spec, "--slow-probability", slowProbability, 0, 1),
                seed);
        long retryNanos = retry.toNanos();
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            hostname = "localhost";
        }
        AtomicBoolean stop = new AtomicBoolean();
        TrafficSimulator.Summary summary;
        try (DatagramSender sender = new DatagramSender(target, retryNanos)) {
            Thread hook = new Thread(() -> stop.set(true));
            if (settings.durationSeconds() == 0) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            summary = new TrafficSimulator(settings, sender, hostname).run(stop::get);
        } catch (IOException e) {
            err.println("telemetry-ingester: simulate: cannot use unix:" + target + ": " + e.getMessage());
            err.flush();
            return Main.FAILED;
        }
        out.printf(
                "simulate: %d datagrams in %.1f s (%d samples, %d slow, %d gc, %d lifecycle): %d sent, %d dropped "
                        + "after retries (socket queue full), %d errors, %d retries%n",
                summary.datagrams(),
                summary.seconds(),
                summary.samples(),
                summary.slowRecords(),
                summary.gcRecords(),
                summary.lifecycleRecords(),
                summary.sent(),
                summary.dropped(),
                summary.errors(),
                summary.retries());
        if (summary.behind() > 0) {
            out.printf(
                    "simulate: the sender could not keep up with --rate: %d datagrams were not generated "
                            + "(achieved %.0f datagrams/s)%n",
                    summary.behind(), summary.datagrams() / summary.seconds());
        }
        if (summary.sent() == 0 && summary.datagrams() > 0) {
            err.println(
                    "telemetry-ingester: simulate: nothing delivered to unix:" + target + ": " + summary.lastError());
            err.flush();
            return Main.FAILED;
        }
        out.flush();
        return Main.OK;
    }
}
