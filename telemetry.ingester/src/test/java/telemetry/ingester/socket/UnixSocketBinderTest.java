package telemetry.ingester.socket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import telemetry.ingester.Cli;
import telemetry.ingester.Ingester;
import telemetry.ingester.IngesterConfig;

class UnixSocketBinderTest {

    @TempDir
    Path dir;

    @Test
    void modeIsApplied() throws Exception {
        Path path = dir.resolve("mode.sock");
        try (BoundSocket s = UnixSocketBinder.bind(path, 0620, null)) {
            assertEquals(
                    "rw--w----",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
            assertTrue(s.receiveBufferBytes() > 0);
        }
        try (BoundSocket s = UnixSocketBinder.bind(path, 0600, null)) {
            assertEquals(path, s.path());
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
        }
        assertNoPrivateDirectoryLeft();
    }

    /**
     * The socket's group is the one asked for, not the caller's primary group (which a new file gets
     * anyway, so it would prove nothing). As root a throw-away group is made with groupadd; otherwise
     * one of the user's supplementary groups is used.
     */
    @Test
    void groupIsAppliedByNumberAndByName() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        int primary = (Integer) Files.getAttribute(probe, "unix:gid");
        boolean root = "root".equals(System.getProperty("user.name"));
        String name = root ? "tlm" + ProcessHandle.current().pid() : null;
        if (root) {
            run("groupadd", "--system", name);
        } else {
            for (String g : run("id", "-Gn").trim().split("\\s+")) {
                if (!g.equals(run("id", "-gn").trim())) {
                    name = g;
                }
            }
            assertTrue(name != null, "this test needs root or a supplementary group");
        }
        try {
            int gid = Integer.parseInt(run("getent", "group", name).split(":")[2]);
            assertTrue(gid != primary, "a group other than the primary one");
            Path path = dir.resolve("group.sock");
            try (BoundSocket s = UnixSocketBinder.bind(path, 0660, Integer.toString(gid))) {
                assertTrue(s.channel().isOpen());
                assertEquals(
                        gid, (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS), "by number");
            }
            try (BoundSocket s = UnixSocketBinder.bind(path, 0660, name)) {
                assertTrue(s.channel().isOpen());
                assertEquals(gid, (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS), "by name");
            }
            SocketSetupException e = assertThrows(
                    SocketSetupException.class, () -> UnixSocketBinder.bind(path, 0660, "no-such-group-xyz"));
            assertTrue(e.getMessage().contains("no such group 'no-such-group-xyz'"), e.getMessage());
            assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "nothing left behind after a failure");
            assertNoPrivateDirectoryLeft();
        } finally {
            if (root) {
                run("groupdel", name);
            }
        }
    }

    /** Runs a command, answers its standard output; fails the test if it fails. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    @Test
    void socketReceivesAndCloseRemovesTheFile() throws Exception {
        Path path = dir.resolve("rx.sock");
        try (BoundSocket s = UnixSocketBinder.bind(path, 0660, null);
                AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open()) {
            sender.connect(AFUNIXSocketAddress.of(path));
            sender.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            ByteBuffer in = ByteBuffer.allocate(16);
            s.channel().receive(in);
            assertEquals(3, in.position());
        }
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void staleSocketIsReplaced() throws Exception {
        Path path = dir.resolve("stale.sock");
        // a socket file whose owner went away without removing it
        try (AFUNIXDatagramChannel dead = AFUNIXDatagramChannel.open()) {
            dead.bind(AFUNIXSocketAddress.of(path));
        }
        assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "closing a channel leaves its file");
        Object staleKey = Files.readAttributes(
                        path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        try (BoundSocket s = UnixSocketBinder.bind(path, 0660, null)) {
            assertTrue(s.channel().isOpen());
            Object newKey = Files.readAttributes(
                            path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            assertFalse(staleKey.equals(newKey), "a new socket file took its place");
        }
    }

    @Test
    void regularFileIsRefusedAndLeftUntouched() throws Exception {
        Path path = dir.resolve("file.sock");
        Files.writeString(path, "precious");
        Cli r = Cli.run("serve", "--listen", "unix:" + path, "--http-port", "0");
        assertEquals(1, r.status, r::toString);
        assertTrue(r.err.contains(path.toString()) && r.err.contains("regular file"), r.err);
        assertEquals("precious", Files.readString(path));
        assertNoPrivateDirectoryLeft();
    }

    @Test
    void directoryIsRefusedAndLeftUntouched() throws Exception {
        Path path = Files.createDirectory(dir.resolve("dir.sock"));
        Files.writeString(path.resolve("inside"), "x");
        SocketSetupException e =
                assertThrows(SocketSetupException.class, () -> UnixSocketBinder.bind(path, 0660, null));
        assertTrue(e.getMessage().contains("a directory"), e.getMessage());
        assertEquals("x", Files.readString(path.resolve("inside")));
    }

    @Test
    void symbolicLinkIsRefusedNotFollowed() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link.sock"), target);
        SocketSetupException e =
                assertThrows(SocketSetupException.class, () -> UnixSocketBinder.bind(link, 0660, null));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void secondIngesterOnTheSamePathIsRefused() throws Exception {
        Path path = dir.resolve("live.sock");
        try (Ingester first = Ingester.start(IngesterConfig.defaults(path, 0), java.time.InstantSource.system())) {
            assertTrue(first.httpPort() > 0);
            Cli r = Cli.run("serve", "--listen", "unix:" + path, "--http-port", "0");
            assertEquals(1, r.status, r::toString);
            assertTrue(r.err.contains("unix:" + path) && r.err.contains("another process is listening"), r.err);
            assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "the first ingester's socket is untouched");
            Cli dump = Cli.run("dump", "--listen", "unix:" + path, "--count", "1");
            assertEquals(1, dump.status, dump::toString);
        }
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "closing the ingester removes its socket");
    }

    @Test
    void serveStopsWithStatusOneWhenItsSocketFileIsRemoved() throws Exception {
        Path path = dir.resolve("removed.sock");
        java.util.concurrent.CompletableFuture<Cli> serve = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Cli.run("serve", "--listen", "unix:" + path, "--http-port", "0"));
        await("serve binding")
                .atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> Files.exists(path, LinkOption.NOFOLLOW_LINKS));
        Files.delete(path);
        Cli r = serve.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, r.status, r::toString);
        assertTrue(r.err.contains("unix:" + path + " was removed or replaced"), r.err);
    }

    @Test
    void pathsTooLongForAUnixSocketAreRefusedUpFront() throws Exception {
        Path deep = dir;
        while (deep.toString().length() < 90) {
            deep = Files.createDirectories(deep.resolve("d"));
        }
        String name = "x".repeat(120 - deep.toString().length());
        Path tooLong = deep.resolve(name);
        SocketSetupException e =
                assertThrows(SocketSetupException.class, () -> UnixSocketBinder.bind(tooLong, 0660, null));
        assertTrue(e.getMessage().contains("at most 107"), e.getMessage());
        // a path of exactly 107 bytes works: the private path next to it is no longer
        Path longest = deep.resolve("y".repeat(107 - deep.toString().length() - 1));
        assertEquals(107, longest.toString().length());
        try (BoundSocket s = UnixSocketBinder.bind(longest, 0660, null)) {
            assertTrue(Files.exists(longest, LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void missingDirectoryIsABindFailureNamingThePath() {
        Path path = dir.resolve("nope/x.sock");
        Cli r = Cli.run("serve", "--listen", "unix:" + path, "--http-port", "0");
        assertEquals(1, r.status);
        assertTrue(r.err.contains("cannot listen on unix:" + path) && r.err.contains("does not exist"), r.err);
    }

    @Test
    void httpBindFailureRemovesTheSocketAndExitsNonZero() throws Exception {
        Path path = dir.resolve("http.sock");
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli r = Cli.run("serve", "--listen", "unix:" + path, "--http-port", Integer.toString(busy.getLocalPort()));
            assertEquals(1, r.status, r::toString);
            assertTrue(r.err.contains("cannot serve HTTP on 127.0.0.1:" + busy.getLocalPort()), r.err);
        }
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "no socket left without an ingester behind it");
    }

    @Test
    void permissionsBitsMapOctal() {
        assertEquals("rw-rw----", PosixFilePermissions.toString(UnixSocketBinder.permissions(0660)));
        assertEquals("rwxr-x--x", PosixFilePermissions.toString(UnixSocketBinder.permissions(0751)));
        assertArrayEquals(new Object[0], UnixSocketBinder.permissions(0).toArray());
    }

    private void assertNoPrivateDirectoryLeft() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(
                    s.noneMatch(p -> p.getFileName().toString().startsWith(".tb")), "private bind directory removed");
        }
    }
}
