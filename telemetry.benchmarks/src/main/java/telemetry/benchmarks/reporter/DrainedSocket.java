package telemetry.benchmarks.reporter;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** A real UNIX datagram socket in a fresh temporary folder, read and discarded by a daemon thread: the ingester's stand-in. */
final class DrainedSocket implements AutoCloseable {

    private final Path path;
    private final AFUNIXDatagramChannel channel;

    DrainedSocket(String prefix) throws IOException {
        path = Files.createTempDirectory(prefix).resolve("t.sock");
        channel = AFUNIXDatagramChannel.open();
        channel.bind(AFUNIXSocketAddress.of(new File(path.toString())));
        Thread drain = new Thread(
                () -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(70_000);
                    try {
                        while (true) {
                            b.clear();
                            channel.receive(b);
                        }
                    } catch (IOException closed) {
                        // trial over
                    }
                },
                prefix + "-receiver");
        drain.setDaemon(true);
        drain.start();
    }

    String path() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
