package telemetry.reporter.internal.transport;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Sends datagrams to a UNIX {@code SOCK_DGRAM} socket with an unconnected, non-blocking
 * {@code sendto} each: an ingester that starts late or restarts is reached on the next send, and a
 * send never blocks.
 *
 * <p>A full receive queue ({@code send} answers 0, EAGAIN) is retried a few times with a short,
 * growing pause (at most {@link #MAX_RETRY_NANOS} in all) when the caller allows it, then the
 * datagram is dropped. A missing socket, a refused send or any other error drops the datagram at
 * once. Every drop is counted and the last error kept; both are readable from any thread.
 *
 * <p>Not thread-safe for sending: one sending thread (the reporter). Counters and the last error
 * are safe to read from anywhere.
 */
public final class UnixDatagramTransport implements Closeable {

    /** Pauses between retries of a send to a full queue: 0.25, 0.5, 1 and 2 ms. */
    static final long[] RETRY_PAUSES_NANOS = {250_000, 500_000, 1_000_000, 2_000_000};

    static final long MAX_RETRY_NANOS = 3_750_000;

    private AFUNIXDatagramChannel channel;
    private volatile String targetPath;
    private volatile AFUNIXSocketAddress target;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastError;
    private volatile long lastErrorMillis;

    /** True when this platform has UNIX datagram sockets (not on Windows, for one). */
    public static boolean supported() {
        try {
            return AFSocket.supports(AFSocketCapability.CAPABILITY_UNIX_DATAGRAMS);
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Sends to {@code socketPath} from now on. */
    public void setTarget(String socketPath) throws SocketException {
        if (!socketPath.equals(targetPath)) {
            target = AFUNIXSocketAddress.of(new File(socketPath));
            targetPath = socketPath;
        }
    }

    public String targetPath() {
        return targetPath;
    }

    /**
     * Sends one datagram (the buffer's remaining bytes).
     *
     * @param retryWhenFull whether a full receive queue is retried briefly before dropping
     * @return the outcome; the datagram was counted as sent or dropped
     */
    public SendOutcome send(ByteBuffer datagram, boolean retryWhenFull) {
        AFUNIXSocketAddress to = target;
        if (to == null) {
            return drop(SendOutcome.FAILED, "no target set");
        }
        int position = datagram.position();
        try {
            for (int attempt = 0; ; attempt++) {
                if (channel(to).send(datagram, to) > 0) {
                    sent.incrementAndGet();
                    return SendOutcome.SENT;
                }
                if (!retryWhenFull || attempt == RETRY_PAUSES_NANOS.length) {
                    return drop(
                            SendOutcome.FULL,
                            "receive queue of " + targetPath + " full (EAGAIN): datagram dropped"
                                    + " (raise net.unix.max_dgram_qlen, or check that the ingester keeps up)");
                }
                datagram.position(position);
                LockSupport.parkNanos(this, RETRY_PAUSES_NANOS[attempt]);
            }
        } catch (ClosedChannelException e) {
            closeChannel(); // reopened on the next send
            return drop(SendOutcome.FAILED, "send to " + targetPath + " failed: channel closed");
        } catch (IOException | RuntimeException e) {
            return drop(SendOutcome.FAILED, "send to " + targetPath + " failed: " + describe(e));
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private AFUNIXDatagramChannel channel(AFUNIXSocketAddress to) throws IOException {
        AFUNIXDatagramChannel c = channel;
        if (c == null || !c.isOpen()) {
            c = AFUNIXDatagramChannel.open();
            c.configureBlocking(false);
            channel = c;
        }
        return c;
    }

    private SendOutcome drop(SendOutcome outcome, String error) {
        dropped.incrementAndGet();
        lastError = error;
        lastErrorMillis = System.currentTimeMillis();
        return outcome;
    }

    public long sent() {
        return sent.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** The last error, or {@code null} if none happened yet. */
    public String lastError() {
        return lastError;
    }

    /** When the last error happened ({@link System#currentTimeMillis()}), 0 if never. */
    public long lastErrorMillis() {
        return lastErrorMillis;
    }

    @Override
    public void close() {
        closeChannel();
    }

    private void closeChannel() {
        AFUNIXDatagramChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** What became of one datagram. */
    public enum SendOutcome {
        SENT,
        /** The receive queue stayed full: dropped. */
        FULL,
        /** Missing socket, refused, or another error: dropped. */
        FAILED
    }
}
