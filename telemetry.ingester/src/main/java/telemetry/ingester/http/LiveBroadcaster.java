package telemetry.ingester.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import telemetry.ingester.json.StateJson;
import telemetry.ingester.json.Subscription;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.WindowView;
import telemetry.ingester.store.StoreAccess;

/**
 * Feeds every {@code /ws} client: a {@code snapshot} first, then one {@code update} per tick with
 * what changed between the view the stream carried last tick and this tick's, each restricted to
 * what the client subscribed to ({@link Subscription}; a client that never subscribed gets
 * everything). Clients with the same subscription share one rendering. Each tick asks the
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

    /** What each connected client subscribed to ({@link Subscription#EVERYTHING} for those that did not). */
    public List<Subscription> subscriptions() {
        return clients.stream().map(LiveClient::subscription).toList();
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
        // one rendering per distinct subscription, shared by its clients
        Map<Subscription, String> updates = new HashMap<>();
        Map<Subscription, String> snapshots = new HashMap<>();
        Map<String, List<WindowView>> selected = new HashMap<>();
        for (LiveClient c : clients) {
            Subscription s = c.subscription();
            List<WindowView> windows =
                    s.process() == null ? null : selected.computeIfAbsent(s.process(), this::windowsWithBuckets);
            if (lastSent != null && !c.needsSnapshot()) {
                StateView before = lastSent;
                StateView after = view;
                long seq = tick;
                c.sendUpdate(updates.computeIfAbsent(s, k -> StateJson.update(before, after, seq, k, windows)));
            } else {
                StateView now = view;
                long seq = tick;
                c.sendSnapshot(
                        snapshots.computeIfAbsent(s, k -> StateJson.snapshot(now, "snapshot", seq, info, k, windows)),
                        s);
            }
        }
        lastSent = view;
    }

    /** A selected process's windows with histograms from the store, or null (unknown, or the store is slow). */
    private List<WindowView> windowsWithBuckets(String key) {
        try {
            return store.windowsWithBuckets(key).get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
