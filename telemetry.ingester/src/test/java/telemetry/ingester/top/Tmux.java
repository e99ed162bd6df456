package telemetry.ingester.top;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One tmux server on a private socket ({@code -L}, so parallel runs never meet) with one pane:
 * keys in, screen text out, and waiting with a deadline for what the screen must show.
 */
final class Tmux implements AutoCloseable {

    private final String socket = "top-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    Tmux(int width, int height, String shellCommand) throws Exception {
        run(
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "top",
                "-x",
                Integer.toString(width),
                "-y",
                Integer.toString(height),
                shellCommand);
    }

    String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-u", "-L", socket));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("LANG", "C.UTF-8");
        env.remove("TMUX");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + args[0] + " failed: " + out);
        }
        return out;
    }

    /** Keys as tmux names them ({@code Enter}, {@code Escape}, {@code Space}) or literal text with {@code -l}. */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "top"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    void type(String literal) throws Exception {
        run("send-keys", "-t", "top", "-l", literal);
    }

    /** The visible screen, one string per row. */
    List<String> screen() throws Exception {
        return List.of(run("capture-pane", "-p", "-t", "top").split("\n", -1));
    }

    /** The visible screen with its colours and attributes as escape sequences ({@code capture-pane -e}). */
    String styled() throws Exception {
        return run("capture-pane", "-p", "-e", "-t", "top");
    }

    String text() throws Exception {
        return String.join("\n", screen());
    }

    String format(String format) throws Exception {
        return run("display-message", "-p", "-t", "top", format).trim();
    }

    /** Waits until the screen satisfies {@code condition}; fails with the last screen seen. */
    List<String> await(String what, Duration timeout, Predicate<List<String>> condition) throws Exception {
        java.util.concurrent.atomic.AtomicReference<List<String>> last =
                new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await("the screen showing " + what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    last.set(screen());
                    if (!condition.test(last.get())) {
                        throw new AssertionError(
                                "the screen did not show " + what + ":\n" + String.join("\n", last.get()));
                    }
                });
        return last.get();
    }

    List<String> awaitText(String what, Predicate<String> condition) throws Exception {
        return await(what, Duration.ofSeconds(30), lines -> condition.test(String.join("\n", lines)));
    }

    @Override
    public void close() throws IOException {
        try {
            java.nio.file.Path socketFile = java.nio.file.Path.of(
                    run("display-message", "-p", "#{socket_path}").trim());
            run("kill-server");
            java.nio.file.Files.deleteIfExists(socketFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException alreadyGone) {
            // the server ends with its last session
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
