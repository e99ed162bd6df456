package telemetry.ingester.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import telemetry.ingester.model.GroupHistoryView;
import telemetry.ingester.model.HistoryView;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.WindowView;
import telemetry.wire.WireFormat;

/**
 * The store's single owner thread: it takes datagrams from the intake queue and stores them, runs
 * the sweeps, runs what other threads ask of the store ({@link #call}), and publishes the read
 * model when a view is asked for ({@link #fresh}; requests arriving together share one view). A
 * view is made only when someone reads, so an ingester nobody watches spends its store thread on
 * storing alone. Because only this thread touches the store, nothing locks it, and a reader
 * (however slow) never delays storing.
 */
public final class StoreThread implements StoreAccess, AutoCloseable {

    /** Where datagrams come from: the receive queue. */
    public interface Intake {

        /** Copies the oldest datagram into {@code dst} and returns its length, or -1 when none is queued. */
        int poll(byte[] dst);

        /** Waits until a datagram may be queued, an unpark, or {@code maxNanos}. */
        void awaitArrival(long maxNanos);
    }

    /** Datagrams stored between two looks at the task queue, so requests wait little under full load. */
    private static final int BATCH = 512;

    private final TelemetryStore store;
    private final Intake intake;
    private final ReceiveCounters counters;
    private final long sweepNanos;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<StateView>> viewRequests = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private long storeFailures;

    public StoreThread(TelemetryStore store, Intake intake, ReceiveCounters counters, Duration sweepPeriod) {
        this.store = store;
        this.intake = intake;
        this.counters = counters;
        this.sweepNanos = sweepPeriod.toNanos();
        store.publish(counters);
        this.thread = new Thread(this::loop, "ingester-store");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The owner thread (the intake wakes it when a datagram is queued). */
    public Thread thread() {
        return thread;
    }

    private void loop() {
        byte[] buffer = new byte[WireFormat.MAX_DATAGRAM];
        long nextSweep = System.nanoTime() + sweepNanos;
        while (running) {
            runTasks();
            int stored = 0;
            int n;
            while (stored < BATCH && (n = intake.poll(buffer)) >= 0) {
                accept(buffer, n);
                stored++;
            }
            long now = System.nanoTime();
            if (now - nextSweep >= 0) {
                nextSweep = now + sweepNanos;
                guarded("sweep", store::sweep);
            }
            if (!viewRequests.isEmpty()) {
                publish();
            }
            if (stored == 0 && tasks.isEmpty() && viewRequests.isEmpty()) {
                long until = nextSweep - System.nanoTime();
                intake.awaitArrival(Math.max(1_000_000L, Math.min(until, 100_000_000L)));
            }
        }
        for (CompletableFuture<StateView> f; (f = viewRequests.poll()) != null; ) {
            f.cancel(false);
        }
    }

    private void accept(byte[] buffer, int length) {
        try {
            store.accept(buffer, 0, length);
        } catch (RuntimeException e) {
            // a bug must cost one datagram, not the ingester: count it and go on
            if (++storeFailures == 1) {
                System.err.println("telemetry-ingester: a datagram could not be stored (further failures are only "
                        + "counted): " + e);
                e.printStackTrace();
            }
        }
    }

    private void publish() {
        List<CompletableFuture<StateView>> waiting = new ArrayList<>();
        for (CompletableFuture<StateView> f; (f = viewRequests.poll()) != null; ) {
            waiting.add(f);
        }
        try {
            StateView view = store.publish(counters);
            waiting.forEach(f -> f.complete(view));
        } catch (RuntimeException e) {
            System.err.println("telemetry-ingester: the read model could not be made: " + e);
            waiting.forEach(f -> f.completeExceptionally(e));
        }
    }

    private void runTasks() {
        for (Runnable r; (r = tasks.poll()) != null; ) {
            r.run();
        }
    }

    private void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("telemetry-ingester: " + what + " failed: " + e);
        }
    }

    /** Runs {@code work} on the store's thread; the future completes with its result. */
    public <T> CompletableFuture<T> call(Function<TelemetryStore, T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the store is closed"));
            return result;
        }
        tasks.add(() -> {
            try {
                result.complete(work.apply(store));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        LockSupport.unpark(thread);
        return result;
    }

    @Override
    public StateView current() {
        return store.published();
    }

    @Override
    public CompletableFuture<StateView> fresh() {
        CompletableFuture<StateView> f = new CompletableFuture<>();
        if (!running) {
            f.complete(store.published());
            return f;
        }
        viewRequests.add(f);
        LockSupport.unpark(thread);
        return f;
    }

    @Override
    public CompletableFuture<HistoryView> history(String key) {
        return call(s -> s.history(key));
    }

    @Override
    public CompletableFuture<GroupHistoryView> groupHistory(String group) {
        return call(s -> s.groupHistory(group));
    }

    @Override
    public CompletableFuture<List<WindowView>> windowsWithBuckets(String key) {
        return call(s -> StateViews.windowsWithBuckets(s, key));
    }

    @Override
    public CompletableFuture<Integer> clearCompletedSlow() {
        return call(TelemetryStore::clearCompletedSlow);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
