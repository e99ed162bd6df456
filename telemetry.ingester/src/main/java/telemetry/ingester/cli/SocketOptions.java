package telemetry.ingester.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import telemetry.ingester.IngesterConfig;

/** The socket options {@code serve} and {@code dump} share. */
final class SocketOptions {

    @Option(
            names = "--listen",
            paramLabel = "unix:/path",
            converter = Values.UnixTarget.class,
            defaultValue = IngesterConfig.DEFAULT_SOCKET,
            description = "datagram socket to bind (default ${DEFAULT-VALUE})")
    Path path;

    @Option(
            names = "--socket-mode",
            paramLabel = "MODE",
            converter = Values.OctalMode.class,
            defaultValue = "0660",
            description = "octal permissions of the socket file (default ${DEFAULT-VALUE})")
    int mode;

    @Option(
            names = "--socket-group",
            paramLabel = "NAME|GID",
            converter = Values.SocketGroup.class,
            description = "group of the socket file (default: the process's group)")
    String group;
}
