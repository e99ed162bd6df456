package telemetry.ingester;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import telemetry.ingester.http.HttpFrontEnd;
import telemetry.ingester.socket.BoundSocket;
import telemetry.ingester.socket.DatagramQueue;
import telemetry.ingester.socket.DatagramReceiver;
import telemetry.ingester.socket.SocketSetupException;
import telemetry.ingester.socket.UnixSocketBinder;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.StoreLimits;
import telemetry.ingester.store.StoreThread;
import telemetry.ingester.store.TelemetryStore;

/**
 * A running ingester: the socket, the receive thread (socket → queue), the store thread (queue →
 * decode → store, sweeps, read model; see {@link StoreThread}), a timer that checks the socket file,
 * and the HTTP/WebSocket front end, which renders only from the store's published read model.
 *
 * <p>{@link #start} either returns a fully running ingester or fails leaving nothing behind (the
 * socket file is removed if HTTP cannot start). {@link #close} is idempotent and may run from a
 * shutdown hook.
 */
public final class Ingester implements AutoCloseable {

    private final BoundSocket socket;
    private final DatagramReceiver receiver;
    private final DatagramQueue queue;
    private final TelemetryStore store;
    private final StoreThread storeThread;
    private final Thread receiveThread;
    private final ScheduledExecutorService watchdog;
    private final ReceiveCounters counters;
    private volatile HttpFrontEnd http;
    private volatile boolean running = true;
    private final CompletableFuture<String> failure = new CompletableFuture<>();

    private Ingester(BoundSocket socket, IngesterConfig config, InstantSource clock) {
        this.socket = socket;
        this.queue = new DatagramQueue(config.queueBytes());
        this.receiver = new DatagramReceiver(socket, queue);
        this.store = new TelemetryStore(clock, StoreLimits.defaults(config.retention()));
        this.counters = new ReceiveCounters() {
            @Override
            public long received() {
                return receiver.received();
            }

            @Override
            public long ringOverflows() {
                return receiver.ringFull();
            }

            @Override
            public long oversized() {
                return receiver.oversized();
            }

            @Override
            public long queueStalls() {
                return receiver.stalls();
            }
        };
        this.storeThread = new StoreThread(
                store,
                new StoreThread.Intake() {
                    @Override
                    public int poll(byte[] dst) {
                        return queue.poll(dst);
                    }

                    @Override
                    public void awaitArrival(long maxNanos) {
                        receiver.awaitArrival(maxNanos);
                    }
                },
                counters,
                config.sweepPeriod());
        this.receiveThread = new Thread(
                () -> {
                    try {
                        receiver.run();
                    } catch (Throwable t) {
                        // An Error (out of memory, say) must not leave an ingester serving HTTP with nobody
                        // draining its socket: fail the whole process, as for a dead socket.
                        fail("receiving on unix:" + socket.path() + " failed: " + t);
                        throw t;
                    }
                    if (running) {
                        IOException e = receiver.failure();
                        fail("receiving on unix:" + socket.path() + " failed: "
                                + (e == null ? "the socket was closed" : e));
                    }
                },
                "ingester-receive");
        this.receiveThread.setDaemon(true);
        this.receiveThread.setPriority(Thread.MAX_PRIORITY);
        receiver.wakeOnArrival(storeThread.thread());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingester-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds the socket, then starts HTTP; on any failure everything started is stopped again.
     *
     * @throws SocketSetupException the socket cannot be bound (message names path and cause)
     * @throws IOException HTTP cannot be served (message names address and cause)
     */
    public static Ingester start(IngesterConfig config, InstantSource clock) throws SocketSetupException, IOException {
        BoundSocket socket = UnixSocketBinder.bind(config.socketPath(), config.socketMode(), config.socketGroup());
        Ingester ingester = new Ingester(socket, config, clock);
        ingester.storeThread.start();
        ingester.receiveThread.start();
        long check = config.sweepPeriod().toMillis();
        ingester.watchdog.scheduleWithFixedDelay(ingester::checkSocketFile, check, check, TimeUnit.MILLISECONDS);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("socket", "unix:" + config.socketPath());
        info.put("retention_seconds", config.retention().toMillis() / 1000.0);
        info.put("started", clock.millis() / 1000.0);
        info.put("receive_buffer_bytes", socket.receiveBufferBytes());
        info.put("queue_bytes", ingester.queue.maxBytes());
        try {
            ingester.http = HttpFrontEnd.start(
                    config.httpHost(),
                    config.httpPort(),
                    config.rootPath(),
                    config.allowOrigins(),
                    ingester.storeThread,
                    Map.copyOf(info),
                    config.broadcastPeriod());
        } catch (IOException | RuntimeException e) {
            ingester.close();
            throw e;
        }
        return ingester;
    }

    private void checkSocketFile() {
        if (running && !socket.pathIsOurs()) {
            fail("the socket file unix:" + socket.path() + " was removed or replaced: senders can no longer reach "
                    + "this ingester");
        }
    }

    private void fail(String why) {
        failure.complete(why);
    }

    /**
     * Completes with a message when the ingester can no longer receive (the receive thread failed,
     * or the socket file was removed or replaced). {@code serve} then exits 1 rather than keep
     * serving HTTP with a dead socket.
     */
    public CompletionStage<String> failure() {
        return failure;
    }

    /** The store's thread: the read model, and the way to reach the store from another thread. */
    public StoreThread store() {
        return storeThread;
    }

    /** Datagrams stored so far (valid or not); readable from any thread. */
    public long stored() {
        return store.datagrams();
    }

    public ReceiveCounters counters() {
        return counters;
    }

    public BoundSocket socket() {
        return socket;
    }

    public HttpFrontEnd http() {
        return http;
    }

    /** The HTTP port actually bound. */
    public int httpPort() {
        return http.port();
    }

    /** Capacity of the receive queue now (it grows under load). */
    public int queueCapacityBytes() {
        return queue.capacityBytes();
    }

    /**
     * Waits until every datagram received so far has been stored (for tests and benchmarks; the
     * caller's own timeout applies). Returns false if {@code timeout} passed first.
     */
    public boolean awaitStored(long datagrams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (store.datagrams() + receiver.ringFull() + receiver.oversized() < datagrams) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        HttpFrontEnd h = http;
        if (h != null) {
            h.close();
        }
        watchdog.shutdownNow();
        socket.close();
        try {
            receiveThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storeThread.close();
    }
}
