package telemetry.ingester.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command run to completion (promtool, systemd-analyze, tar), its exit status and output. */
record Command(List<String> argv, int exit, String out, String err) {

    static Command run(Duration timeout, String... argv) throws IOException, InterruptedException {
        return run(timeout, null, argv);
    }

    /** Runs {@code argv} with {@code input} as its standard input. */
    static Command withInput(Duration timeout, String input, String... argv) throws IOException, InterruptedException {
        Path in = Files.writeString(Files.createTempFile("cmd", ".in"), input, StandardCharsets.UTF_8);
        try {
            return run(timeout, null, in.toFile(), argv);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    static Command run(Duration timeout, File directory, String... argv) throws IOException, InterruptedException {
        return run(timeout, directory, null, argv);
    }

    private static Command run(Duration timeout, File directory, File input, String... argv)
            throws IOException, InterruptedException {
        // Output goes to files: a full pipe can never block the command, and nothing is lost.
        Path out = Files.createTempFile("cmd", ".out");
        Path err = Files.createTempFile("cmd", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .directory(directory)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (input != null) {
                builder.redirectInput(input);
            }
            Process p = builder.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", argv) + " did not finish within " + timeout);
            }
            return new Command(
                    List.of(argv),
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + " exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
