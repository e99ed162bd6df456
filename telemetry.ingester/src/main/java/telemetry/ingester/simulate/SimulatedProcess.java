package telemetry.ingester.simulate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;
import telemetry.wire.ProcessIdentity;
import telemetry.wire.RecordWriter;

/**
 * One simulated reporter process: plausible periodic samples (request counts with a slow drift,
 * log-normal latencies in histograms whose totals equal the request count, status mixes, worker
 * slots, CPU and memory), slow requests that run for a while (heartbeats, then completion) and the
 * lifecycle records of a start and a stop. Every record is written by the one {@link RecordWriter},
 * from this process's identity, its {@link SimulatedSample} and its slow requests, as the reporter
 * writes its own. Not thread-safe: owned by the simulator's thread.
 */
final class SimulatedProcess implements ProcessIdentity {

    private static final String[] PATHS = {
        "/shop/checkout/pay",
        "/shop/cart",
        "/api/orders",
        "/api/search",
        "/reports/monthly",
        "/shop/items/\"special\"/<sale>"
    };
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
    private final SimulatedSample sample;
    private final SimulatedHeap heap;
    private final double bytesPerRequest;
    private double lastGcTick;
    private double lastThroughput;

    /** A request past the slow threshold, reported while it runs and once when it completes. */
    private static final class SlowRequest implements telemetry.wire.SlowRequest {
        String logId;
        int thread;
        double start;
        double length;
        String method;
        String path;
        String peerIp;
        private double elapsed;
        private long active;

        /** Sets the moment the next record describes, with {@code active} slow requests running. */
        void at(double now, long active) {
            this.elapsed = now - start;
            this.active = active;
        }

        @Override
        public boolean completed() {
            return elapsed >= length;
        }

        @Override
        public double startStamp() {
            return start;
        }

        @Override
        public double duration() {
            return completed() ? length : elapsed;
        }

        @Override
        public long threadId() {
            return thread;
        }

        @Override
        public String logId() {
            return logId;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String scheme() {
            return "https";
        }

        @Override
        public String hostname() {
            return "shop.example.org";
        }

        @Override
        public String scriptName() {
            return "/shop";
        }

        @Override
        public String pathInfo() {
            return path;
        }

        @Override
        public String protocol() {
            return "HTTP/1.1";
        }

        @Override
        public String peerIp() {
            return peerIp;
        }

        @Override
        public String userAgent() {
            return null;
        }

        @Override
        public double serverTime() {
            return 0.0004;
        }

        @Override
        public double applicationTime() {
            return duration() - 0.0004;
        }

        @Override
        public long inputBytes() {
            return 0;
        }

        @Override
        public long inputReads() {
            return 0;
        }

        @Override
        public long outputBytes() {
            return 0;
        }

        @Override
        public long outputWrites() {
            return 0;
        }

        @Override
        public double inputReadTime() {
            return 0;
        }

        @Override
        public double outputWriteTime() {
            return 0;
        }

        @Override
        public long status() {
            return completed() ? 200 : 0;
        }

        @Override
        public double cpuUserTime() {
            return 0;
        }

        @Override
        public long activeAtStart() {
            return active;
        }

        @Override
        public long activeAtCompletion() {
            return completed() ? active - 1 : 0;
        }
    }

    SimulatedProcess(
            long pid, String hostname, String group, int slots, double now, double lifetime, SplittableRandom random) {
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
        this.sample = new SimulatedSample(slots);
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

    ByteBuffer started(RecordWriter out, double now) {
        return out.started(this, nextSeq(), now);
    }

    ByteBuffer stopping(RecordWriter out, double now, String reason) {
        return out.stopping(this, nextSeq(), now, reason, slow.size());
    }

    ByteBuffer stopped(RecordWriter out, double now, String reason) {
        return out.stopped(this, nextSeq(), now, reason, now - startedAt, requestsTotal, 0, true);
    }

    /** The periodic sample for an interval of {@code period} seconds ending at {@code now}. */
    ByteBuffer sample(RecordWriter out, double now, double period, double interval) {
        return out.periodic(this, nextSeq(), now, next(now, period, interval));
    }

    /**
     * Simulates the interval of {@code period} seconds ending at {@code now} into this process's
     * {@link SimulatedSample} (the same object every time) and answers it.
     */
    SimulatedSample next(double now, double period, double interval) {
        double drift = 1 + 0.3 * Math.sin((now + pid) / 60.0);
        long n = Math.max(0, Math.round(ratePerSecond * period * drift + random.nextGaussian() * 2));
        int draws = (int) Math.min(n, DRAWS);
        double[][] phase = new double[PHASES.length][draws];
        long[] weight = new long[draws];
        int[] slotOf = new int[draws];
        SimulatedSample out = sample;
        out.clear();
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
            out.statusTotals[cls] += weight[i];
            slotOf[i] = random.nextInt(slots);
        }
        for (int i = 0; i < draws; i++) {
            int s = slotOf[i];
            out.completed[s] += (int) weight[i];
            out.busyTime[s] = Math.min(period, out.busyTime[s] + phase[2][i] * weight[i]);
            out.cpuTime[s] += phase[1][i] * weight[i] * 0.3;
            out.maxDuration[s] = Math.max(out.maxDuration[s], phase[2][i]);
        }
        for (SlowRequest r : slow) {
            int s = r.thread - 1;
            out.currentElapsed[s] = now - r.start;
            out.busyTime[s] = period;
        }
        double busyTotal = 0;
        int active = 0;
        for (int s = 0; s < slots; s++) {
            busyTotal += out.busyTime[s];
            if (out.completed[s] > 0 || out.currentElapsed[s] > 0) {
                active++;
            }
        }
        slotsStarted = Math.max(slotsStarted, Math.min(slots, slotsStarted + active));
        requestsTotal += n;
        lastThroughput = n / period;
        rss = Math.max(64L << 20, rss + (long) (random.nextGaussian() * (1 << 20)));
        maxRss = Math.max(maxRss, rss);
        double user = busyTotal * 0.25 / period;

        out.samplePeriod = period;
        out.telemetryInterval = interval;
        out.slowRequestsThreshold = 2.0;
        out.requestCount = n;
        out.requestThroughput = n / period;
        out.capacityUtilization = busyTotal / (period * slots);
        out.cpuUserUtilization = user;
        out.cpuSystemUtilization = user * 0.2;
        out.memoryRss = rss;
        out.memoryMaxRss = maxRss;
        out.requestThreadsStarted = slotsStarted;
        out.requestThreadsActive = active;
        for (int p = 0; p < PHASES.length; p++) {
            int ordinal = PHASES[p].ordinal();
            double total = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (int i = 0; i < draws; i++) {
                total += phase[p][i] * weight[i];
                min = Math.min(min, phase[p][i]);
                max = Math.max(max, phase[p][i]);
                out.buckets[ordinal][LatencyBuckets.index(phase[p][i])] += weight[i];
            }
            out.mean[ordinal] = n == 0 ? 0.0 : total / n;
            out.min[ordinal] = min;
            out.max[ordinal] = max;
        }
        out.inputBytesTotal = n * 300;
        out.inputReadsTotal = n;
        out.outputBytesTotal = n * 5120;
        out.outputWritesTotal = n * 2;
        return out;
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
            r.peerIp = "192.0.2." + (1 + r.thread % 250);
            slow.add(r);
        }
    }

    /**
     * Writes a record for every slow request (running heartbeat or completion) and sends each;
     * returns how many were sent (delivered or not).
     */
    int reportSlow(RecordWriter out, double now, DatagramSender sender) {
        int sent = 0;
        for (Iterator<SlowRequest> it = slow.iterator(); it.hasNext(); ) {
            SlowRequest r = it.next();
            r.at(now, slow.size());
            sender.send(out.slow(this, nextSeq(), now, r));
            sent++;
            if (r.completed()) {
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
    ByteBuffer replay(RecordWriter out, double now, double interval) {
        if (templates == null) {
            templates = new ByteBuffer[4];
            for (int i = 0; i < templates.length; i++) {
                ByteBuffer b = sample(out, now, interval, interval);
                templates[i] = ByteBuffer.allocateDirect(b.remaining())
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .put(b);
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
