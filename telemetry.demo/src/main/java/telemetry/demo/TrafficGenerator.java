package telemetry.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Sends a realistic mix of requests to the demo endpoints of this framework's own HTTP server, so
 * the demo shows live data without another process. Runs only while PID
 * {@code telemetry.demo.traffic} is configured.
 *
 * <p>Threads: {@code concurrency} client threads, each paced to {@code rate / concurrency}
 * requests per second; a request that takes longer delays only its own thread. Deactivation
 * interrupts them, closes their open connections and waits a bounded time.
 */
@Designate(ocd = TrafficGenerator.Config.class)
@Component(
        service = TrafficGenerator.class,
        configurationPid = TrafficGenerator.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
public class TrafficGenerator {

    static final String PID = "telemetry.demo.traffic";

    @ObjectClassDefinition(
            name = "Telemetry demo: traffic",
            description = "Requests this framework sends to its own demo endpoints.")
    public @interface Config {
        @AttributeDefinition(
                name = "Rate",
                description = "Requests per second, in total (0.1 to 1000).",
                min = "0.1",
                max = "1000")
        double rate() default 20;

        @AttributeDefinition(name = "Concurrency", description = "Client threads (1 to 64).", min = "1", max = "64")
        int concurrency() default 4;

        @AttributeDefinition(
                name = "Base URL",
                description =
                        "URL of the demo context; empty: the local HTTP Whiteboard runtime's endpoint plus /demo.")
        String base_url() default "";
    }

    /** One kind of request of the mix, with its weight. */
    private record Call(int weight, String method, String path, int uploadBytes) {}

    private static final Call[] MIX = {
        new Call(50, "GET", "/fast", 0),
        new Call(6, "GET", "/fast?user=alice&session=s3cr3t", 0),
        new Call(10, "GET", "/slow?seconds=0.%d", 0),
        new Call(2, "GET", "/slow", 0),
        new Call(1, "GET", "/slow?seconds=6", 0),
        new Call(10, "GET", "/async?seconds=0.%d", 0),
        new Call(3, "GET", "/fail", 0),
        new Call(3, "GET", "/fail?status=503", 0),
        new Call(4, "GET", "/no/such/page", 0),
        new Call(6, "POST", "/upload", 256 * 1024),
        new Call(5, "GET", "/download?bytes=2097152", 0),
    };
    private static final int TOTAL_WEIGHT =
            java.util.Arrays.stream(MIX).mapToInt(Call::weight).sum();

    private final String base;
    private final long periodNanos;
    private final ExecutorService clients;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Set<HttpURLConnection> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    @Activate
    public TrafficGenerator(Config config, @Reference HttpServiceRuntime runtime) {
        this(config, endpointOf(runtime, config));
    }

    TrafficGenerator(Config config, String base) {
        if (!(config.rate() >= 0.1 && config.rate() <= 1000)) {
            throw new IllegalArgumentException(
                    PID + ": 'rate' must be from 0.1 to 1000 requests per second, got " + config.rate());
        }
        if (config.concurrency() < 1 || config.concurrency() > 64) {
            throw new IllegalArgumentException(
                    PID + ": 'concurrency' must be from 1 to 64, got " + config.concurrency());
        }
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.periodNanos = (long) (1e9 * config.concurrency() / config.rate());
        AtomicInteger n = new AtomicInteger();
        this.clients = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "telemetry.demo traffic " + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < config.concurrency(); i++) {
            clients.execute(this::sendLoop);
        }
    }

    /** Requests sent so far, and how many of them failed at the client (connection errors). */
    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        clients.shutdownNow();
        // A client thread blocked reading a slow answer is not interruptible: close its connection.
        for (HttpURLConnection connection : inFlight) {
            connection.disconnect();
        }
        clients.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static String endpointOf(HttpServiceRuntime runtime, Config config) {
        if (!config.base_url().isBlank()) {
            return config.base_url().trim();
        }
        Object endpoint =
                runtime.getRuntimeDTO().serviceDTO.properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] all && all.length > 0
                ? all[0]
                : endpoint instanceof Iterable<?> list && list.iterator().hasNext()
                        ? String.valueOf(list.iterator().next())
                        : endpoint != null ? endpoint.toString() : null;
        if (first == null) {
            throw new IllegalStateException(PID + ": the HTTP runtime advertises no endpoint; set 'base.url'");
        }
        // A server bound to every interface advertises the wildcard address: call it on loopback.
        URI uri = URI.create(first.trim());
        String host = uri.getHost() == null
                        || uri.getHost().equals("0.0.0.0")
                        || uri.getHost().equals("[::]")
                ? "127.0.0.1"
                : uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath();
        return uri.getScheme() + "://" + host + ":" + uri.getPort() + path.replaceAll("/+$", "") + "/demo";
    }

    private void sendLoop() {
        long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(periodNanos);
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            next = Math.max(next + periodNanos, System.nanoTime());
            send(pick());
        }
    }

    private static Call pick() {
        int r = ThreadLocalRandom.current().nextInt(TOTAL_WEIGHT);
        for (Call call : MIX) {
            r -= call.weight;
            if (r < 0) {
                return call;
            }
        }
        return MIX[0];
    }

    private void send(Call call) {
        String path = String.format(call.path, 1 + ThreadLocalRandom.current().nextInt(9));
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            inFlight.add(connection);
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod(call.method);
            connection.setRequestProperty("User-Agent", "telemetry-demo-traffic/1.0");
            if (call.uploadBytes > 0) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(call.uploadBytes);
                byte[] chunk = new byte[8192];
                try (OutputStream out = connection.getOutputStream()) {
                    for (int left = call.uploadBytes; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, Math.min(left, chunk.length));
                    }
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            sent.increment();
        } catch (IOException | RuntimeException e) {
            if (running) {
                failed.increment();
            }
            if (connection != null) {
                connection.disconnect();
            }
        } finally {
            inFlight.remove(connection);
        }
    }

    @Override
    public String toString() {
        return "TrafficGenerator[" + base + ", sent=" + sent() + ", failed=" + failed() + "]";
    }
}
