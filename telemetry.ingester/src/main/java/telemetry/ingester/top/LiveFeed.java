package telemetry.ingester.top;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a WebSocket to the ingester open and the {@link LiveModel} fed: reconnects with
 * exponential backoff and jitter (0.5 s doubling to 10 s), asks for a snapshot whenever the
 * stream cannot be applied, and publishes an immutable {@link TopState} after every message.
 * Messages are applied on the WebSocket's thread, one at a time; {@link #latest} may be read by any.
 */
public final class LiveFeed implements AutoCloseable {

    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final URI uri;
    private final LiveModel model;
    private final Runnable changed;
    private final HttpClient client;
    private final Thread thread;
    private volatile TopState latest;
    private volatile boolean closed;
    private volatile WebSocket socket;

    /** @param changed called after each new state (from the feed's threads; keep it short) */
    public LiveFeed(URI uri, Runnable changed) {
        this.uri = uri;
        this.model = new LiveModel(uri.toString(), System::currentTimeMillis);
        this.changed = changed;
        this.client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.latest = TopState.empty(model.state(false).source());
        this.thread = new Thread(this::run, "top-feed");
        thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    public TopState latest() {
        return latest;
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        while (!closed) {
            CompletableFuture<Void> gone = new CompletableFuture<>();
            try {
                String origin = "http://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
                socket = client.newWebSocketBuilder()
                        .header("Origin", origin)
                        .connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(uri, new Listener(gone))
                        .get(10, TimeUnit.SECONDS);
                backoff = FIRST_BACKOFF_MS;
                gone.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // refused, timed out or dropped: try again after the backoff
            }
            synchronized (model) {
                model.resync();
                latest = latest.withConnection(false);
            }
            changed.run();
            if (closed) {
                return;
            }
            try {
                long jitter = ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
                Thread.sleep(backoff + jitter);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<Void> gone;
        private final StringBuilder partial = new StringBuilder();

        Listener(CompletableFuture<Void> gone) {
            this.gone = gone;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                try {
                    synchronized (model) {
                        if (model.apply(message)) {
                            latest = model.state(true);
                        } else {
                            ws.sendText("snapshot", true);
                        }
                    }
                    changed.run();
                } catch (Exception e) {
                    ws.abort();
                    gone.complete(null);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            gone.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            gone.complete(null);
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        thread.interrupt();
    }
}
