package telemetry.reporter.internal.testing;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import telemetry.wire.Datagram;
import telemetry.wire.Kind;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.WireDecoder;

/**
 * A real ingester stand-in for tests: binds a UNIX datagram socket, receives on its own thread and
 * decodes every datagram with the project's strict decoder. Can be paused (stops reading, so the
 * kernel queue fills up) and resumed.
 */
public final class DatagramReceiver implements AutoCloseable {

    private final Path path;
    private final AFUNIXDatagramChannel channel;
    private final Thread thread;
    private final BlockingQueue<Datagram> inbox = new LinkedBlockingQueue<>();
    private final List<Datagram> all = new ArrayList<>();
    private final AtomicInteger malformed = new AtomicInteger();
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile boolean closed;

    private DatagramReceiver(Path path, boolean startPaused) throws IOException {
        this.path = path;
        this.paused = startPaused;
        Files.deleteIfExists(path);
        channel = AFUNIXDatagramChannel.open();
        channel.bind(AFUNIXSocketAddress.of(new File(path.toString())));
        thread = new Thread(this::receive, "test-receiver-" + path.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    public static DatagramReceiver bind(Path path) throws IOException {
        return new DatagramReceiver(path, false);
    }

    /** Binds but does not read until {@link #resume()}. */
    public static DatagramReceiver bindPaused(Path path) throws IOException {
        return new DatagramReceiver(path, true);
    }

    public Path path() {
        return path;
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(70_000);
        while (!closed) {
            synchronized (pauseLock) {
                while (paused && !closed) {
                    try {
                        pauseLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            try {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                Datagram d = WireDecoder.decode(buffer);
                synchronized (all) {
                    all.add(d);
                }
                inbox.add(d);
            } catch (MalformedDatagramException e) {
                malformed.incrementAndGet();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    /** The next datagram received, or {@code null} after {@code timeout}. */
    public Datagram next(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips datagrams until one of {@code kind} (and matching {@code test}) arrives; fails on timeout. */
    public Datagram await(Kind kind, Predicate<Datagram> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Datagram d = inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (d != null && d.kindCode() == kind.code() && test.test(d)) {
                return d;
            }
        }
        throw new AssertionError("no " + kind + " datagram within " + timeout + "; received " + kinds());
    }

    public Datagram await(Kind kind, Duration timeout) throws InterruptedException {
        return await(kind, d -> true, timeout);
    }

    /** Every datagram received so far, in arrival order. */
    public List<Datagram> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    public List<Datagram> received(Kind kind) {
        return received().stream().filter(d -> d.kindCode() == kind.code()).toList();
    }

    public int malformed() {
        return malformed.get();
    }

    private String kinds() {
        return received().stream().map(d -> d.kindName() + "#" + d.seq()).toList().toString();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resume();
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(path);
    }
}
