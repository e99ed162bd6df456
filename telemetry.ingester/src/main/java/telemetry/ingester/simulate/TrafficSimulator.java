package telemetry.ingester.simulate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import telemetry.wire.RecordWriter;
import telemetry.wire.WireEncoder;
import telemetry.wire.WireFormat;

/**
 * Drives {@link SimulatedProcess}es and sends what they report through a {@link DatagramSender}.
 *
 * <ul>
 * <li>Paced mode ({@code rate == 0}): every process ticks once per interval, each at its own offset
 * (never all on the same whole second), like real reporters.</li>
 * <li>Load mode ({@code rate > 0}): periodic samples of the processes in turn at {@code rate}
 * datagrams per second overall (plus their slow, GC and lifecycle records), for load tests. To keep the
 * sender cheap, most samples are a process's realistic samples encoded once and re-sent with a new
 * seq and stamp; one tick in {@value #FULL_TICK_EVERY} is simulated in full.</li>
 * </ul>
 * A process whose lifetime is up restarts: stopping, stopped, then a new pid that sends started.
 * When the run ends every process sends stopping and stopped. Single-threaded.
 */
public final class TrafficSimulator {

    /** Options of a run. */
    public record Settings(
            int processes,
            int groups,
            int slots,
            double interval,
            double durationSeconds,
            double rate,
            double meanLifetime,
            double slowProbability,
            long seed) {}

    /** What a run did. */
    public record Summary(
            long datagrams,
            long samples,
            long slowRecords,
            long lifecycleRecords,
            long sent,
            long dropped,
            long errors,
            long retries,
            double seconds,
            String lastError,
            long behind,
            long gcRecords) {}

    private final Settings settings;
    private final DatagramSender sender;
    private final SplittableRandom random;
    private final RecordWriter records =
            new RecordWriter(new WireEncoder(ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM)));
    private final String hostname;
    private long nextPid;
    private long datagrams;
    private long samples;
    private long slowRecords;
    private long lifecycle;
    private long gcRecords;
    private long behind;
    private long loadTicks;

    /** In load mode one tick in this many is simulated in full; the others replay encoded samples. */
    private static final int FULL_TICK_EVERY = 64;

    public TrafficSimulator(Settings settings, DatagramSender sender, String hostname) {
        this.settings = settings;
        this.sender = sender;
        this.random = new SplittableRandom(settings.seed());
        this.hostname = hostname;
        this.nextPid = 40_000 + random.nextInt(10_000);
    }

    /** Runs until the duration is over (0 = until {@code stop} says true). */
    public Summary run(BooleanSupplier stop) {
        long startNanos = System.nanoTime();
        List<SimulatedProcess> processes = new ArrayList<>();
        for (int i = 0; i < settings.processes(); i++) {
            SimulatedProcess p = newProcess(i, now());
            processes.add(p);
        }
        if (settings.rate() > 0) {
            loadMode(processes, startNanos, stop);
        } else {
            pacedMode(processes, startNanos, stop);
        }
        double now = now();
        for (SimulatedProcess p : processes) {
            send(p.stopping(records, now, "simulation_ended"), 2);
            send(p.stopped(records, now, "simulation_ended"), 2);
        }
        return new Summary(
                datagrams,
                samples,
                slowRecords,
                lifecycle,
                sender.sent(),
                sender.dropped(),
                sender.errors(),
                sender.retries(),
                (System.nanoTime() - startNanos) / 1e9,
                sender.lastError(),
                behind,
                gcRecords);
    }

    private void pacedMode(List<SimulatedProcess> processes, long startNanos, BooleanSupplier stop) {
        long intervalNanos = (long) (settings.interval() * 1e9);
        record Tick(long at, int index) {}
        PriorityQueue<Tick> due = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
        for (int i = 0; i < processes.size(); i++) {
            due.add(new Tick(startNanos + (long) (random.nextDouble() * intervalNanos), i));
        }
        while (!due.isEmpty() && !over(startNanos, stop)) {
            Tick t = due.poll();
            long wait = t.at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000));
                if (t.at - System.nanoTime() > 0) {
                    due.add(t);
                    continue;
                }
            }
            tick(processes, t.index, settings.interval());
            due.add(new Tick(t.at + intervalNanos, t.index));
        }
    }

    private void loadMode(List<SimulatedProcess> processes, long startNanos, BooleanSupplier stop) {
        double rate = settings.rate();
        long maxBacklog = Math.max(1, (long) (rate / 10)); // never try to catch up more than 100 ms
        int next = 0;
        long produced = 0;
        while (!over(startNanos, stop)) {
            long target = (long) ((System.nanoTime() - startNanos) / 1e9 * rate);
            if (produced >= target) {
                LockSupport.parkNanos(100_000);
                continue;
            }
            if (target - produced > maxBacklog) {
                behind += target - produced - maxBacklog;
                produced = target - maxBacklog;
            }
            for (int batch = 0; produced < target && batch < 1000; batch++) {
                long before = datagrams;
                if (++loadTicks % FULL_TICK_EVERY == 0) {
                    tick(processes, next, settings.interval()); // restarts and slow requests too
                } else {
                    send(processes.get(next).replay(records, now(), settings.interval()), 1);
                }
                produced += datagrams - before;
                next = (next + 1) % processes.size();
            }
        }
    }

    private boolean over(long startNanos, BooleanSupplier stop) {
        return stop.getAsBoolean()
                || settings.durationSeconds() > 0 && System.nanoTime() - startNanos >= settings.durationSeconds() * 1e9;
    }

    /** One reporter tick of process {@code i}: restart if due, sample, slow records, GC records (the reporter's order). */
    private void tick(List<SimulatedProcess> processes, int i, double period) {
        SimulatedProcess p = processes.get(i);
        double now = now();
        if (p.expired(now)) {
            send(p.stopping(records, now, "simulated_restart"), 2);
            send(p.stopped(records, now, "simulated_restart"), 2);
            p = newProcess(i, now);
            processes.set(i, p);
        }
        send(p.sample(records, now, period, settings.interval()), 1);
        p.maybeStartSlow(now, settings.slowProbability());
        int reported = p.reportSlow(records, now, sender);
        slowRecords += reported;
        datagrams += reported;
        int gc = p.reportGc(records, now, sender);
        gcRecords += gc;
        datagrams += gc;
    }

    private SimulatedProcess newProcess(int index, double now) {
        String group = "group-" + (char) ('a' + index % Math.max(1, settings.groups()));
        double lifetime = settings.meanLifetime() > 0 ? settings.meanLifetime() * (0.5 + random.nextDouble()) : 0;
        SimulatedProcess p =
                new SimulatedProcess(nextPid++, hostname, group, settings.slots(), now, lifetime, random.split());
        send(p.started(records, now), 2);
        return p;
    }

    /** kind: 1 sample, 2 lifecycle. */
    private void send(ByteBuffer datagram, int kind) {
        datagrams++;
        if (kind == 1) {
            samples++;
        } else {
            lifecycle++;
        }
        sender.send(datagram);
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
