package telemetry.ingester.socket;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Binds the ingester's UNIX datagram socket at a path without ever exposing it with wider
 * permissions than requested:
 *
 * <ol>
 * <li>What is already at the path is examined, never followed: a socket someone listens on is
 * refused, a stale socket is removed, anything else (file, directory, link, FIFO) is refused and
 * left untouched.</li>
 * <li>The socket is bound inside a fresh directory of mode 0700 next to the target (nobody else can
 * reach it there), its mode and group are set, and only then is it hard-linked to the target path
 * ({@code link(2)} fails rather than replace something that appeared meanwhile). The private
 * directory is removed afterwards.</li>
 * </ol>
 *
 * So the path appears with its final mode and group, before any sender can deliver a datagram.
 * Stateless; each call binds one socket.
 */
public final class UnixSocketBinder {

    /** The receive buffer asked for: the kernel may cap it at {@code net.core.rmem_max}. */
    public static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    /** Longest socket path Linux accepts (sun_path is 108 bytes with its terminating NUL). */
    static final int MAX_PATH_BYTES = 107;
    /** Name of the private directory: a dot, "tb", six random characters (short: see {@link #bind}). */
    private static final String PRIVATE_PREFIX = ".tb";

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixSocketBinder() {}

    /**
     * Binds a datagram socket at {@code target}.
     *
     * @param mode permission bits (0 to 0777) the socket file gets
     * @param group a group name or numeric id, or {@code null} to keep the process's group
     */
    public static BoundSocket bind(Path target, int mode, String group) throws SocketSetupException {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new SocketSetupException(target, "directory " + parent + " does not exist");
        }
        int pathBytes = target.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (pathBytes > MAX_PATH_BYTES) {
            throw new SocketSetupException(
                    target,
                    "the path is " + pathBytes + " bytes long; a UNIX socket path " + "holds at most " + MAX_PATH_BYTES
                            + " (choose a shorter one)");
        }
        clearStale(target);
        Set<PosixFilePermission> permissions = permissions(mode);
        Path privateDir = null;
        Path privateSocket = null;
        AFUNIXDatagramChannel channel = null;
        try {
            privateDir = createPrivateDirectory(parent);
            privateSocket = privateDir.resolve("s");
            channel = AFUNIXDatagramChannel.open();
            int receiveBuffer = askReceiveBuffer(channel);
            channel.bind(AFUNIXSocketAddress.of(privateSocket));
            Files.setPosixFilePermissions(privateSocket, permissions);
            if (group != null) {
                PosixFileAttributeView view = Files.getFileAttributeView(
                        privateSocket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                GroupPrincipal principal = privateSocket
                        .getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(group);
                view.setGroup(principal);
            }
            try {
                Files.createLink(target, privateSocket);
            } catch (FileAlreadyExistsException e) {
                throw new SocketSetupException(
                        target, "something else created the path while this ingester was binding");
            }
            Object fileKey = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            BoundSocket bound = new BoundSocket(target, channel, fileKey, receiveBuffer);
            channel = null;
            return bound;
        } catch (UserPrincipalNotFoundException e) {
            throw new SocketSetupException(
                    target, "no such group '" + group + "' (give a group name or a numeric gid)");
        } catch (SocketSetupException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SocketSetupException(target, describe(e), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // binding failed already; the original cause is reported
                }
            }
            deleteQuietly(privateSocket);
            deleteQuietly(privateDir);
        }
    }

    /**
     * Creates {@code parent/.tbXXXXXX} with mode 0700 (narrower if the umask says so). The name is
     * short so that the private socket path {@code parent/.tbXXXXXX/s} is at most 4 bytes longer
     * than a target named {@code x.sock}: a target that fits the 107-byte limit almost always has a
     * private path that fits too.
     */
    private static Path createPrivateDirectory(Path parent) throws IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int attempt = 0; ; attempt++) {
            StringBuilder name = new StringBuilder(PRIVATE_PREFIX);
            for (int i = 0; i < 6; i++) {
                name.append(letters.charAt(random.nextInt(letters.length())));
            }
            try {
                return Files.createDirectory(
                        parent.resolve(name.toString()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Leaves the path free: removes a stale socket, refuses anything else that is there. */
    private static void clearStale(Path target) throws SocketSetupException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | UnsupportedOperationException e) {
            throw new SocketSetupException(target, "cannot examine the existing path: " + describe(e), e);
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            String what = Files.isSymbolicLink(target)
                    ? "a symbolic link"
                    : Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                            ? "a directory"
                            : Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                                    ? "a regular file"
                                    : "not a socket";
            throw new SocketSetupException(target, "the path exists and is " + what + "; refusing to replace it");
        }
        if (isLive(target)) {
            throw new SocketSetupException(
                    target, "another process is listening on this socket (is an ingester already running?)");
        }
        try {
            Files.delete(target);
        } catch (NoSuchFileException e) {
            // removed by someone else meanwhile: the path is free
        } catch (IOException e) {
            throw new SocketSetupException(target, "cannot remove the stale socket: " + describe(e), e);
        }
    }

    /**
     * True if a process is bound to the socket at the path. A datagram {@code connect} to a socket
     * file nobody listens on is refused; one that succeeds, or fails because the listener is of
     * another socket type, means the socket is in use.
     */
    static boolean isLive(Path target) throws SocketSetupException {
        try (AFUNIXDatagramChannel probe = AFUNIXDatagramChannel.open()) {
            probe.connect(AFUNIXSocketAddress.of(target));
            return true;
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("refused")) {
                return false;
            }
            if (m.contains("protocol wrong type") || m.contains("prototype")) {
                return true;
            }
            throw new SocketSetupException(
                    target, "cannot tell whether the existing socket is in use: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SocketSetupException(
                    target, "cannot tell whether the existing socket is in use: " + describe(e), e);
        }
    }

    private static int askReceiveBuffer(AFUNIXDatagramChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & 1 << i) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a leftover private directory is harmless (mode 0700, empty)
            }
        }
    }
}
