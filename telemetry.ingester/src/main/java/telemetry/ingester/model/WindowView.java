package telemetry.ingester.model;

import java.util.List;
import telemetry.wire.Phase;

/**
 * The aggregates of one time window (10 s, 1 min or 10 min) of a process or a process group.
 * Rates of a group are the sums of its processes' rates.
 *
 * @param name {@code 10s}, {@code 1m} or {@code 10m}
 * @param windowSeconds the window's length
 * @param samples periodic samples merged
 * @param sampleSeconds seconds covered by the samples
 * @param requestCount requests completed
 * @param throughput requests per second
 * @param capacityUtilization busy slot time over available slot time, 0..1
 * @param cpuUtilization CPU cores used on average
 * @param cpuUserUtilization user part
 * @param cpuSystemUtilization system part
 * @param memoryRss latest resident set size (a group: the sum of its processes' latest)
 * @param memoryMaxRss largest RSS of any sample
 * @param status completed requests per status class
 * @param processes processes merged (0 for a process window)
 * @param phases the phases reported, in {@link Phase} order
 * @param gc garbage collection over the window, or null when no GC record arrived in it
 */
public record WindowView(
        String name,
        int windowSeconds,
        int samples,
        double sampleSeconds,
        long requestCount,
        double throughput,
        double capacityUtilization,
        double cpuUtilization,
        double cpuUserUtilization,
        double cpuSystemUtilization,
        long memoryRss,
        long memoryMaxRss,
        StatusCounts status,
        int processes,
        List<PhaseView> phases,
        GcWindowView gc) {

    /** The phase, or null when no sample reported it. */
    public PhaseView phase(Phase phase) {
        for (PhaseView p : phases) {
            if (p.phase() == phase) {
                return p;
            }
        }
        return null;
    }
}
