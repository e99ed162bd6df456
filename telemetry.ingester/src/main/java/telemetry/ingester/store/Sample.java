package telemetry.ingester.store;

/**
 * One periodic sample as kept in a process's history (for charts): the scalar values only; the
 * histograms live in the process's windows.
 *
 * @param received ingester time of receipt, epoch seconds
 * @param stamp the sender's stamp
 */
public record Sample(double received, double stamp, double period, long requests, double throughput,
        double capacity, double cpu, long rss, double requestTimeMean, double requestTimeP95,
        long status4xx, long status5xx) {
}
