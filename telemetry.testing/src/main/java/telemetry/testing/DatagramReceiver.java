package telemetry.testing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.wire.Datagram;
import telemetry.wire.Kind;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.WireDecoder;

/**
 * A real ingester stand-in for tests: binds a UNIX datagram socket, receives on its own thread and
 * keeps every datagram, decoded with the project's strict decoder. Can start paused (it does not
 * read, so the kernel queue fills up) and be resumed.
 *
 * <p>Two ways to read: by mark ({@link #count()}, then {@link #await(int, Predicate, Duration, String)}
 * or {@link #since(int)}), or in order through a cursor ({@link #next(Duration)},
 * {@link #await(Kind, Predicate, Duration)}), which consumes what it passes. Waits have deadlines and
 * fail naming what was awaited and what arrived instead.
 *
 * <p>Thread-safe: one receiving thread appends; any thread may read or wait. {@link #close()}
 * stops the thread and removes the socket file.
 */
public final class DatagramReceiver implements Closeable {

    private final Path path;
    private final AFUNIXDatagramChannel channel;
    private final Thread thread;
    private final List<Datagram> received = new ArrayList<>();
    private final List<byte[]> raw = new ArrayList<>();
    private final AtomicLong malformed = new AtomicLong();
    private int cursor;
    private boolean paused;
    private volatile boolean open = true;

    private DatagramReceiver(Path path, boolean startPaused) throws IOException {
        this.path = path;
        this.paused = startPaused;
        Files.deleteIfExists(path);
        this.channel = AFUNIXDatagramChannel.open();
        channel.bind(AFUNIXSocketAddress.of(path));
        this.thread = new Thread(this::receive, "telemetry.testing receiver " + path.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Binds {@code path} (an existing file there is replaced) and starts receiving. */
    public static DatagramReceiver bind(Path path) throws IOException {
        return new DatagramReceiver(path, false);
    }

    /** Binds {@code path} but reads nothing until {@link #resume()}. */
    public static DatagramReceiver bindPaused(Path path) throws IOException {
        return new DatagramReceiver(path, true);
    }

    public Path path() {
        return path;
    }

    /** "unix:PATH interval=SECONDS", the {@code service} value that targets this receiver. */
    public String service(double intervalSeconds) {
        return "unix:" + path + " interval=" + intervalSeconds;
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(70_000);
        while (open) {
            try {
                awaitUnpaused();
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                Datagram datagram;
                try {
                    datagram = WireDecoder.decode(bytes);
                } catch (MalformedDatagramException e) {
                    malformed.incrementAndGet();
                    continue;
                }
                synchronized (this) {
                    received.add(datagram);
                    raw.add(bytes);
                    notifyAll();
                }
            } catch (IOException e) {
                if (open) {
                    malformed.incrementAndGet();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void awaitUnpaused() throws InterruptedException {
        while (paused && open) {
            wait();
        }
    }

    /** Stops reading: what is sent meanwhile stays in (and fills) the kernel queue. */
    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Everything received so far, in arrival order. */
    public synchronized List<Datagram> received() {
        return new ArrayList<>(received);
    }

    /** Everything of {@code kind} received so far, in arrival order. */
    public List<Datagram> received(Kind kind) {
        return received().stream().filter(d -> d.kindCode() == kind.code()).toList();
    }

    /** The raw bytes of everything received so far, in arrival order. */
    public synchronized List<byte[]> receivedRaw() {
        return new ArrayList<>(raw);
    }

    /** How many datagrams have arrived; a mark for {@link #since(int)}. */
    public synchronized int count() {
        return received.size();
    }

    /** The datagrams received after the mark {@code from} (a former {@link #count()}). */
    public synchronized List<Datagram> since(int from) {
        return new ArrayList<>(received.subList(Math.min(from, received.size()), received.size()));
    }

    /** Datagrams that did not decode, or receive errors. */
    public long malformed() {
        return malformed.get();
    }

    /** The next datagram after the cursor, or {@code null} if none arrives within {@code timeout}. */
    public synchronized Datagram next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (cursor >= received.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return received.get(cursor++);
    }

    /** Moves the cursor past datagrams until one of {@code kind} matching {@code test}; fails on timeout. */
    public synchronized Datagram await(Kind kind, Predicate<Datagram> test, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (; cursor < received.size(); cursor++) {
                Datagram d = received.get(cursor);
                if (d.kindCode() == kind.code() && test.test(d)) {
                    cursor++;
                    return d;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + kind + " datagram within " + timeout + "; received " + kinds(0));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public Datagram await(Kind kind, Duration timeout) throws InterruptedException {
        return await(kind, d -> true, timeout);
    }

    /**
     * Waits until a datagram received after mark {@code from} matches, and answers it.
     *
     * @throws TimeoutException naming {@code what} and how many datagrams were seen meanwhile
     */
    public synchronized Datagram await(int from, Predicate<Datagram> match, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = from; ; ) {
            for (; i < received.size(); i++) {
                if (match.test(received.get(i))) {
                    return received.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + what + " within " + timeout + "; received "
                        + (received.size() - from) + " datagram(s) since the mark: " + kinds(from));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Waits until {@code done} holds for the datagrams received after mark {@code from}.
     *
     * @throws TimeoutException naming {@code what}
     */
    public synchronized List<Datagram> awaitAll(int from, Predicate<List<Datagram>> done, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Datagram> seen = since(from);
            if (done.test(seen)) {
                return seen;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("not " + what + " within " + timeout + "; received " + seen.size()
                        + " datagram(s) since the mark: " + kinds(from));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private synchronized String kinds(int from) {
        StringBuilder s = new StringBuilder();
        for (Datagram d : since(from)) {
            s.append(d.kindName()).append('#').append(d.seq()).append(' ');
        }
        return s.toString().trim();
    }

    @Override
    public void close() throws IOException {
        open = false;
        resume();
        channel.close();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(path);
    }
}
