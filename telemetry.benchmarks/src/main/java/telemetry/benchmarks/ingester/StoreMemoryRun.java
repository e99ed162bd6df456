package telemetry.benchmarks.ingester;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import java.util.Map;

import telemetry.ingester.json.StateJson;
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

    private StoreMemoryRun() {
    }

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
        System.out.printf("%d processes (%d slots), %d s of one-second samples, retention 10m: store holds %.1f MiB "
                + "(%.1f KiB per process); processes kept %d%n", processes, slots, seconds, used / 1048576.0,
                used / 1024.0 / processes, store.processCount());
        // what one /api/state or WebSocket snapshot costs at this size (the store is locked meanwhile)
        ReceiveCounters counters = ReceiveCounters.of(store);
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            String json = StateJson.snapshot(store, counters, "state", -1, Map.of());
            long t1 = System.nanoTime();
            String update = StateJson.update(store, counters, 1, store.version() - 1, 0, new java.util.HashMap<>());
            long t2 = System.nanoTime();
            System.out.printf("snapshot %.1f MiB in %.0f ms; update %.1f MiB in %.0f ms%n", json.length() / 1048576.0,
                    (t1 - t0) / 1e6, update.length() / 1048576.0, (t2 - t1) / 1e6);
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
