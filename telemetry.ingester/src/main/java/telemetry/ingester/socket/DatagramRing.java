package telemetry.ingester.socket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A bounded single-producer, single-consumer queue of datagrams in one preallocated byte array:
 * the receive thread copies each datagram in, the store thread copies it out. Nothing is
 * allocated per datagram and memory is fixed at construction.
 *
 * <p>Contract:
 * <ol>
 * <li>Exactly one thread calls {@link #offer} and exactly one (other) thread calls {@link #poll}.</li>
 * <li>{@link #offer} never blocks: when the datagram does not fit it returns false and the caller
 * counts the loss.</li>
 * <li>A datagram polled is exactly the bytes offered, in offer order.</li>
 * </ol>
 *
 * <p>Records are {@code [int length][bytes]} padded to 4 bytes; a record that would straddle the
 * end of the array is preceded by a wrap marker (length -1) and written at the start.
 */
public final class DatagramRing {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(DatagramRing.class, "head", long.class);
            TAIL = l.findVarHandle(DatagramRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ring the producer moved on to when this one was full ({@link DatagramQueue}), or null. */
    volatile DatagramRing next;

    private final byte[] bytes;
    private final ByteBuffer view;
    private final int capacity;
    /** Written by the producer only (volatile), read by the consumer (acquire). */
    @SuppressWarnings("unused")
    private volatile long head;
    /** Written by the consumer only (release), read by the producer (acquire). */
    @SuppressWarnings("unused")
    private volatile long tail;

    public DatagramRing(int capacityBytes) {
        if (capacityBytes < 2 * 65_540) {
            throw new IllegalArgumentException("ring of " + capacityBytes + " bytes cannot hold two full datagrams");
        }
        this.capacity = capacityBytes & ~3;
        this.bytes = new byte[capacity];
        this.view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies the datagram between {@code src}'s position and limit in; false if it does not fit now. */
    public boolean offer(ByteBuffer src) {
        int length = src.remaining();
        int need = align(4 + length);
        long h = (long) HEAD.getOpaque(this);
        long t = (long) TAIL.getAcquire(this);
        int at = (int) (h % capacity);
        int skip = capacity - at < need ? capacity - at : 0;
        if (h + skip + need - t > capacity) {
            return false;
        }
        if (skip > 0) {
            view.putInt(at, -1);
            at = 0;
        }
        view.putInt(at, length);
        src.get(src.position(), bytes, at + 4, length);
        // volatile, not just release: the receive thread reads the consumer's "parked" flag next,
        // and that read must not move before this store (else a wake-up could be missed)
        HEAD.setVolatile(this, h + skip + need);
        return true;
    }

    /**
     * Copies the oldest datagram into {@code dst} (at least 65,536 bytes) and returns its length,
     * or -1 when the ring is empty.
     */
    public int poll(byte[] dst) {
        long t = (long) TAIL.getOpaque(this);
        long h = (long) HEAD.getAcquire(this);
        if (t == h) {
            return -1;
        }
        int at = (int) (t % capacity);
        int length = view.getInt(at);
        if (length < 0) {
            t += capacity - at;
            at = 0;
            length = view.getInt(0);
        }
        System.arraycopy(bytes, at + 4, dst, 0, length);
        TAIL.setRelease(this, t + align(4 + length));
        return length;
    }

    /** True when nothing is queued (a hint: the producer may be adding right now). */
    public boolean isEmpty() {
        return (long) TAIL.getAcquire(this) == (long) HEAD.getAcquire(this);
    }

    /** Bytes currently queued, wrap padding included. */
    public long usedBytes() {
        return (long) HEAD.getAcquire(this) - (long) TAIL.getAcquire(this);
    }

    public int capacityBytes() {
        return capacity;
    }

    private static int align(int n) {
        return n + 3 & ~3;
    }
}
