package telemetry.ingester.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import telemetry.wire.WireFormat;

/**
 * The receive thread: drains the socket into a {@link DatagramQueue} and does nothing else, so the
 * kernel queue ({@code net.unix.max_dgram_qlen}, 10 by default) is emptied as fast as datagrams
 * arrive. Decoding and storing happen on the consumer thread. Only when the store falls so far
 * behind that the queue is full at its largest (64 MiB by default; it starts at 256 KiB and grows
 * only under load) does this thread wait, which pushes the overload
 * back to the senders instead of dropping what was already received.
 *
 * <p>Counters are written by the receive thread only and may be read from any thread. The thread
 * ends when the socket is closed.
 */
public final class DatagramReceiver implements Runnable {

    private final BoundSocket socket;
    private final DatagramQueue ring;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong ringFull = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private volatile Thread consumer;
    private volatile boolean consumerParked;
    private volatile IOException failure;

    public DatagramReceiver(BoundSocket socket, DatagramQueue ring) {
        this.socket = socket;
        this.ring = ring;
    }

    /** The thread to unpark when a datagram was queued (the ring's consumer). */
    public void wakeOnArrival(Thread consumerThread) {
        this.consumer = consumerThread;
    }

    /**
     * Called by the consumer when it found the ring empty: parks until a datagram is queued (or
     * {@code maxNanos} pass). The receive thread only pays for an unpark when the consumer sleeps.
     */
    public void awaitArrival(long maxNanos) {
        consumerParked = true;
        if (ring.isEmpty()) {
            LockSupport.parkNanos(this, maxNanos);
        }
        consumerParked = false;
    }

    @Override
    public void run() {
        // One byte more than the largest datagram: a datagram that fills it was truncated.
        ByteBuffer buffer = ByteBuffer.allocateDirect(WireFormat.MAX_DATAGRAM + 1);
        try {
            while (true) {
                buffer.clear();
                socket.channel().receive(buffer);
                buffer.flip();
                received.lazySet(received.get() + 1);
                if (buffer.remaining() > WireFormat.MAX_DATAGRAM) {
                    oversized.lazySet(oversized.get() + 1);
                    continue;
                }
                if (!ring.offer(buffer)) {
                    // The store is behind and the queue is full: wait for room rather than lose a
                    // datagram already accepted. Meanwhile the kernel queue fills and senders see
                    // EAGAIN: overload shows up at the senders (who retry, then count), not as a
                    // silent loss in here.
                    stalls.lazySet(stalls.get() + 1);
                    wakeConsumer();
                    while (!ring.offer(buffer)) {
                        LockSupport.parkNanos(50_000);
                        if (!socket.channel().isOpen()) {
                            return;
                        }
                    }
                }
                if (consumerParked) {
                    wakeConsumer();
                }
            }
        } catch (ClosedChannelException e) {
            // normal shutdown
        } catch (IOException e) {
            failure = e;
        }
    }

    private void wakeConsumer() {
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /** Datagrams taken from the socket, valid or not. */
    public long received() {
        return received.get();
    }

    /**
     * Datagrams lost inside the ingester. Always 0 today: when the queue is full the receive thread
     * waits for room (see {@link #stalls()}); kept so that a future policy change stays visible.
     */
    public long ringFull() {
        return ringFull.get();
    }

    /** Times the queue was full and the receive thread had to wait for the store (overload). */
    public long stalls() {
        return stalls.get();
    }

    /** Datagrams longer than 65,536 bytes, discarded. */
    public long oversized() {
        return oversized.get();
    }

    /** The error that ended the thread other than a close, or null. */
    public IOException failure() {
        return failure;
    }
}
