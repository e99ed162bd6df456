package telemetry.itest.receiver;

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
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.WireDecoder;

/**
 * Binds a UNIX datagram socket, as the ingester does, and keeps every datagram it receives,
 * decoded. Tests wait for what they expect with a bounded timeout instead of sleeping.
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
    private volatile boolean open = true;

    private DatagramReceiver(Path path) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        this.channel = AFUNIXDatagramChannel.open();
        channel.bind(AFUNIXSocketAddress.of(path));
        this.thread = new Thread(this::receive, "telemetry.itest receiver " + path.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Binds {@code path} (an existing file there is replaced) and starts receiving. */
    public static DatagramReceiver bind(Path path) throws IOException {
        return new DatagramReceiver(path);
    }

    public Path path() {
        return path;
    }

    /** "unix:PATH interval=SECONDS", the {@code service} value that targets this receiver. */
    public String service(double intervalSeconds) {
        return "unix:" + path + " interval=" + intervalSeconds;
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (open) {
            try {
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
            }
        }
    }

    /** Everything received so far, in arrival order. */
    public synchronized List<Datagram> all() {
        return new ArrayList<>(received);
    }

    /** The raw bytes of everything received so far, in arrival order. */
    public synchronized List<byte[]> allRaw() {
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

    /**
     * Waits until a datagram received after mark {@code from} matches, and answers it.
     *
     * @throws TimeoutException naming {@code what} and how many datagrams were seen meanwhile
     */
    public Datagram await(int from, Predicate<Datagram> match, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (int i = from;; ) {
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
    }

    /**
     * Waits until {@code done} holds for the datagrams received after mark {@code from}.
     *
     * @throws TimeoutException naming {@code what}
     */
    public List<Datagram> awaitAll(int from, Predicate<List<Datagram>> done, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<Datagram> seen = since(from);
                if (done.test(seen)) {
                    return seen;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("not " + what + " within " + timeout + "; received "
                            + seen.size() + " datagram(s) since the mark: " + kinds(from));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private String kinds(int from) {
        StringBuilder s = new StringBuilder();
        for (Datagram d : since(from)) {
            s.append(d.kindName()).append(' ');
        }
        return s.toString().trim();
    }

    @Override
    public void close() throws IOException {
        open = false;
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
