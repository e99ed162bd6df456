package telemetry.ingester.http;

import java.util.ArrayDeque;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import telemetry.ingester.json.StateJson;
import telemetry.ingester.json.Subscription;

/**
 * One WebSocket client of {@code /ws}. Messages wait in a small queue and are sent one at a time
 * (the next when the previous completed), so a slow client costs at most {@link #MAX_QUEUED}
 * messages of memory and never blocks the broadcaster. When the queue is full the client is marked
 * behind: its queued updates are discarded and the broadcaster sends it a fresh snapshot instead, so
 * it is never left silently with a gap.
 *
 * <p>Thread-safe: the broadcaster offers, Jetty's threads complete sends; both under this object's
 * monitor. Public only because Jetty calls the listener methods reflectively.
 */
public final class LiveClient implements Session.Listener.AutoDemanding {

    static final int MAX_QUEUED = 4;

    private final LiveBroadcaster broadcaster;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private Session session;
    private boolean sending;
    private boolean needsSnapshot = true;
    private boolean closed;
    private long resyncs;
    private Subscription subscription = Subscription.EVERYTHING;

    LiveClient(LiveBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        synchronized (this) {
            this.session = session;
        }
        broadcaster.register(this);
    }

    /**
     * A subscribe message changes what this client is sent (from a fresh snapshot on); any other
     * message asks for a fresh snapshot (e.g. after the client's own error). A subscribe message
     * that cannot be understood is answered with an {@code error} message saying why; the client
     * keeps its subscription and gets a snapshot.
     */
    @Override
    public void onWebSocketText(String message) {
        String error = null;
        synchronized (this) {
            if (Subscription.isSubscribe(message)) {
                try {
                    subscription = Subscription.parse(message);
                } catch (IllegalArgumentException e) {
                    error = e.getMessage();
                }
            }
            needsSnapshot = true;
        }
        if (error != null) {
            sendError(error);
        }
        broadcaster.wake();
    }

    synchronized Subscription subscription() {
        return subscription;
    }

    private void sendError(String message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.addLast(StateJson.error(message));
        }
        pump();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        close();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        close();
    }

    private void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        broadcaster.unregister(this);
    }

    synchronized boolean needsSnapshot() {
        return needsSnapshot;
    }

    synchronized long resyncs() {
        return resyncs;
    }

    /**
     * Queues a snapshot rendered for {@code renderedFor}, replacing whatever was still queued; not
     * if the client subscribed to something else meanwhile (its own snapshot follows).
     */
    void sendSnapshot(String snapshot, Subscription renderedFor) {
        synchronized (this) {
            if (closed || !renderedFor.equals(subscription)) {
                return;
            }
            queue.clear();
            queue.addLast(snapshot);
            needsSnapshot = false;
        }
        pump();
    }

    /** Queues an update; if the client is too far behind, drops its queue and asks for a snapshot. */
    void sendUpdate(String update) {
        synchronized (this) {
            if (closed || needsSnapshot) {
                return;
            }
            if (queue.size() >= MAX_QUEUED) {
                queue.clear();
                needsSnapshot = true;
                resyncs++;
                return;
            }
            queue.addLast(update);
        }
        pump();
    }

    private void pump() {
        String next;
        Session s;
        synchronized (this) {
            if (sending || closed || queue.isEmpty() || session == null) {
                return;
            }
            next = queue.removeFirst();
            sending = true;
            s = session;
        }
        s.sendText(next, Callback.from(this::sent, failure -> {
            close();
            s.close();
        }));
    }

    private void sent() {
        synchronized (this) {
            sending = false;
        }
        pump();
    }
}
