package telemetry.ingester.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import telemetry.ingester.IngesterConfig;
import telemetry.ingester.Main;
import telemetry.ingester.json.DatagramJson;
import telemetry.ingester.socket.BoundSocket;
import telemetry.ingester.socket.SocketSetupException;
import telemetry.ingester.socket.UnixSocketBinder;
import telemetry.wire.Datagram;
import telemetry.wire.MalformedDatagramException;
import telemetry.wire.WireDecoder;
import telemetry.wire.WireFormat;

/**
 * {@code dump}: prints each datagram, one per line, as text or as the JSON of the shared vectors.
 * Listens like {@code serve} (same socket options and checks), or decodes files with {@code --file}.
 * Invalid datagrams are reported on stderr and not counted.
 */
public final class DumpCommand {

    public static final String USAGE = """
            usage: java -jar telemetry-ingester.jar dump [options]

              --listen unix:/path        datagram socket to bind (default unix:/tmp/telemetry.sock)
              --socket-mode MODE         octal permissions of the socket file (default 0660)
              --socket-group NAME|GID    group of the socket file
              --format text|json         output: one line of text, or one JSON object per line
                                         (version, kind, pid, seq, stamp, fields); default text
              --count N                  stop after N valid datagrams (default 0 = run until interrupted)
              --file PATH                decode a datagram file (one datagram per file) instead of
                                         listening; repeat for several files
              --help                     this text

            Exit status: 0 done, 1 socket failure or an invalid/unreadable --file, 2 bad options.
            """;

    private static final Set<String> OPTIONS = Set.of("listen", "socket-mode", "socket-group", "format", "count", "file");

    private DumpCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        ParsedOptions o = ParsedOptions.parse("dump", args, new TreeSet<>(OPTIONS));
        if (o.help()) {
            out.print(USAGE);
            return Main.OK;
        }
        boolean json = o.choice("format", "text", "text", "json").equals("json");
        long count = o.integer("count", 0, 0, Long.MAX_VALUE);
        if (o.has("file")) {
            if (o.has("listen") || o.has("socket-mode") || o.has("socket-group")) {
                throw new UsageException("dump: --file reads files; it cannot be combined with --listen, "
                        + "--socket-mode or --socket-group");
            }
            List<Path> files = new ArrayList<>();
            for (String f : o.all("file")) {
                Path p = Path.of(f);
                if (!Files.isRegularFile(p)) {
                    throw o.bad("file", f, "an existing datagram file");
                }
                files.add(p);
            }
            return dumpFiles(files, json, count, out, err);
        }
        Path path = o.unixPath("listen", IngesterConfig.DEFAULT_SOCKET);
        int mode = o.octalMode("socket-mode", IngesterConfig.DEFAULT_MODE);
        String group = ServeCommand.socketGroup(o);
        BoundSocket socket;
        try {
            socket = UnixSocketBinder.bind(path, mode, group);
        } catch (SocketSetupException e) {
            err.println("telemetry-ingester: " + e.getMessage());
            return Main.FAILED;
        }
        Thread hook = new Thread(socket::close, "dump-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("telemetry-ingester: dump listening on unix:" + path);
        try {
            return dumpSocket(socket, json, count, out, err);
        } finally {
            socket.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static int dumpFiles(List<Path> files, boolean json, long count, PrintStream out, PrintStream err) {
        int status = Main.OK;
        long printed = 0;
        for (Path file : files) {
            if (count > 0 && printed >= count) {
                break;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                err.println("telemetry-ingester: " + file + ": cannot read: " + e.getMessage());
                status = Main.FAILED;
                continue;
            }
            try {
                Datagram d = WireDecoder.decode(bytes);
                out.println(json ? DatagramJson.toJson(d) : DatagramJson.toText(d));
                printed++;
            } catch (MalformedDatagramException e) {
                err.println("telemetry-ingester: " + file + ": invalid datagram: " + e.getMessage());
                status = Main.FAILED;
            }
        }
        out.flush();
        return status;
    }

    private static int dumpSocket(BoundSocket socket, boolean json, long count, PrintStream out, PrintStream err) {
        ByteBuffer buffer = ByteBuffer.allocate(WireFormat.MAX_DATAGRAM + 1);
        long printed = 0;
        while (count == 0 || printed < count) {
            buffer.clear();
            try {
                socket.channel().receive(buffer);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                err.println("telemetry-ingester: receive failed on unix:" + socket.path() + ": " + e.getMessage());
                return Main.FAILED;
            }
            buffer.flip();
            if (buffer.remaining() > WireFormat.MAX_DATAGRAM) {
                err.println("telemetry-ingester: invalid datagram: longer than " + WireFormat.MAX_DATAGRAM + " bytes");
                continue;
            }
            try {
                Datagram d = WireDecoder.decode(buffer);
                out.println(json ? DatagramJson.toJson(d) : DatagramJson.toText(d));
                out.flush();
                printed++;
            } catch (MalformedDatagramException e) {
                err.println("telemetry-ingester: invalid datagram (" + buffer.remaining() + " bytes): " + e.getMessage());
            }
        }
        return Main.OK;
    }
}
