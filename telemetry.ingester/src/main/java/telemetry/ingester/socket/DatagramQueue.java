package telemetry.ingester.socket;

import java.nio.ByteBuffer;

/**
 * The receive queue between the socket thread and the store thread: a chain of
 * {@link DatagramRing}s that starts small and grows (each new ring twice the last) only when the
 * store falls behind, up to a maximum. Memory follows the load instead of being reserved up front;
 * a ring outgrown is dropped once the consumer has drained it.
 *
 * <p>Same contract as {@link DatagramRing}: one producer thread calls {@link #offer}, one consumer
 * thread calls {@link #poll}; datagrams come out in the order they went in.
 */
public final class DatagramQueue {

    /** The smallest ring that holds two datagrams of the largest size. */
    public static final int INITIAL_BYTES = 256 << 10;

    private final int maxBytes;
    /** The producer's ring (producer thread only). */
    private DatagramRing producing;
    /** The consumer's ring (consumer thread only). */
    private DatagramRing consuming;
    /** The capacity of the newest ring, for monitoring (written by the producer). */
    private volatile int capacityBytes;

    public DatagramQueue(int maxBytes) {
        this.maxBytes = Math.max(maxBytes, INITIAL_BYTES);
        this.producing = new DatagramRing(INITIAL_BYTES);
        this.consuming = producing;
        this.capacityBytes = INITIAL_BYTES;
    }

    /** Copies the datagram in, growing when the current ring is full; false when full at the maximum size. */
    public boolean offer(ByteBuffer src) {
        if (producing.offer(src)) {
            return true;
        }
        long bigger = (long) producing.capacityBytes() * 2;
        if (bigger > maxBytes) {
            return false;
        }
        DatagramRing next = new DatagramRing((int) bigger);
        next.offer(src);
        producing.next = next; // volatile: everything offered to the old ring happens-before this
        producing = next;
        capacityBytes = next.capacityBytes();
        return true;
    }

    /** Copies the oldest datagram into {@code dst} (at least 65,536 bytes); its length, or -1 when empty. */
    public int poll(byte[] dst) {
        int n = consuming.poll(dst);
        if (n >= 0) {
            return n;
        }
        DatagramRing next = consuming.next;
        if (next == null) {
            return -1;
        }
        // the producer has moved on: whatever it put in the old ring is visible now
        n = consuming.poll(dst);
        if (n >= 0) {
            return n;
        }
        consuming = next;
        return consuming.poll(dst);
    }

    /** True when nothing is queued (a hint for the consumer: the producer may be adding right now). */
    public boolean isEmpty() {
        return consuming.isEmpty() && consuming.next == null;
    }

    /** Capacity of the ring being filled now. */
    public int capacityBytes() {
        return capacityBytes;
    }

    /** The most the queue may grow to. */
    public int maxBytes() {
        return maxBytes;
    }
}
