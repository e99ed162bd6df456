package telemetry.ingester.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import telemetry.ingester.json.StateJson;
import telemetry.ingester.model.StateView;
import telemetry.ingester.store.StoreAccess;

/**
 * Feeds every {@code /ws} client: a {@code snapshot} first, then one {@code update} per tick with
 * what changed between the view the stream carried last tick and this tick's. Each tick asks the
 * store for a fresh immutable view, renders each message once on this thread (no lock: the store
 * keeps storing meanwhile) and hands the same string to every client; messages carry the tick
 * number as {@code seq}, so an update follows the snapshot or update before it without gaps.
 *
 * <p>Runs on its own single thread: ticks never overlap, and a slow client only fills its own
 * small queue ({@link LiveClient}).
 */
public final class LiveBroadcaster implements AutoCloseable {

    private final StoreAccess store;
    private final Map<String, Object> info;
    private final ScheduledExecutorService thread;
    private final CopyOnWriteArrayList<LiveClient> clients = new CopyOnWriteArrayList<>();
    private long tick;
    /** The view the stream's last messages were made from. */
    private StateView lastSent;

    public LiveBroadcaster(StoreAccess store, Map<String, Object> info, Duration period) {
        this.store = store;
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() throws InterruptedException {
        if (clients.isEmpty()) {
            lastSent = null;
            return;
        }
        StateView view;
        try {
            view = store.fresh().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            view = store.current();
        }
        tick++;
        String update = null;
        if (lastSent != null) {
            for (LiveClient c : clients) {
                if (!c.needsSnapshot()) {
                    update = StateJson.update(lastSent, view, tick);
                    break;
                }
            }
        }
        String snapshot = null;
        for (LiveClient c : clients) {
            if (update != null && !c.needsSnapshot()) {
                c.sendUpdate(update);
                continue;
            }
            if (snapshot == null) {
                snapshot = StateJson.snapshot(view, "snapshot", tick, info);
            }
            c.sendSnapshot(snapshot);
        }
        lastSent = view;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
