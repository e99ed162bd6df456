package telemetry.benchmarks.ingester;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import telemetry.ingester.json.StateJson;
import telemetry.ingester.model.StateView;
import telemetry.ingester.simulate.RealisticTraffic;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.StoreLimits;
import telemetry.ingester.store.TelemetryStore;

/**
 * Heap the store keeps at its bounds: {@code processes} processes (4096 = the bound) each sending a
 * one-second sample for {@code seconds} seconds of a hand-moved clock (620 s fills the 10-minute
 * windows and history), then the heap in use after full GCs, per process.
 *
 * <pre>
 * java -Xmx2g -cp target/benchmarks.jar telemetry.benchmarks.ingester.StoreMemoryRun [processes] [seconds] [slots]
 * </pre>
 */
public final class StoreMemoryRun {

    private static long millis = 1_800_000_000_000L;

    private StoreMemoryRun() {}

    public static void main(String[] args) throws Exception {
        int processes = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 620;
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        InstantSource clock = () -> Instant.ofEpochMilli(millis);
        TelemetryStore store = new TelemetryStore(clock, StoreLimits.defaults(Duration.ofMinutes(10)));
        RealisticTraffic.Generator traffic = new RealisticTraffic.Generator(processes, slots, 7);
        byte[] copy = new byte[65_536];
        long baseline = usedAfterGc();
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < processes; i++) {
                ByteBuffer b = traffic.next(millis / 1000.0);
                int n = b.remaining();
                b.get(copy, 0, n);
                store.accept(copy, 0, n);
            }
            millis += 1000;
            if (s % 60 == 59) {
                store.sweep();
            }
        }
        long used = usedAfterGc() - baseline;
        System.out.printf(
                "%d processes (%d slots), %d s of one-second samples, retention 10m: store holds %.1f MiB "
                        + "(%.1f KiB per process); processes kept %d%n",
                processes, slots, seconds, used / 1048576.0, used / 1024.0 / processes, store.processCount());
        // what the read model and one /api/state (= WebSocket snapshot) and one WebSocket update cost at this
        // size: the view is made on the store's thread, the JSON rendered from it on another thread, unlocked
        ReceiveCounters counters = ReceiveCounters.of(store);
        StateView previous = store.publish(counters);
        for (int i = 0; i < 5; i++) {
            for (int p = 0; p < processes; p++) { // one more second of samples: every process changed
                ByteBuffer b = traffic.next(millis / 1000.0);
                int n = b.remaining();
                b.get(copy, 0, n);
                store.accept(copy, 0, n);
            }
            millis += 1000;
            long t0 = System.nanoTime();
            StateView view = store.publish(counters);
            long t1 = System.nanoTime();
            String json = StateJson.snapshot(view, "state", -1, Map.of());
            long t2 = System.nanoTime();
            String update = StateJson.update(previous, view, 1);
            long t3 = System.nanoTime();
            previous = view;
            System.out.printf(
                    "view %.0f ms (store thread); snapshot %.2f MiB in %.0f ms; update %.2f MiB in %.0f ms%n",
                    (t1 - t0) / 1e6,
                    json.length() / 1048576.0,
                    (t2 - t1) / 1e6,
                    update.length() / 1048576.0,
                    (t3 - t2) / 1e6);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
