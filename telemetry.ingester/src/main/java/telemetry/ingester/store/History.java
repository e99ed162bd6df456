package telemetry.ingester.store;

import java.util.ArrayList;
import java.util.List;
import telemetry.ingester.model.HistoryView;
import telemetry.ingester.model.StepFigures;

/**
 * A process's history for charts: one point per resolution step (max(1 s, retention / 600)), the
 * samples received within a step merged, oldest first. Kept as a ring of primitive columns that
 * grows on demand up to its capacity, so that a process holds at most ~600 points of ~68 bytes
 * whatever its reporting rate. Ratios are floats: these are chart values, not totals (exact
 * totals live in the windows and lifetime counters). Not thread-safe: owned by the store's thread.
 */
public final class History {

    private final int capacity;
    private int head;
    private int size;
    private double[] start = new double[16];
    private double[] lastStamp = new double[16];
    private int[] samples = new int[16];
    private float[] period = new float[16];
    private long[] requests = new long[16];
    private float[] busySlotSeconds = new float[16];
    private float[] slotSeconds = new float[16];
    private float[] cpuSeconds = new float[16];
    private long[] rss = new long[16];
    private float[] requestTimeTotal = new float[16];
    private float[] requestTimeP95 = new float[16];
    private int[] status4xx = new int[16];
    private int[] status5xx = new int[16];

    History(int capacity) {
        this.capacity = capacity;
    }

    /** Merges a sample received at {@code now} into the point of its step, starting a new one if needed. */
    void add(
            double now,
            double resolution,
            WindowAccumulator.SampleFacts f,
            double stamp,
            double requestTimeMean,
            double requestTimeP95Value) {
        int last = size == 0 ? -1 : slot(size - 1);
        if (last < 0 || now - start[last] >= resolution) {
            if (size == capacity) {
                head = (head + 1) % start.length;
                size--;
            } else if (size == start.length) {
                grow();
            }
            last = (head + size) % start.length;
            size++;
            clear(last);
            start[last] = Math.floor(now / resolution) * resolution;
        }
        samples[last]++;
        lastStamp[last] = stamp;
        period[last] += (float) f.period;
        requests[last] += f.requests;
        busySlotSeconds[last] += (float) (f.capacity * f.period * f.slots);
        slotSeconds[last] += (float) (f.period * f.slots);
        cpuSeconds[last] += (float) (f.cpu * f.period);
        rss[last] = f.rss;
        requestTimeTotal[last] += (float) (requestTimeMean * f.requests);
        requestTimeP95[last] = Math.max(requestTimeP95[last], (float) requestTimeP95Value);
        status4xx[last] += (int) Math.min(Integer.MAX_VALUE, f.status[3]);
        status5xx[last] += (int) Math.min(Integer.MAX_VALUE, f.status[4]);
    }

    /** A copy of the points, for the read model. */
    HistoryView view(
            String key,
            long pid,
            String hostname,
            String processGroup,
            List<telemetry.ingester.model.GcPause> gcPauses) {
        List<HistoryView.Point> points = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            points.add(new HistoryView.Point(
                    start(i),
                    lastStamp(i),
                    new StepFigures(
                            samples(i),
                            requests(i),
                            throughput(i),
                            capacityUtilization(i),
                            cpuUtilization(i),
                            memoryRss(i),
                            requestTimeMean(i),
                            requestTimeP95(i),
                            status4xx(i),
                            status5xx(i))));
        }
        return new HistoryView(key, pid, hostname, processGroup, List.copyOf(points), gcPauses);
    }

    /** Drops points that started before {@code cutoff}. */
    void trim(double cutoff) {
        while (size > 0 && start[head] < cutoff) {
            head = (head + 1) % start.length;
            size--;
        }
    }

    public int size() {
        return size;
    }

    /** Start of point {@code i} (0 = oldest), ingester time in epoch seconds. */
    public double start(int i) {
        return start[slot(i)];
    }

    /** The sender's stamp of the last sample merged into point {@code i}. */
    public double lastStamp(int i) {
        return lastStamp[slot(i)];
    }

    public int samples(int i) {
        return samples[slot(i)];
    }

    public long requests(int i) {
        return requests[slot(i)];
    }

    public double throughput(int i) {
        int s = slot(i);
        return period[s] > 0 ? requests[s] / (double) period[s] : 0.0;
    }

    public double capacityUtilization(int i) {
        int s = slot(i);
        return slotSeconds[s] > 0 ? busySlotSeconds[s] / (double) slotSeconds[s] : 0.0;
    }

    public double cpuUtilization(int i) {
        int s = slot(i);
        return period[s] > 0 ? cpuSeconds[s] / (double) period[s] : 0.0;
    }

    /** RSS of the last sample merged into point {@code i}. */
    public long memoryRss(int i) {
        return rss[slot(i)];
    }

    public double requestTimeMean(int i) {
        int s = slot(i);
        return requests[s] > 0 ? requestTimeTotal[s] / (double) requests[s] : 0.0;
    }

    /** The largest per-sample p95 of request_time within point {@code i}. */
    public double requestTimeP95(int i) {
        return requestTimeP95[slot(i)];
    }

    public long status4xx(int i) {
        return status4xx[slot(i)];
    }

    public long status5xx(int i) {
        return status5xx[slot(i)];
    }

    /** Busy slot-seconds of point {@code i} (what its capacity utilisation is a share of). */
    double busySlotSeconds(int i) {
        return busySlotSeconds[slot(i)];
    }

    /** Available slot-seconds of point {@code i}. */
    double slotSeconds(int i) {
        return slotSeconds[slot(i)];
    }

    /** The sum of request times of point {@code i} (its mean times its requests). */
    double requestTimeTotal(int i) {
        return requestTimeTotal[slot(i)];
    }

    private int slot(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return (head + i) % start.length;
    }

    private void clear(int s) {
        samples[s] = 0;
        period[s] = 0;
        requests[s] = 0;
        busySlotSeconds[s] = 0;
        slotSeconds[s] = 0;
        cpuSeconds[s] = 0;
        rss[s] = 0;
        requestTimeTotal[s] = 0;
        requestTimeP95[s] = 0;
        status4xx[s] = 0;
        status5xx[s] = 0;
    }

    /** Doubles the columns (up to the capacity), unrolling the ring so that the oldest is at 0. */
    private void grow() {
        int n = Math.min(capacity, start.length * 2);
        start = unroll(start, n);
        lastStamp = unroll(lastStamp, n);
        samples = unroll(samples, n);
        period = unroll(period, n);
        requests = unroll(requests, n);
        busySlotSeconds = unroll(busySlotSeconds, n);
        slotSeconds = unroll(slotSeconds, n);
        cpuSeconds = unroll(cpuSeconds, n);
        rss = unroll(rss, n);
        requestTimeTotal = unroll(requestTimeTotal, n);
        requestTimeP95 = unroll(requestTimeP95, n);
        status4xx = unroll(status4xx, n);
        status5xx = unroll(status5xx, n);
        head = 0;
    }

    private double[] unroll(double[] a, int n) {
        double[] b = new double[n];
        for (int i = 0; i < size; i++) {
            b[i] = a[(head + i) % a.length];
        }
        return b;
    }

    private float[] unroll(float[] a, int n) {
        float[] b = new float[n];
        for (int i = 0; i < size; i++) {
            b[i] = a[(head + i) % a.length];
        }
        return b;
    }

    private long[] unroll(long[] a, int n) {
        long[] b = new long[n];
        for (int i = 0; i < size; i++) {
            b[i] = a[(head + i) % a.length];
        }
        return b;
    }

    private int[] unroll(int[] a, int n) {
        int[] b = new int[n];
        for (int i = 0; i < size; i++) {
            b[i] = a[(head + i) % a.length];
        }
        return b;
    }
}
