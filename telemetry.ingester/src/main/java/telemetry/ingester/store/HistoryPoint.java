package telemetry.ingester.store;

/**
 * One point of a process's history (for charts): the samples received within one resolution step
 * merged, so that a process never holds more than about 600 points whatever its reporting rate
 * (resolution = max(1 s, retention / 600)). Mutated by the store's writer under the store's lock.
 */
public final class HistoryPoint {

    final double start;
    double lastStamp;
    int samples;
    double periodSeconds;
    long requests;
    double busySlotSeconds;
    double slotSeconds;
    double cpuSeconds;
    long rss;
    double requestTimeTotal;
    double requestTimeP95Max;
    long status4xx;
    long status5xx;

    HistoryPoint(double start) {
        this.start = start;
    }

    void add(WindowAccumulator.SampleFacts f, double stamp, double requestTimeMean, double requestTimeP95) {
        samples++;
        lastStamp = stamp;
        periodSeconds += f.period;
        requests += f.requests;
        busySlotSeconds += f.capacity * f.period * f.slots;
        slotSeconds += f.period * f.slots;
        cpuSeconds += f.cpu * f.period;
        rss = f.rss;
        requestTimeTotal += requestTimeMean * f.requests;
        requestTimeP95Max = Math.max(requestTimeP95Max, requestTimeP95);
        status4xx += f.status[3];
        status5xx += f.status[4];
    }

    /** Start of the step, ingester time in epoch seconds. */
    public double start() {
        return start;
    }

    /** The sender's stamp of the last sample merged in. */
    public double lastStamp() {
        return lastStamp;
    }

    public int samples() {
        return samples;
    }

    public long requests() {
        return requests;
    }

    public double throughput() {
        return periodSeconds > 0 ? requests / periodSeconds : 0.0;
    }

    public double capacityUtilization() {
        return slotSeconds > 0 ? busySlotSeconds / slotSeconds : 0.0;
    }

    public double cpuUtilization() {
        return periodSeconds > 0 ? cpuSeconds / periodSeconds : 0.0;
    }

    /** RSS of the last sample merged in. */
    public long memoryRss() {
        return rss;
    }

    public double requestTimeMean() {
        return requests > 0 ? requestTimeTotal / requests : 0.0;
    }

    /** The largest per-sample p95 of request_time in the step. */
    public double requestTimeP95() {
        return requestTimeP95Max;
    }

    public long status4xx() {
        return status4xx;
    }

    public long status5xx() {
        return status5xx;
    }
}
