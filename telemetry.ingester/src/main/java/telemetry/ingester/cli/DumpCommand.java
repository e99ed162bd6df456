package telemetry.ingester.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
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
 * Invalid datagrams are reported on stderr and not counted. GC records get a readable tail ({@link GcText}).
 */
@Command(
        name = "dump",
        sortOptions = false,
        synopsisHeading = "",
        customSynopsis = "usage: java -jar telemetry-ingester.jar dump [options]",
        descriptionHeading = "%n",
        optionListHeading = "%noptions:%n",
        description = "Prints each datagram received (or read from files), one per line.",
        footer = {"", "Exit status: 0 done, 1 socket failure or an invalid/unreadable --file, 2 bad options."})
public final class DumpCommand implements Callable<Integer> {

    enum Format {
        text,
        json
    }

    @Spec
    CommandSpec spec;

    @Mixin
    SocketOptions socket = new SocketOptions();

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "one line of text, or one JSON object per line (version, kind, pid, seq, stamp, fields); "
                    + "default ${DEFAULT-VALUE}")
    Format format;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "0",
            description = "stop after N valid datagrams (default 0 = run until interrupted)")
    long count;

    @Option(
            names = "--file",
            paramLabel = "PATH",
            description = "decode a datagram file (one datagram per file) instead of listening; repeatable")
    List<Path> files = new ArrayList<>();

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public Integer call() {
        Values.range(spec, "--count", count, 0, Long.MAX_VALUE);
        boolean json = format == Format.json;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!files.isEmpty()) {
            var matched = spec.commandLine().getParseResult();
            if (matched.hasMatchedOption("--listen")
                    || matched.hasMatchedOption("--socket-mode")
                    || matched.hasMatchedOption("--socket-group")) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--file reads files; it cannot be combined with "
                                + "--listen, --socket-mode or --socket-group");
            }
            for (Path p : files) {
                if (!Files.isRegularFile(p)) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "invalid value '" + p + "' for --file: expected " + "an existing datagram file");
                }
            }
            return dumpFiles(files, json, count, out, err);
        }
        BoundSocket bound;
        try {
            bound = UnixSocketBinder.bind(socket.path, socket.mode, socket.group);
        } catch (SocketSetupException e) {
            err.println("telemetry-ingester: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        }
        Thread hook = new Thread(bound::close, "dump-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("telemetry-ingester: dump listening on unix:" + socket.path);
        err.flush();
        try {
            return dumpSocket(bound, json, count, out, err);
        } finally {
            bound.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static int dumpFiles(List<Path> files, boolean json, long count, PrintWriter out, PrintWriter err) {
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
                err.flush();
                status = Main.FAILED;
                continue;
            }
            try {
                Datagram d = WireDecoder.decode(bytes);
                out.println(json ? DatagramJson.toJson(d) : DatagramJson.toText(d) + GcText.suffix(d));
                printed++;
            } catch (MalformedDatagramException e) {
                err.println("telemetry-ingester: " + file + ": invalid datagram: " + e.getMessage());
                err.flush();
                status = Main.FAILED;
            }
        }
        out.flush();
        return status;
    }

    private static int dumpSocket(BoundSocket socket, boolean json, long count, PrintWriter out, PrintWriter err) {
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
                err.flush();
                return Main.FAILED;
            }
            buffer.flip();
            if (buffer.remaining() > WireFormat.MAX_DATAGRAM) {
                err.println("telemetry-ingester: invalid datagram: longer than " + WireFormat.MAX_DATAGRAM + " bytes");
                err.flush();
                continue;
            }
            try {
                Datagram d = WireDecoder.decode(buffer);
                out.println(json ? DatagramJson.toJson(d) : DatagramJson.toText(d) + GcText.suffix(d));
                out.flush();
                printed++;
            } catch (MalformedDatagramException e) {
                err.println(
                        "telemetry-ingester: invalid datagram (" + buffer.remaining() + " bytes): " + e.getMessage());
                err.flush();
            }
        }
        return Main.OK;
    }
}
