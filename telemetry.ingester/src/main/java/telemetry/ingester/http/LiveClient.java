package telemetry.ingester.http;

import java.util.ArrayDeque;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

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

    @Override
    public void onWebSocketText(String message) {
        // Any message from the client asks for a fresh snapshot (e.g. after its own error).
        synchronized (this) {
            needsSnapshot = true;
        }
        broadcaster.wake();
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

    /** Queues a snapshot, replacing whatever was still queued. */
    void sendSnapshot(String snapshot) {
        synchronized (this) {
            if (closed) {
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
