package telemetry.ingester.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import telemetry.ingester.json.StateJson;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.TelemetryStore;

/**
 * Feeds every {@code /ws} client: a {@code snapshot} first, then one {@code update} per tick with
 * what changed since the previous tick. Each tick renders each message once, under the store's
 * monitor, and hands the same string to every client; messages carry the tick number as
 * {@code seq}, so an update follows the snapshot or update before it without gaps.
 *
 * <p>Runs on its own single thread: ticks never overlap, and a slow client only fills its own
 * small queue ({@link LiveClient}).
 */
public final class LiveBroadcaster implements AutoCloseable {

    private final TelemetryStore store;
    private final ReceiveCounters counters;
    private final Map<String, Object> info;
    private final ScheduledExecutorService thread;
    private final CopyOnWriteArrayList<LiveClient> clients = new CopyOnWriteArrayList<>();
    private long tick;
    private long lastVersion;
    private long lastEventId;
    /** Window signature per process as the stream last carried it (see StateJson#update). */
    private final java.util.Map<String, Long> windowsSent = new java.util.HashMap<>();

    public LiveBroadcaster(TelemetryStore store, ReceiveCounters counters, Map<String, Object> info, Duration period) {
        this.store = store;
        this.counters = counters;
        this.info = info;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingester-websocket");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tickSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void register(LiveClient client) {
        clients.add(client);
        wake();
    }

    void unregister(LiveClient client) {
        clients.remove(client);
    }

    /** Runs a tick now (a new client should not wait for its snapshot). */
    void wake() {
        try {
            thread.execute(this::tickSafely);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Connected clients. */
    public int clientCount() {
        return clients.size();
    }

    /** Total resynchronisations forced on slow clients so far. */
    public long resyncs() {
        long n = 0;
        for (LiveClient c : clients) {
            n += c.resyncs();
        }
        return n;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a rendering bug must not stop the stream: the next tick tries again
            System.err.println("telemetry-ingester: websocket tick failed: " + e);
        }
    }

    private void tick() {
        synchronized (store) {
            long version = store.version();
            long eventId = StateJson.lastEventId(store);
            if (!clients.isEmpty()) {
                tick++;
                // the update first: it moves the stream's record of what was sent (windowsSent)
                String update = null;
                boolean updateNeeded = false;
                for (LiveClient c : clients) {
                    updateNeeded |= !c.needsSnapshot();
                }
                if (updateNeeded) {
                    update = StateJson.update(store, counters, tick, lastVersion, lastEventId, windowsSent);
                }
                // (an update that comes back null means removals were forgotten: everyone resyncs)
                String snapshot = null;
                for (LiveClient c : clients) {
                    if (update != null && !c.needsSnapshot()) {
                        c.sendUpdate(update);
                        continue;
                    }
                    if (snapshot == null) {
                        snapshot = StateJson.snapshot(store, counters, "snapshot", tick, info,
                                update == null ? windowsSent : null);
                    }
                    c.sendSnapshot(snapshot);
                }
            }
            lastVersion = version;
            lastEventId = eventId;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
