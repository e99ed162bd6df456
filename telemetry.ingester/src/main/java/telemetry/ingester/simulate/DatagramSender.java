package telemetry.ingester.simulate;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Sends datagrams to a UNIX datagram socket without blocking: a full receiver (the kernel queues at
 * most {@code net.unix.max_dgram_qlen} datagrams, 10 by default) is retried for a short, bounded
 * time, then the datagram is dropped and counted. A missing socket counts as an error and is
 * retried on the next send. Not thread-safe: one sender per thread.
 */
public final class DatagramSender implements AutoCloseable {

    private final AFUNIXSocketAddress target;
    private final Path path;
    private final long retryNanos;
    private AFUNIXDatagramChannel channel;
    private long sent;
    private long dropped;
    private long errors;
    private long retries;
    private String lastError;

    /**
     * @param retryNanos how long a datagram is retried while the receiver's queue is full
     */
    public DatagramSender(Path target, long retryNanos) throws IOException {
        this.path = target;
        this.target = AFUNIXSocketAddress.of(target);
        this.retryNanos = retryNanos;
    }

    /** Sends the buffer's remaining bytes; returns true if the datagram was delivered to the socket. */
    public boolean send(ByteBuffer datagram) {
        int position = datagram.position();
        long deadline = 0;
        int spins = 0;
        while (true) {
            try {
                if (channel == null) {
                    channel = AFUNIXDatagramChannel.open();
                    channel.configureBlocking(false);
                    channel.connect(target);
                }
                if (channel.write(datagram) > 0) {
                    sent++;
                    return true;
                }
            } catch (SocketException e) {
                // no listener (yet), or it went away: count it, reconnect on the next datagram
                errors++;
                lastError = e.getMessage();
                closeChannel();
                return false;
            } catch (IOException e) {
                errors++;
                lastError = e.toString();
                closeChannel();
                return false;
            }
            datagram.position(position);
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + retryNanos;
            } else if (now - deadline > 0) {
                dropped++;
                return false;
            }
            retries++;
            // the receiver drains its queue on its own thread: give it the CPU rather than spin on sendto
            if (++spins < 200) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // reopened on the next send
            }
            channel = null;
        }
    }

    /** Datagrams delivered to the socket. */
    public long sent() {
        return sent;
    }

    /** Datagrams given up after the retry time because the receiver's queue stayed full. */
    public long dropped() {
        return dropped;
    }

    /** Datagrams that failed for another reason (no socket at the path, ...). */
    public long errors() {
        return errors;
    }

    /** Times a full queue made a send try again. */
    public long retries() {
        return retries;
    }

    public String lastError() {
        return lastError;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        closeChannel();
    }
}
