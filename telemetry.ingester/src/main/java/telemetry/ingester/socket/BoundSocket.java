package telemetry.ingester.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

/**
 * A datagram socket bound at a path by {@link UnixSocketBinder}. {@link #close()} closes the
 * channel and removes the socket file, but only if the path still names the file this ingester
 * created (a newer ingester's socket is never removed). Close is idempotent and thread-safe, so a
 * shutdown hook and the normal exit path may both call it.
 */
public final class BoundSocket implements AutoCloseable {

    private final Path path;
    private final AFUNIXDatagramChannel channel;
    private final Object fileKey;
    private final int receiveBufferBytes;
    private boolean closed;

    BoundSocket(Path path, AFUNIXDatagramChannel channel, Object fileKey, int receiveBufferBytes) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
        this.receiveBufferBytes = receiveBufferBytes;
    }

    public Path path() {
        return path;
    }

    public AFUNIXDatagramChannel channel() {
        return channel;
    }

    /** The receive buffer the kernel granted (it may be less than asked). */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /**
     * True while the path still names the socket file this ingester bound (false once someone
     * removed or replaced it: senders can no longer reach this socket by its path).
     */
    public boolean pathIsOurs() {
        try {
            return Objects.equals(
                    fileKey,
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Object current = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (Objects.equals(current, fileKey)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // already gone
        }
    }
}
