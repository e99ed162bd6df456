package telemetry.ingester.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import telemetry.ingester.Main;

/**
 * {@code top}: the terminal monitor. This release has {@code --once}: read the first WebSocket
 * snapshot, print a header and the process table, exit. The interactive views come later.
 */
@Command(name = "top", sortOptions = false, synopsisHeading = "",
        customSynopsis = "usage: java -jar telemetry-ingester.jar top --once [options]",
        descriptionHeading = "%n", optionListHeading = "%noptions:%n", description = "The terminal monitor of a running ingester.",
        footer = {"", "The interactive monitor (overview, processes, workers, latency, slow) is not in this release."})
public final class TopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", converter = Values.WebSocketUrl.class,
            defaultValue = "ws://127.0.0.1:8888/ws", description = "ingester WebSocket (default ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--once", description = "print one snapshot (header and process table) and exit")
    boolean once;

    @Option(names = "--once-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "give up after this long, exit 2 (default ${DEFAULT-VALUE})")
    double onceTimeout;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @Override
    public Integer call() {
        double timeout = Values.range(spec, "--once-timeout", onceTimeout, 0.1, 3600);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!once) {
            err.println("telemetry-ingester: top: only --once is available in this release");
            err.flush();
            return Main.FAILED;
        }
        Map<String, Object> snapshot = firstSnapshot(url, Duration.ofMillis((long) (timeout * 1000)));
        if (snapshot == null) {
            err.println("telemetry-ingester: top: no ingester answered at " + url + " within " + timeout + " s");
            err.flush();
            return Main.USAGE;
        }
        print(snapshot, url.toString(), out);
        out.flush();
        return Main.OK;
    }

    private static Map<String, Object> firstSnapshot(URI uri, Duration timeout) {
        CompletableFuture<String> first = new CompletableFuture<>();
        String origin = "http://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        WebSocket ws = null;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            ws = client.newWebSocketBuilder().header("Origin", origin).connectTimeout(timeout)
                    .buildAsync(uri, new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                first.complete(partial.toString());
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Object doc = new ObjectMapper().readValue(first.get(timeout.toMillis(), TimeUnit.MILLISECONDS), Object.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = doc instanceof Map ? (Map<String, Object>) doc : null;
            return map;
        } catch (Exception e) {
            return null;
        } finally {
            if (ws != null) {
                ws.abort();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> s, String url, PrintWriter out) {
        List<Object> processes = (List<Object>) s.getOrDefault("processes", List.of());
        out.printf(Locale.ROOT, "telemetry-ingester %s: %d processes, %s datagrams received, %s decode errors, %s dropped%n",
                url, processes.size(), s.get("total_received"), s.get("decode_errors"), s.get("drops"));
        out.printf(Locale.ROOT, "%-8s %-20s %-16s %-8s %9s %8s %6s %9s %9s %10s%n", "PID", "HOSTNAME", "GROUP", "STATE",
                "REQ/S", "CAPACITY", "CPU", "RSS MiB", "P95 ms", "REQUESTS");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object p : processes) {
            rows.add((Map<String, Object>) p);
        }
        rows.sort((a, b) -> Long.compare(number(a.get("pid")).longValue(), number(b.get("pid")).longValue()));
        for (Map<String, Object> p : rows) {
            Map<String, Object> w = (Map<String, Object>) ((Map<String, Object>) p.get("windows")).get("10s");
            Map<String, Object> phases = (Map<String, Object>) w.get("phases");
            Map<String, Object> rt = (Map<String, Object>) phases.get("request_time");
            double p95 = rt == null ? 0 : number(rt.get("p95")).doubleValue() * 1000;
            out.printf(Locale.ROOT, "%-8d %-20s %-16s %-8s %9.1f %7.1f%% %6.2f %9.1f %9.1f %10d%n",
                    number(p.get("pid")).longValue(), printable(p.get("hostname"), 20),
                    printable(p.get("process_group"), 16), printable(p.get("state"), 8),
                    number(w.get("request_throughput")).doubleValue(),
                    number(w.get("capacity_utilization")).doubleValue() * 100,
                    number(w.get("cpu_utilization")).doubleValue(),
                    number(w.get("memory_rss")).doubleValue() / (1 << 20), p95,
                    number(p.get("requests_total")).longValue());
        }
    }

    private static Number number(Object o) {
        return o instanceof Number n ? n : 0;
    }

    /** Text from a datagram, cut to a column and with control characters replaced (terminal safety). */
    static String printable(Object o, int width) {
        String s = o == null ? "" : o.toString();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < width; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return b.toString();
    }
}
