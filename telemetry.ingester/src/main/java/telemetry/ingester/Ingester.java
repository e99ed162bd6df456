package telemetry.ingester;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import telemetry.ingester.http.HttpFrontEnd;
import telemetry.ingester.socket.BoundSocket;
import telemetry.ingester.socket.DatagramReceiver;
import telemetry.ingester.socket.DatagramRing;
import telemetry.ingester.socket.SocketSetupException;
import telemetry.ingester.socket.UnixSocketBinder;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.StoreLimits;
import telemetry.ingester.store.TelemetryStore;
import telemetry.wire.WireFormat;

/**
 * A running ingester: the socket, the receive thread (socket → queue), the ingest thread (queue →
 * decode → store), the sweep timer and the HTTP/WebSocket front end.
 *
 * <p>{@link #start} either returns a fully running ingester or fails leaving nothing behind (the
 * socket file is removed if HTTP cannot start). {@link #close} is idempotent and may run from a
 * shutdown hook.
 */
public final class Ingester implements AutoCloseable {

    private final BoundSocket socket;
    private final DatagramReceiver receiver;
    private final DatagramRing ring;
    private final TelemetryStore store;
    private final Thread receiveThread;
    private final Thread ingestThread;
    private final ScheduledExecutorService sweeper;
    private final ReceiveCounters counters;
    private volatile HttpFrontEnd http;
    private volatile boolean running = true;
    private long storeFailures;
    private final java.util.concurrent.CompletableFuture<String> failure = new java.util.concurrent.CompletableFuture<>();

    private Ingester(BoundSocket socket, IngesterConfig config, InstantSource clock) {
        this.socket = socket;
        this.ring = new DatagramRing(config.queueBytes());
        this.receiver = new DatagramReceiver(socket, ring);
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
        this.ingestThread = new Thread(this::ingestLoop, "ingester-store");
        this.ingestThread.setDaemon(true);
        this.receiveThread = new Thread(() -> {
            receiver.run();
            if (running) {
                IOException e = receiver.failure();
                fail("receiving on unix:" + socket.path() + " failed: " + (e == null ? "the socket was closed" : e));
            }
        }, "ingester-receive");
        this.receiveThread.setDaemon(true);
        this.receiveThread.setPriority(Thread.MAX_PRIORITY);
        receiver.wakeOnArrival(ingestThread);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingester-sweep");
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
        ingester.ingestThread.start();
        ingester.receiveThread.start();
        long sweep = config.sweepPeriod().toMillis();
        ingester.sweeper.scheduleWithFixedDelay(ingester::sweepSafely, sweep, sweep, TimeUnit.MILLISECONDS);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("socket", "unix:" + config.socketPath());
        info.put("retention_seconds", config.retention().toMillis() / 1000.0);
        info.put("started", clock.millis() / 1000.0);
        info.put("receive_buffer_bytes", socket.receiveBufferBytes());
        info.put("queue_bytes", ingester.ring.capacityBytes());
        try {
            ingester.http = HttpFrontEnd.start(config.httpHost(), config.httpPort(), ingester.store, ingester.counters,
                    Map.copyOf(info), config.broadcastPeriod());
        } catch (IOException | RuntimeException e) {
            ingester.close();
            throw e;
        }
        return ingester;
    }

    private void ingestLoop() {
        byte[] buffer = new byte[WireFormat.MAX_DATAGRAM];
        while (true) {
            int n = ring.poll(buffer);
            if (n < 0) {
                if (!running) {
                    return;
                }
                receiver.awaitArrival(10_000_000);
                continue;
            }
            try {
                store.accept(buffer, 0, n);
            } catch (RuntimeException e) {
                // a bug must cost one datagram, not the ingester: count it and go on
                storeFailures++;
                if (storeFailures == 1) {
                    System.err.println("telemetry-ingester: a datagram could not be stored (further failures are "
                            + "only counted): " + e);
                    e.printStackTrace();
                }
            }
        }
    }

    private void sweepSafely() {
        if (running && !socket.pathIsOurs()) {
            fail("the socket file unix:" + socket.path() + " was removed or replaced: senders can no longer reach "
                    + "this ingester");
        }
        try {
            store.sweep();
        } catch (RuntimeException e) {
            System.err.println("telemetry-ingester: sweep failed: " + e);
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
    public java.util.concurrent.CompletionStage<String> failure() {
        return failure;
    }

    public TelemetryStore store() {
        return store;
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
        sweeper.shutdownNow();
        socket.close();
        try {
            receiveThread.join(2000);
            LockSupport.unpark(ingestThread);
            ingestThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
