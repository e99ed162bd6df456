package telemetry.ingester.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import telemetry.ingester.IngesterConfig;
import telemetry.ingester.Main;
import telemetry.ingester.simulate.DatagramSender;
import telemetry.ingester.simulate.TrafficSimulator;

/** {@code simulate}: sends realistic telemetry for N processes to an ingester's socket. */
public final class SimulateCommand {

    public static final String USAGE = """
            usage: java -jar telemetry-ingester.jar simulate [options]

              --target unix:/path        ingester socket (default unix:/tmp/telemetry.sock)
              --processes N              simulated processes (default 4)
              --groups N                 process groups they are spread over (default 2)
              --slots N                  worker slots per process (default 16)
              --interval DURATION        reporting interval per process (default 1s)
              --duration DURATION        how long to run (default 0 = until interrupted)
              --rate N                   load test: N datagrams per second overall instead of one
                                         sample per process per interval (default 0 = off)
              --lifetime DURATION        mean time before a process restarts (default 5m; 0 = never)
              --slow-probability P       chance per tick that a process starts a slow request (default 0.02)
              --retry DURATION           how long a datagram is retried while the socket queue is full
                                         (default 5ms; then it is dropped and counted)
              --seed N                   random seed (default 1)
              --help                     this text

            Prints a summary (sent, dropped after retries, errors). Exit status: 0 done, 1 nothing could
            be delivered (no ingester at the target), 2 bad options.
            """;

    private static final Set<String> OPTIONS = Set.of("target", "processes", "groups", "slots", "interval", "duration",
            "rate", "lifetime", "slow-probability", "retry", "seed");

    private SimulateCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        ParsedOptions o = ParsedOptions.parse("simulate", args, new TreeSet<>(OPTIONS));
        if (o.help()) {
            out.print(USAGE);
            return Main.OK;
        }
        Path target = o.unixPath("target", IngesterConfig.DEFAULT_SOCKET);
        TrafficSimulator.Settings settings = new TrafficSimulator.Settings(
                (int) o.integer("processes", 4, 1, 100_000),
                (int) o.integer("groups", 2, 1, 1000),
                (int) o.integer("slots", 16, 1, 1024),
                o.duration("interval", Duration.ofSeconds(1), Duration.ofMillis(10)).toNanos() / 1e9,
                o.duration("duration", Duration.ZERO, Duration.ZERO).toNanos() / 1e9,
                o.decimal("rate", 0, 0, 10_000_000),
                o.duration("lifetime", Duration.ofMinutes(5), Duration.ZERO).toNanos() / 1e9,
                o.decimal("slow-probability", 0.02, 0, 1),
                o.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
        long retryNanos = o.duration("retry", Duration.ofMillis(5), Duration.ZERO).toNanos();
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
            return Main.FAILED;
        }
        out.printf("simulate: %d datagrams in %.1f s (%d samples, %d slow, %d lifecycle): %d sent, %d dropped after "
                + "retries (socket queue full), %d errors, %d retries%n", summary.datagrams(), summary.seconds(),
                summary.samples(), summary.slowRecords(), summary.lifecycleRecords(), summary.sent(), summary.dropped(),
                summary.errors(), summary.retries());
        if (summary.behind() > 0) {
            out.printf("simulate: the sender could not keep up with --rate: %d datagrams were not generated "
                    + "(achieved %.0f datagrams/s)%n", summary.behind(), summary.datagrams() / summary.seconds());
        }
        if (summary.sent() == 0 && summary.datagrams() > 0) {
            err.println("telemetry-ingester: simulate: nothing delivered to unix:" + target + ": " + summary.lastError());
            return Main.FAILED;
        }
        return Main.OK;
    }
}
