package telemetry.reporter.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import telemetry.reporter.internal.transport.UnixDatagramTransport.SendOutcome;
import telemetry.testing.DatagramReceiver;
import telemetry.wire.Kind;
import telemetry.wire.WireEncoder;

/**
 * Every way a send can end, against real sockets, including what operators do to a socket path while
 * a reporter sends to it: replace it with a regular file or a directory, or take the reporter's write
 * permission away. Every failed send is dropped, counted and explained, nothing is thrown, the path is
 * never touched by the reporter, and reporting resumes as soon as a socket is back.
 */
class UnixDatagramTransportTest {

    @TempDir
    Path dir;

    private final UnixDatagramTransport transport = new UnixDatagramTransport();
    private final WireEncoder encoder = new WireEncoder(ByteBuffer.allocateDirect(1024));

    private ByteBuffer datagram(long seq) {
        return encoder.begin(Kind.PROCESS_STARTED, 1, seq, 0.0).finish();
    }

    @Test
    void unixDatagramsAreSupportedHere() {
        assertTrue(UnixDatagramTransport.supported());
    }

    @Test
    void sendsToAReceiver() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("ok.sock"))) {
            transport.setTarget(receiver.path().toString());
            assertEquals(SendOutcome.SENT, transport.send(datagram(1), true));
            assertEquals(
                    1,
                    receiver.await(Kind.PROCESS_STARTED, Duration.ofSeconds(5)).seq());
            assertEquals(1, transport.sent());
            assertEquals(0, transport.dropped());
            assertNull(transport.lastError());
        } finally {
            transport.close();
        }
    }

    @Test
    void aMissingSocketDropsAndSaysWhy() throws Exception {
        try {
            transport.setTarget(dir.resolve("absent.sock").toString());
            assertEquals(SendOutcome.FAILED, transport.send(datagram(1), true));
            assertEquals(1, transport.dropped());
            assertTrue(transport.lastError().contains("absent.sock"), transport.lastError());
            assertTrue(transport.lastError().contains("No such file or directory"), transport.lastError());
            assertTrue(transport.lastErrorMillis() > 0);
        } finally {
            transport.close();
        }
    }

    @Test
    void aFileThatIsNoSocketIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.sock"), "not a socket");
        try {
            transport.setTarget(file.toString());
            assertEquals(SendOutcome.FAILED, transport.send(datagram(1), true));
            assertEquals(1, transport.dropped());
            assertTrue(transport.lastError().contains("refused"), transport.lastError());
        } finally {
            transport.close();
        }
    }

    @Test
    void aFullQueueIsRetriedBrieflyThenDropped() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bindPaused(dir.resolve("full.sock"))) {
            transport.setTarget(receiver.path().toString());
            int sent = 0;
            SendOutcome outcome;
            while ((outcome = transport.send(datagram(sent + 1), false)) == SendOutcome.SENT) {
                sent++;
            }
            assertEquals(SendOutcome.FULL, outcome);
            assertTrue(sent >= 1 && sent < 1000, "the kernel queue holds a bounded number: " + sent);
            assertEquals(SendOutcome.FULL, transport.send(datagram(sent + 2), true), "retried, still full");
            assertEquals(2, transport.dropped());
            assertTrue(transport.lastError().contains("full (EAGAIN)"), transport.lastError());

            receiver.resume();
            long lastQueued = sent;
            receiver.await(Kind.PROCESS_STARTED, d -> d.seq() == lastQueued, Duration.ofSeconds(5));
            assertEquals(SendOutcome.SENT, transport.send(datagram(sent + 3), true), "the queue drained");
        } finally {
            transport.close();
        }
    }

    @Test
    void aSocketReplacedByAFileThenADirectoryDropsWithTheCauseAndRecovers() throws Exception {
        Path path = dir.resolve("t.sock");
        try {
            try (DatagramReceiver receiver = DatagramReceiver.bind(path)) {
                transport.setTarget(path.toString());
                assertEquals(SendOutcome.SENT, transport.send(datagram(1), true));
                receiver.await(Kind.PROCESS_STARTED, Duration.ofSeconds(5));
            }
            Files.deleteIfExists(path);

            Files.writeString(path, "an operator's file", StandardCharsets.UTF_8);
            assertEquals(SendOutcome.FAILED, transport.send(datagram(2), true));
            assertEquals(1, transport.dropped());
            assertTrue(
                    transport.lastError().contains(path.toString())
                            && transport.lastError().contains("refused"),
                    transport.lastError());
            assertEquals("an operator's file", Files.readString(path), "the reporter never touches the path");

            Files.delete(path);
            Files.createDirectory(path);
            assertEquals(SendOutcome.FAILED, transport.send(datagram(3), true));
            assertEquals(2, transport.dropped());
            assertTrue(transport.lastError().contains(path.toString()), transport.lastError());
            assertTrue(Files.isDirectory(path), "the reporter never touches the path");
            Files.delete(path);

            try (DatagramReceiver back = DatagramReceiver.bind(path)) {
                assertEquals(SendOutcome.SENT, transport.send(datagram(4), true), "resumes with the socket back");
                assertEquals(
                        4,
                        back.await(Kind.PROCESS_STARTED, Duration.ofSeconds(5)).seq());
            }
            assertEquals(2, transport.sent());
            assertEquals(2, transport.dropped());
        } finally {
            transport.close();
        }
    }

    /**
     * EACCES: the socket exists and listens, but the reporter's user may not write to it. Root may
     * write anywhere, so as root the sender runs in a child JVM as {@code nobody} (setpriv);
     * otherwise the socket's owner, this user, loses the write bit.
     */
    @Test
    void aSocketTheReporterMayNotWriteDropsWithPermissionDenied() throws Exception {
        Path path = dir.resolve("acl.sock");
        try (DatagramReceiver receiver = DatagramReceiver.bind(path)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            boolean root = "root".equals(System.getProperty("user.name"));
            String printed;
            if (root) {
                printed = sendAsNobody(path);
            } else {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("---------"));
                printed = SendOnce.sendAndDescribe(path.toString());
            }
            assertTrue(printed.contains("outcome=FAILED dropped=1 sent=0"), printed);
            assertTrue(printed.contains("Permission denied") && printed.contains(path.toString()), printed);
        }
    }

    /** Runs {@link SendOnce} as nobody, with this module's classes and junixsocket copied where nobody can read them. */
    private String sendAsNobody(Path socket) throws IOException, InterruptedException {
        Path dirForNobody = Files.createTempDirectory(Path.of("/tmp"), "tlm-eacces");
        List<String> classPath = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = dirForNobody.resolve("cp" + n++);
            copyTree(source, copy);
            classPath.add(copy.toString());
        }
        makeWorldReadable(dirForNobody);
        // nobody must reach the socket's folder to get the EACCES of the socket itself.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process child = new ProcessBuilder(
                        "setpriv",
                        "--reuid=nobody",
                        "--regid=nogroup",
                        "--clear-groups",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        String.join(":", classPath),
                        SendOnce.class.getName(),
                        socket.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), out);
            return out;
        } finally {
            try (var paths = Files.walk(dirForNobody)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            try (var paths = Files.walk(source)) {
                for (Path p : paths.toList()) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
        } else {
            Files.copy(source, target);
        }
    }

    private static void makeWorldReadable(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** One send to the socket named by the argument; prints the outcome, the counters and the error. */
    public static final class SendOnce {
        public static void main(String[] args) throws Exception {
            System.out.println(sendAndDescribe(args[0]));
        }

        static String sendAndDescribe(String socket) throws IOException {
            try (UnixDatagramTransport t = new UnixDatagramTransport()) {
                t.setTarget(socket);
                SendOutcome outcome = t.send(
                        new WireEncoder(ByteBuffer.allocateDirect(256))
                                .begin(Kind.PROCESS_STARTED, 1, 1, 0.0)
                                .finish(),
                        true);
                return "outcome=" + outcome + " dropped=" + t.dropped() + " sent=" + t.sent() + " error="
                        + t.lastError();
            }
        }
    }
}
