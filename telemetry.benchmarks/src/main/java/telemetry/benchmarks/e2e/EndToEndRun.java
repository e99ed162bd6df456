package telemetry.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import telemetry.benchmarks.e2e.dropwizard.DropwizardFilterActivator;

/**
 * End to end, as a new user would try it: the Felix assembly serving the demo's hello-world
 * servlet {@code /demo/fast} on loopback, driven at saturation by {@code wrk}, with the telemetry
 * preprocessor switched on and off in the same JVM (through {@code osgi.http.whiteboard.target} in
 * {@code etc/telemetry.http.whiteboard.cfg}, which FileInstall applies without a restart), and
 * Dropwizard Metrics' {@code InstrumentedFilter} deployed as a whiteboard filter beside it.
 *
 * <p>Each round measures every variant once, in an order shuffled from round to round (so that no
 * variant always follows the same one, nor always comes first after the previous round); the
 * ratio of a variant is its throughput over the no-telemetry throughput of the same round, and the
 * median over the rounds is printed with its quartiles. The {@code control} variant is no
 * telemetry again, measured like any other: how far its ratio strays from 1 is what the run can
 * resolve.
 *
 * <p>With {@code pin=true} (the default) the server has one core, and the load generator (one
 * thread) and the ingester the other. The server is then saturated exactly when its core is, so a
 * variant's throughput ratio is the ratio of the server's own CPU cost per request; with shared
 * cores, wrk's share of the same cores dilutes that ratio towards 1. The server JVM is started on
 * both cores, so that its ergonomics (collector, compiler threads, Jetty's pools) are those of a
 * two-core machine, and pinned once it serves. {@code pin=false} shares the cores, as a user's
 * first try would. The reporter sends to a real ingester over a UNIX socket
 * (1 s interval, slow requests at 2 s); after each variant the run checks with the ingester's
 * {@code telemetry_requests_total} that it counted the requests wrk had answered with the
 * preprocessor on (plus at most the one per connection wrk left unread when it stopped), and none
 * with it off, so a variant that did not take effect voids the run.
 *
 * <pre>
 * java -cp telemetry.benchmarks/target/benchmarks.jar telemetry.benchmarks.e2e.EndToEndRun \
 *      telemetry.distribution/target/telemetry-felix.jar telemetry.ingester/target/telemetry-ingester.jar \
 *      [rounds=21] [seconds=5] [warmup=3] [connections=16] [pin=true] [jfr=/path/to/recording.jfr]
 *      [variants=none,control,default,exact,dropwizard]   (also: wrappers)
 * </pre>
 *
 * With {@code jfr=FILE.jfr}, every variant is then run once more, not measured, under JFR's
 * {@code profile} settings, into {@code FILE-none.jfr}, {@code FILE-default.jfr} and so on (read
 * them with {@link JfrHotMethods}).
 *
 * Needs {@code wrk} on the PATH (Debian: {@code apt-get install wrk}). Not a test: it prints figures.
 */
public final class EndToEndRun {

    private static final int SERVER_CPU = 0;
    private static final int LOAD_CPU = 1;

    /** Whether the server and the load are on separate cores (option {@code pin}). */
    private static boolean pinned;

    /** By name: the class needs Config Admin, which only the framework has. */
    private static final String DROPWIZARD_ACTIVATOR = "telemetry.benchmarks.e2e.dropwizard.DropwizardFilterActivator";

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:.*");
    private static final Pattern REQUESTS_DONE = Pattern.compile("(\\d+) requests in");
    private static final Pattern INGESTER_PORT = Pattern.compile("\\(port (\\d+)\\)");
    private static final Pattern REQUESTS_TOTAL =
            Pattern.compile("(?m)^telemetry_requests_total\\{[^}]*\\} ([0-9.eE+]+)$");

    /** The variants, each as the two configuration files that select it. */
    private enum Variant {
        NONE("no telemetry", "osgi.http.whiteboard.target = (telemetry.benchmark=nothing)\n", false),
        /** No telemetry again: the run's own noise, since its true ratio is 1. */
        CONTROL("no telemetry again (control)", "osgi.http.whiteboard.target = (telemetry.benchmark=nothing)\n", false),
        DEFAULT("telemetry, default (request.cpu = slow)", "request.cpu = slow\n", false),
        EXACT("telemetry, request.cpu = exact", "request.cpu = exact\n", false),
        DROPWIZARD(
                "Dropwizard InstrumentedFilter", "osgi.http.whiteboard.target = (telemetry.benchmark=nothing)\n", true),
        /** Not in the default set: the cost of wrapping alone (a preprocessor that only wraps). */
        WRAPPERS(
                "no telemetry, request and response wrapped",
                "osgi.http.whiteboard.target = (telemetry.benchmark=nothing)\n",
                false);

        final String label;
        final String whiteboardCfg;
        final boolean dropwizard;

        Variant(String label, String whiteboardCfg, boolean dropwizard) {
            this.label = label;
            this.whiteboardCfg = whiteboardCfg;
            this.dropwizard = dropwizard;
        }

        String benchmarkCfg() {
            return "enabled = " + dropwizard + "\nwrappers = " + (this == WRAPPERS) + "\n";
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EndToEndRun FELIX_ASSEMBLY_JAR INGESTER_JAR [rounds=N] [seconds=N] [warmup=N] "
                    + "[connections=N] [jfr=FILE]");
            System.exit(2);
        }
        Path assembly = Paths.get(args[0]).toAbsolutePath();
        Path ingesterJar = Paths.get(args[1]).toAbsolutePath();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected name=value, got " + args[i]);
            }
            options.put(kv[0], kv[1]);
        }
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "21"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "16"));
        pinned = Boolean.parseBoolean(options.getOrDefault("pin", "true"));
        Variant[] order = options.containsKey("variants")
                ? Arrays.stream(options.get("variants").split(","))
                        .map(n -> Variant.valueOf(n.trim().toUpperCase(Locale.ROOT)))
                        .toArray(Variant[]::new)
                : new Variant[] {Variant.NONE, Variant.CONTROL, Variant.DEFAULT, Variant.EXACT, Variant.DROPWIZARD};
        if (order[0] != Variant.NONE) {
            throw new IllegalArgumentException("variants must start with none, the reference");
        }
        String jfr = options.get("jfr");

        Path work = Files.createTempDirectory("telemetry-e2e");
        Path etc = Files.createDirectories(work.resolve("etc"));
        Path socket = Files.createDirectories(work.resolve("s")).resolve("t.sock");
        int port = freePort();
        List<Process> processes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        try {
            Process ingester = start(
                    work,
                    "ingester.log",
                    List.of(
                            java(),
                            "-Xmx128m",
                            "-jar",
                            ingesterJar.toString(),
                            "serve",
                            "--listen",
                            "unix:" + socket,
                            "--http-port",
                            "0"));
            processes.add(ingester);
            write(
                    etc.resolve("telemetry.reporter.cfg"),
                    "service = unix:" + socket + " interval=1.0\nslow.requests = 2.0\n");
            write(etc.resolve("telemetry.http.whiteboard.cfg"), Variant.NONE.whiteboardCfg);
            write(etc.resolve(DropwizardFilterActivator.PID + ".cfg"), "enabled = false\n");
            buildDropwizardBundle(etc.resolve("telemetry-benchmarks-dropwizard.jar"));

            List<String> felix = new ArrayList<>(List.of(
                    java(),
                    "-Dfelix.fileinstall.dir=" + etc,
                    "-Dfelix.fileinstall.poll=200",
                    "-Dorg.osgi.service.http.port=" + port));
            felix.addAll(List.of("-jar", assembly.toString()));
            Process framework = start(work, "felix.log", felix);
            processes.add(framework);
            String url = "http://127.0.0.1:" + port + "/demo/fast";
            awaitServing(url);
            if (pinned) {
                pin(framework, SERVER_CPU);
                pin(ingester, LOAD_CPU);
            }
            String metrics = "http://127.0.0.1:" + ingesterPort(work.resolve("ingester.log")) + "/metrics";
            System.out.printf(
                    Locale.ROOT,
                    "# %s, %d connections, %d s per measurement after %d s warm-up, %d rounds, %s%n",
                    url,
                    connections,
                    seconds,
                    warmup,
                    rounds,
                    pinned
                            ? "server on CPU " + SERVER_CPU + ", wrk (1 thread) and ingester on CPU " + LOAD_CPU
                            : "server, wrk (2 threads) and ingester sharing the cores");
            System.out.printf(
                    Locale.ROOT,
                    "# %s, %d cores, work folder %s%n",
                    System.getProperty("java.vm.version"),
                    Runtime.getRuntime().availableProcessors(),
                    work);

            wrk(url, connections, Math.max(10, 2 * warmup)); // JIT and thread pool, once
            // Every variant once, unmeasured: the first switch to a variant recompiles the request
            // path for it, which would otherwise weigh on round 1 alone.
            for (Variant v : order) {
                apply(etc, v);
                wrk(url, connections, warmup + seconds);
            }
            apply(etc, Variant.NONE);
            Map<Variant, double[]> throughput = new LinkedHashMap<>();
            Variant previous = null;
            long served = 0;
            long mark = 0;
            Map<Variant, double[]> cpuPerRequest = new LinkedHashMap<>();
            for (Variant v : order) {
                throughput.put(v, new double[rounds]);
                cpuPerRequest.put(v, new double[rounds]);
            }
            Random shuffle = new Random(13); // the same orders in every run
            for (int round = 0; round < rounds; round++) {
                List<Variant> sequence = new ArrayList<>(Arrays.asList(order));
                Collections.shuffle(sequence, shuffle);
                for (Variant v : sequence) {
                    apply(etc, v); // includes a wait longer than the reporter's interval
                    long counted = recorded(metrics);
                    if (previous != null) {
                        check(previous, served, counted - mark, connections);
                    }
                    mark = counted;
                    long[] done = new long[1];
                    wrk(url, connections, warmup, done);
                    served = done[0];
                    long cpuBefore = cpuTicks(framework);
                    double rate = wrk(url, connections, seconds, done);
                    double cpu = (cpuTicks(framework) - cpuBefore) / (double) CLOCK_TICKS_PER_SECOND / done[0];
                    served += done[0];
                    previous = v;
                    throughput.get(v)[round] = rate;
                    cpuPerRequest.get(v)[round] = cpu;
                    System.out.printf(
                            Locale.ROOT,
                            "round %d  %-42s %,10.0f req/s %7.2f µs CPU/request%n",
                            round + 1,
                            v.label,
                            rate,
                            cpu * 1e6);
                }
            }
            Thread.sleep(2_000);
            check(previous, served, recorded(metrics) - mark, connections);
            report(throughput, cpuPerRequest, rounds);
            if (jfr != null) { // after the rounds, so that no measured figure carries the recording's cost
                for (Variant v : order) {
                    Path recording = Paths.get(
                                    jfr.replace(".jfr", "") + "-" + v.name().toLowerCase(Locale.ROOT) + ".jfr")
                            .toAbsolutePath();
                    apply(etc, v);
                    wrk(url, connections, warmup);
                    jcmd(framework, "JFR.start", "name=e2e", "settings=profile");
                    wrk(url, connections, seconds);
                    jcmd(framework, "JFR.stop", "name=e2e", "filename=" + recording);
                    System.out.println("# profile of " + v.label + " at saturation: " + recording);
                }
            }
        } finally {
            for (int i = processes.size() - 1; i >= 0; i--) {
                stop(processes.get(i));
            }
        }
    }

    /**
     * Two figures per variant: throughput over the same round's no-telemetry throughput (what the
     * issue asks), and the server's CPU time per request of the no-telemetry variant over the
     * variant's (what throughput at saturation would be if the server had the cores to itself; it
     * moves much less than throughput when other processes share the machine).
     */
    private static void report(Map<Variant, double[]> throughput, Map<Variant, double[]> cpuPerRequest, int rounds) {
        double[] none = throughput.get(Variant.NONE);
        double[] noneCpu = cpuPerRequest.get(Variant.NONE);
        Map<Variant, double[]> ratios = new LinkedHashMap<>();
        Map<Variant, double[]> cpuRatios = new LinkedHashMap<>();
        for (Variant v : throughput.keySet()) {
            double[] r = new double[rounds];
            double[] c = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                r[i] = throughput.get(v)[i] / none[i];
                c[i] = noneCpu[i] / cpuPerRequest.get(v)[i];
            }
            ratios.put(v, r);
            cpuRatios.put(v, c);
        }
        System.out.println();
        System.out.println("| variant | median req/s | throughput / no telemetry, median | quartiles | "
                + "median server CPU per request | CPU ratio (none / variant), median | quartiles |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Variant v : throughput.keySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | **%.3f** | %.3f–%.3f | %.2f µs | **%.3f** | %.3f–%.3f |%n",
                    v.label,
                    median(throughput.get(v)),
                    median(ratios.get(v)),
                    quantile(ratios.get(v), 0.25),
                    quantile(ratios.get(v), 0.75),
                    median(cpuPerRequest.get(v)) * 1e6,
                    median(cpuRatios.get(v)),
                    quantile(cpuRatios.get(v), 0.25),
                    quantile(cpuRatios.get(v), 0.75));
        }
        System.out.println();
        for (Variant v : throughput.keySet()) {
            System.out.println("# " + v.label + ", throughput ratio per round: " + list(ratios.get(v)));
            System.out.println("# " + v.label + ", CPU ratio per round:        " + list(cpuRatios.get(v)));
        }
    }

    private static String list(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return s.toString();
    }

    /** {@code USER_HZ}, the unit of {@code /proc/PID/stat}'s CPU times: 100 on every Linux ABI. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    /** User + system CPU of a process so far, in clock ticks, from {@code /proc/PID/stat}. */
    private static long cpuTicks(Process p) throws IOException {
        String stat = Files.readString(Paths.get("/proc", Long.toString(p.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
    }

    /**
     * Whether a variant was what it claims: the ingester counted every request served with the
     * preprocessor on, and none without it (what it counted between the two reads, after the
     * reporter's next tick).
     */
    private static void check(Variant v, long served, long recorded, int connections) {
        boolean telemetry = v == Variant.DEFAULT || v == Variant.EXACT;
        // wrk stops its two runs with up to one request per connection unread: served, counted, not in wrk's total
        if (telemetry ? recorded < served || recorded > served + 2L * connections : recorded != 0) {
            throw new IllegalStateException(
                    v.label + ": wrk had " + served + " requests answered, the ingester counted " + recorded
                            + "; the variant did not take effect (or counts were lost)");
        }
    }

    /** The ingester's {@code telemetry_requests_total}, summed over status classes. */
    private static long recorded(String metrics) throws IOException, URISyntaxException {
        HttpURLConnection c = (HttpURLConnection) new URI(metrics).toURL().openConnection();
        String text;
        try (InputStream in = c.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long sum = 0;
        for (Matcher m = REQUESTS_TOTAL.matcher(text); m.find(); ) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static int ingesterPort(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            Matcher m = INGESTER_PORT.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the ingester did not say its HTTP port: " + log);
    }

    private static void apply(Path etc, Variant v) throws IOException, InterruptedException {
        write(etc.resolve("telemetry.http.whiteboard.cfg"), v.whiteboardCfg);
        write(etc.resolve(DropwizardFilterActivator.PID + ".cfg"), v.benchmarkCfg());
        // FileInstall polls every 200 ms; Config Admin, DS and the whiteboard then re-register the
        // preprocessor or filter. A benchmark may wait; the warm-up that follows starts after it.
        Thread.sleep(2_000);
    }

    /** Runs wrk; answers requests per second, refusing a run with errors or non-2xx answers. */
    private static double wrk(String url, int connections, int seconds) throws IOException, InterruptedException {
        return wrk(url, connections, seconds, new long[1]);
    }

    /** As above; {@code done[0]} is set to the number of requests wrk had answered. */
    private static double wrk(String url, int connections, int seconds, long[] done)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (pinned) {
            command.addAll(List.of("taskset", "-c", Integer.toString(LOAD_CPU), "wrk", "-t1"));
        } else {
            command.addAll(List.of("wrk", "-t2"));
        }
        command.addAll(List.of("-c" + connections, "-d" + seconds + "s", url));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Matcher bad = NON_2XX.matcher(out);
        Matcher errors = SOCKET_ERRORS.matcher(out);
        if (bad.find() || errors.find()) {
            throw new IllegalStateException("wrk saw errors, the measurement is void:\n" + out);
        }
        Matcher m = REQUESTS_PER_SECOND.matcher(out);
        Matcher n = REQUESTS_DONE.matcher(out);
        if (!m.find() || !n.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output:\n" + out);
        }
        done[0] = Long.parseLong(n.group(1));
        return Double.parseDouble(m.group(1));
    }

    /**
     * The bundle with Dropwizard's filter, as a user would deploy it: metrics-core and
     * metrics-servlet 4.2.37 (their classes, taken from this jar) and {@link DropwizardFilterActivator}
     * (never loaded here).
     */
    private static void buildDropwizardBundle(Path target) throws IOException, URISyntaxException {
        Path self = Paths.get(EndToEndRun.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "telemetry.benchmarks.dropwizard");
        a.putValue("Bundle-Version", "4.2.37");
        a.putValue("Bundle-Activator", DROPWIZARD_ACTIVATOR);
        a.putValue(
                "Import-Package",
                "javax.servlet;version=\"[3.1,5)\",javax.servlet.http;version=\"[3.1,5)\","
                        + "org.osgi.framework,org.osgi.service.cm,org.slf4j;resolution:=optional,sun.misc;resolution:=optional");
        String activator = DROPWIZARD_ACTIVATOR
                .substring(0, DROPWIZARD_ACTIVATOR.lastIndexOf('.') + 1)
                .replace('.', '/');
        Path partial = target.getParent().resolveSibling(target.getFileName() + ".part");
        try (JarFile jar = new JarFile(self.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), manifest)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (!e.isDirectory()
                        && name.endsWith(".class")
                        && (name.startsWith("com/codahale/metrics/") || name.startsWith(activator))) {
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream in = jar.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitServing(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                HttpURLConnection c = (HttpURLConnection) new URI(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                if (c.getResponseCode() == 200) {
                    c.getInputStream().readAllBytes();
                    return;
                }
            } catch (IOException notYet) {
                // the framework is still starting
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(url + " did not answer 200 within 120 s");
            }
            Thread.sleep(200);
        }
    }

    /** Binds every thread of a running process, and the threads it starts later, to one CPU. */
    private static void pin(Process target, int cpu) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "taskset",
                        "--all-tasks",
                        "--pid",
                        "--cpu-list",
                        Integer.toString(cpu),
                        Long.toString(target.pid()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset could not pin process " + target.pid() + ":\n" + out);
        }
    }

    private static void jcmd(Process target, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(target.pid())));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed:\n" + out);
        }
    }

    private static Process start(Path work, String log, List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile())
                .start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: the assembly stops the framework cleanly
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** Written beside the watched folder and moved in, so FileInstall never reads half a file. */
    private static void write(Path file, String text) throws IOException {
        Path partial = file.getParent().resolveSibling(file.getFileName() + ".part");
        Files.writeString(partial, text);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** The {@code q} quantile, interpolated between the two nearest values (so the median of an even count is their mean). */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
    }
}
