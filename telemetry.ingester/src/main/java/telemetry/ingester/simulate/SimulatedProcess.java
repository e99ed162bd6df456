package telemetry.ingester.simulate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import telemetry.wire.Field;
import telemetry.wire.Kind;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;
import telemetry.wire.ProcessIdentity;
import telemetry.wire.RecordWriter;
import telemetry.wire.WireEncoder;

/**
 * One simulated reporter process: plausible periodic samples (request counts with a slow drift,
 * log-normal latencies in histograms whose totals equal the request count, status mixes, worker
 * slots, CPU and memory), slow requests that run for a while (heartbeats, then completion) and the
 * lifecycle records of a start and a stop. Not thread-safe: owned by the simulator's thread.
 */
final class SimulatedProcess implements ProcessIdentity {

    private static final String[] PATHS = {"/shop/checkout/pay", "/shop/cart", "/api/orders", "/api/search",
        "/reports/monthly", "/shop/items/\"special\"/<sale>"};
    private static final String[] METHODS = {"GET", "POST", "GET", "PUT"};
    private static final int DRAWS = 16;
    private static final Phase[] PHASES = Phase.REPORTED.toArray(new Phase[0]);

    final long pid;
    final String hostname;
    final String group;
    final int slots;
    final double startedAt;
    final double lifetime;
    private final SplittableRandom random;
    private final double ratePerSecond;
    private final double medianSeconds;
    private long seq;
    private long requestsTotal;
    private long slowSerial;
    private long rss;
    private long maxRss;
    private long slotsStarted;
    private final List<SlowRequest> slow = new ArrayList<>();
    private final SimulatedHeap heap;
    private final double bytesPerRequest;
    private double lastGcTick;
    private double lastThroughput;

    /** A request past the slow threshold, reported while it runs and once when it completes. */
    private static final class SlowRequest {
        String logId;
        int thread;
        double start;
        double length;
        String method;
        String path;
    }

    SimulatedProcess(long pid, String hostname, String group, int slots, double now, double lifetime,
            SplittableRandom random) {
        this.pid = pid;
        this.hostname = hostname;
        this.group = group;
        this.slots = slots;
        this.startedAt = now;
        this.lifetime = lifetime;
        this.random = random;
        this.ratePerSecond = 5 + random.nextDouble() * 45;
        this.medianSeconds = 0.01 + random.nextDouble() * 0.04;
        this.rss = (200L + random.nextInt(200)) << 20;
        this.maxRss = rss;
        this.heap = new SimulatedHeap(random.split());
        this.bytesPerRequest = (100 + random.nextInt(300)) * 1024.0;
        this.lastGcTick = now;
    }

    /**
     * The GC records of a tick, through the one {@link RecordWriter}: a gc_snapshot, then one
     * gc_event per pause since the previous tick. While a slow request runs, a full collection now
     * and then lands inside it (so that the UI's drill-down has overlaps to show); otherwise rarely.
     * Returns how many records were sent.
     */
    int reportGc(RecordWriter records, double now, DatagramSender sender) {
        boolean full = random.nextDouble() < (slow.isEmpty() ? 0.002 : 0.05);
        double allocation = 1024.0 * 1024 + lastThroughput * bytesPerRequest;
        List<SimulatedHeap.Pause> pauses = heap.advance(lastGcTick, now, allocation, full);
        lastGcTick = now;
        sender.send(records.gcSnapshot(this, nextSeq(), now, heap));
        for (SimulatedHeap.Pause p : pauses) {
            sender.send(records.gcEvent(this, nextSeq(), now, p));
        }
        return 1 + pauses.size();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public String modWsgiVersion() {
        return "1.0.0";
    }

    @Override
    public String pythonVersion() {
        return "17.0.15";
    }

    @Override
    public String apacheVersion() {
        return "Apache Felix/7.0.5";
    }

    @Override
    public String mpmName() {
        return "jetty";
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public String processGroup() {
        return group;
    }

    @Override
    public long processParentPid() {
        return 1;
    }

    long nextSeq() {
        return ++seq;
    }

    ByteBuffer started(WireEncoder out, double now) {
        out.begin(Kind.PROCESS_STARTED, pid, nextSeq(), now);
        identity(out);
        return out.finish();
    }

    ByteBuffer stopping(WireEncoder out, double now, String reason) {
        return out.begin(Kind.PROCESS_STOPPING, pid, nextSeq(), now)
                .text(Field.HOSTNAME, hostname)
                .text(Field.PROCESS_GROUP, group)
                .text(Field.SHUTDOWN_REASON, reason)
                .u64(Field.ACTIVE_REQUESTS_AT_DECISION, slow.size())
                .finish();
    }

    ByteBuffer stopped(WireEncoder out, double now, String reason) {
        return out.begin(Kind.PROCESS_STOPPED, pid, nextSeq(), now)
                .text(Field.HOSTNAME, hostname)
                .text(Field.PROCESS_GROUP, group)
                .text(Field.SHUTDOWN_REASON, reason)
                .f64(Field.PROCESS_UPTIME, now - startedAt)
                .u64(Field.LIFETIME_REQUEST_COUNT, requestsTotal)
                .u64(Field.ACTIVE_REQUESTS_AT_EXIT, 0)
                .u64(Field.GRACEFUL_DRAIN, 1)
                .finish();
    }

    private void identity(WireEncoder out) {
        out.text(Field.MOD_WSGI_VERSION, "1.0.0")
                .text(Field.PYTHON_VERSION, "17.0.15")
                .text(Field.APACHE_VERSION, "Apache Felix/7.0.5")
                .text(Field.MPM_NAME, "jetty")
                .text(Field.HOSTNAME, hostname)
                .text(Field.PROCESS_GROUP, group)
                .u64(Field.PROCESS_PARENT_PID, 1);
    }

    /** The periodic sample for an interval of {@code period} seconds ending at {@code now}. */
    ByteBuffer sample(WireEncoder out, double now, double period, double interval) {
        double drift = 1 + 0.3 * Math.sin((now + pid) / 60.0);
        long n = Math.max(0, Math.round(ratePerSecond * period * drift + random.nextGaussian() * 2));
        int draws = (int) Math.min(n, DRAWS);
        double[][] phase = new double[PHASES.length][draws];
        long[] weight = new long[draws];
        int[] slotOf = new int[draws];
        long[] status = new long[5];
        for (int i = 0; i < draws; i++) {
            weight[i] = n / draws + (i < n % draws ? 1 : 0);
            double server = 0.00005 + random.nextDouble() * 0.0005;
            double application = medianSeconds * Math.exp(0.7 * random.nextGaussian());
            phase[0][i] = server;
            phase[1][i] = application;
            phase[2][i] = server + application;
            phase[3][i] = random.nextDouble() * 0.0004;
            phase[4][i] = 0.0001 + random.nextDouble() * 0.001;
            double u = random.nextDouble();
            int cls = u < 0.90 ? 1 : u < 0.94 ? 2 : u < 0.99 ? 3 : 4;
            status[cls] += weight[i];
            slotOf[i] = random.nextInt(slots);
        }
        int[] completed = new int[slots];
        double[] busy = new double[slots];
        double[] cpu = new double[slots];
        double[] current = new double[slots];
        double[] longest = new double[slots];
        for (int i = 0; i < draws; i++) {
            int s = slotOf[i];
            completed[s] += (int) weight[i];
            busy[s] = Math.min(period, busy[s] + phase[2][i] * weight[i]);
            cpu[s] += phase[1][i] * weight[i] * 0.3;
            longest[s] = Math.max(longest[s], phase[2][i]);
        }
        for (SlowRequest r : slow) {
            int s = r.thread - 1;
            current[s] = now - r.start;
            busy[s] = period;
        }
        double busyTotal = 0;
        int active = 0;
        for (int s = 0; s < slots; s++) {
            busyTotal += busy[s];
            if (completed[s] > 0 || current[s] > 0) {
                active++;
            }
        }
        slotsStarted = Math.max(slotsStarted, Math.min(slots, slotsStarted + active));
        requestsTotal += n;
        lastThroughput = n / period;
        rss = Math.max(64L << 20, rss + (long) (random.nextGaussian() * (1 << 20)));
        maxRss = Math.max(maxRss, rss);
        double user = busyTotal * 0.25 / period;
        double system = user * 0.2;

        out.begin(Kind.REQUEST_METRICS, pid, nextSeq(), now);
        identity(out);
        out.f64(Field.SAMPLE_PERIOD, period)
                .f64(Field.TELEMETRY_INTERVAL, interval)
                .f64(Field.SLOW_REQUESTS_THRESHOLD, 2.0)
                .u64(Field.REQUEST_COUNT, n)
                .f64(Field.REQUEST_THROUGHPUT, n / period)
                .f64(Field.CAPACITY_UTILIZATION, busyTotal / (period * slots))
                .f64(Field.CPU_USER_UTILIZATION, user)
                .f64(Field.CPU_SYSTEM_UTILIZATION, system)
                .f64(Field.CPU_UTILIZATION, user + system)
                .u64(Field.MEMORY_RSS, rss)
                .u64(Field.MEMORY_MAX_RSS, maxRss)
                .u64(Field.REQUEST_THREADS_MAXIMUM, slots)
                .u64(Field.REQUEST_THREADS_STARTED, slotsStarted)
                .u64(Field.REQUEST_THREADS_ACTIVE, active);
        for (int p = 0; p < PHASES.length; p++) {
            double total = 0;
            for (int i = 0; i < draws; i++) {
                total += phase[p][i] * weight[i];
            }
            out.f64(PHASES[p].mean(), n == 0 ? 0.0 : total / n);
        }
        if (n > 0) {
            for (int p = 0; p < PHASES.length; p++) {
                double min = Double.POSITIVE_INFINITY;
                double max = 0;
                for (int i = 0; i < draws; i++) {
                    min = Math.min(min, phase[p][i]);
                    max = Math.max(max, phase[p][i]);
                }
                out.f64(PHASES[p].min(), min).f64(PHASES[p].max(), max);
            }
        }
        int[] histogram = new int[LatencyBuckets.COUNT];
        for (int p = 0; p < PHASES.length; p++) {
            java.util.Arrays.fill(histogram, 0);
            for (int i = 0; i < draws; i++) {
                histogram[LatencyBuckets.index(phase[p][i])] += (int) weight[i];
            }
            out.i32Array(PHASES[p].buckets(), histogram, LatencyBuckets.COUNT);
        }
        out.u64(Field.INPUT_BYTES_TOTAL, n * 300)
                .u64(Field.INPUT_READS_TOTAL, n)
                .u64(Field.OUTPUT_BYTES_TOTAL, n * 5120)
                .u64(Field.OUTPUT_WRITES_TOTAL, n * 2);
        Field[] classes = {Field.STATUS_1XX_TOTAL, Field.STATUS_2XX_TOTAL, Field.STATUS_3XX_TOTAL,
            Field.STATUS_4XX_TOTAL, Field.STATUS_5XX_TOTAL};
        for (int c = 0; c < 5; c++) {
            out.u64(classes[c], status[c]);
        }
        out.i32Array(Field.REQUEST_THREADS_COMPLETED, completed, slots)
                .f64Array(Field.REQUEST_THREADS_BUSY_TIME, busy, slots)
                .f64Array(Field.REQUEST_THREADS_CPU_TIME, cpu, slots)
                .f64Array(Field.REQUEST_THREADS_CURRENT_ELAPSED, current, slots)
                .f64Array(Field.REQUEST_THREADS_MAX_DURATION, longest, slots);
        return out.finish();
    }

    /** Maybe starts a slow request (probability per tick). */
    void maybeStartSlow(double now, double probability) {
        if (slow.size() < slots && random.nextDouble() < probability) {
            SlowRequest r = new SlowRequest();
            r.logId = pid + "-" + String.format("%06d", ++slowSerial);
            r.thread = 1 + (int) ((slowSerial - 1) % slots);
            r.start = now - 2.0;
            r.length = 2.5 + random.nextDouble() * 10;
            r.method = METHODS[random.nextInt(METHODS.length)];
            r.path = PATHS[random.nextInt(PATHS.length)];
            slow.add(r);
        }
    }

    /**
     * Encodes a record for every slow request (running heartbeat or completion) and sends each;
     * returns how many were sent (delivered or not).
     */
    int reportSlow(WireEncoder out, double now, DatagramSender sender) {
        int sent = 0;
        for (Iterator<SlowRequest> it = slow.iterator(); it.hasNext();) {
            SlowRequest r = it.next();
            double elapsed = now - r.start;
            boolean done = elapsed >= r.length;
            out.begin(Kind.SLOW_REQUEST, pid, nextSeq(), now)
                    .u64(Field.SLOW_RECORD_STATE, done ? 1 : 0)
                    .f64(Field.SLOW_START_STAMP, r.start)
                    .f64(Field.SLOW_DURATION, done ? r.length : elapsed)
                    .u64(Field.SLOW_THREAD_ID, r.thread)
                    .text(Field.SLOW_LOG_ID, r.logId)
                    .u64(Field.SLOW_SERVER_PID, pid)
                    .text(Field.SLOW_METHOD, r.method)
                    .text(Field.SLOW_SCHEME, "https")
                    .text(Field.SLOW_HOSTNAME, "shop.example.org")
                    .text(Field.SLOW_SCRIPT_NAME, "/shop")
                    .text(Field.SLOW_PATH_INFO, r.path)
                    .text(Field.SLOW_PROTOCOL, "HTTP/1.1")
                    .text(Field.SLOW_PEER_IP, "192.0.2." + (1 + r.thread % 250))
                    .f64(Field.SLOW_SERVER_TIME, 0.0004)
                    .f64(Field.SLOW_APPLICATION_TIME, (done ? r.length : elapsed) - 0.0004)
                    .u64(Field.SLOW_STATUS, done ? 200 : 0)
                    .u64(Field.SLOW_ACTIVE_AT_START, slow.size())
                    .u64(Field.SLOW_ACTIVE_AT_COMPLETION, done ? slow.size() - 1 : 0);
            sender.send(out.finish());
            sent++;
            if (done) {
                it.remove();
            }
        }
        return sent;
    }

    private ByteBuffer[] templates;
    private int nextTemplate;

    /**
     * A periodic sample for load tests: one of a few realistic samples of this process encoded once,
     * re-sent with a fresh seq and stamp (so the receiver's work is the same, the sender's is a copy).
     */
    ByteBuffer replay(WireEncoder out, double now, double interval) {
        if (templates == null) {
            templates = new ByteBuffer[4];
            for (int i = 0; i < templates.length; i++) {
                ByteBuffer b = sample(out, now, interval, interval);
                templates[i] = ByteBuffer.allocateDirect(b.remaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(b);
                seq--; // the template's own seq is replaced when it is sent
            }
        }
        ByteBuffer t = templates[nextTemplate++ % templates.length];
        t.putInt(12, (int) nextSeq()).putDouble(16, now).clear();
        return t;
    }

    boolean expired(double now) {
        return lifetime > 0 && now - startedAt >= lifetime;
    }
}
