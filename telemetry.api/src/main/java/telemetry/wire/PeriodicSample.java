package telemetry.wire;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The values of one periodic datagram (kind 2) after the identity, as {@link RecordWriter#periodic}
 * reads them. Names are the canonical field names; wire-format.md says what each means. Only the
 * phases of {@link Phase#REPORTED} are asked for. Array getters may return arrays longer than
 * {@link #slots()}: only the first {@code slots()} elements are written.
 */
@ConsumerType
public interface PeriodicSample {

    /** Field 10: measured seconds since the previous sample. */
    double samplePeriod();

    /** Field 11: configured interval in seconds. */
    double telemetryInterval();

    /** Field 12: configured slow threshold in seconds, 0 when slow reporting is off. */
    double slowRequestsThreshold();

    /** Field 20. */
    long requestCount();

    /** Field 21: requests per second. */
    double requestThroughput();

    /** Field 22. */
    double capacityUtilization();

    /** Field 30 (field 32 is written as 30 + 31). */
    double cpuUserUtilization();

    /** Field 31. */
    double cpuSystemUtilization();

    /** Field 40, bytes. */
    long memoryRss();

    /** Field 41, bytes. */
    long memoryMaxRss();

    /** Field 50. */
    long requestThreadsMaximum();

    /** Field 51. */
    long requestThreadsStarted();

    /** Field 52. */
    long requestThreadsActive();

    /** Mean of a phase (60+), seconds; 0 on an idle interval. */
    double mean(Phase phase);

    /** Exact minimum of a phase (70+), seconds; read only when {@link #requestCount()} is not 0. */
    double min(Phase phase);

    /** Exact maximum of a phase (80+), seconds; read only when {@link #requestCount()} is not 0. */
    double max(Phase phase);

    /** The {@link LatencyBuckets#COUNT} counts of a phase (90+), each saturated to the i32 range on the wire. */
    long[] buckets(Phase phase);

    /** Field 100. */
    long inputBytesTotal();

    /** Field 101. */
    long inputReadsTotal();

    /** Field 102. */
    long outputBytesTotal();

    /** Field 103. */
    long outputWritesTotal();

    /** Fields 120–124: responses of status class {@code hundreds} (1 to 5). */
    long statusTotal(int hundreds);

    /** Length of the per-slot arrays 110–114 (at most {@link WireFormat#MAX_SLOTS}). */
    int slots();

    /** Field 110. */
    int[] requestThreadsCompleted();

    /** Field 111, seconds. */
    double[] requestThreadsBusyTime();

    /** Field 112, seconds. */
    double[] requestThreadsCpuTime();

    /** Field 113, seconds. */
    double[] requestThreadsCurrentElapsed();

    /** Field 114, seconds. */
    double[] requestThreadsMaxDuration();
}
