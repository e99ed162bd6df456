package telemetry.ingester.top;

import java.util.Map;

/** The read-only figures {@code top} shows, as the ingester computed them (one truth for every client). */
public final class Stats {

    /** The window names the ingester aggregates over, in the order of the arrays below. */
    public static final String[] WINDOWS = {"10s", "1m", "10m"};

    /** The request phases of the wire format, in the order the latency view cycles through them. */
    public static final String[] PHASES = {
        "request_time", "application_time", "server_time", "input_read_time", "output_write_time"
    };

    private Stats() {}

    /** One phase in one window: exact count/min/max, mean, percentiles and (group windows) the 65 buckets. */
    public record Phase(
            long count, double mean, double min, double max, double p50, double p95, double p99, long[] buckets) {
        static final Phase NONE = new Phase(0, 0, 0, 0, 0, 0, 0, null);
    }

    /** One window of a process or a group. {@code statuses} holds the 1xx..5xx counts. */
    public record Window(
            double throughput,
            double capacity,
            double cpu,
            double rss,
            long requests,
            long[] statuses,
            Map<String, Phase> phases) {
        static final Window NONE = new Window(0, 0, 0, 0, 0, new long[5], Map.of());

        public Phase phase(String name) {
            return phases.getOrDefault(name, Phase.NONE);
        }
    }

    /** GC figures of one process (wire-format fields 300–317), per pause class 0 young, 1 mixed, 2 full. */
    public record Gc(
            long[] used,
            long[] committed,
            long[] collections,
            long[] collected,
            double[] perSecond,
            long droppedEvents) {}

    /** One reporting process. Slot arrays come from its latest sample; windows are 10 s, 1 min, 10 min. */
    public record Process(
            String key,
            long pid,
            String host,
            String group,
            String state,
            long requestsTotal,
            long drops,
            double samplePeriod,
            double slowThreshold,
            double[] slotBusy,
            double[] slotElapsed,
            Window[] windows,
            Gc gc) {
        public Window window(int i) {
            return windows[i];
        }
    }

    /** One process group with its merged windows. */
    public record Group(String name, int processes, Window[] windows) {}

    /** One slow-request record; {@code duration} is the elapsed time so far while it is active. */
    public record Slow(
            String key,
            long pid,
            String group,
            String state,
            String method,
            String path,
            long status,
            double duration,
            double start,
            String logId,
            long threadId) {
        public boolean active() {
            return "active".equals(state);
        }
    }

    /** One lifecycle event (process_started, process_stopping, process_stopped). */
    public record Event(long id, String kind, long pid, double stamp, String host, String group, String reason) {}

    /** The ingester's own health counters. */
    public record Health(long received, long decodeErrors, long drops, long queueStalls, long ringOverflows) {
        static final Health NONE = new Health(0, 0, 0, 0, 0);
    }
}
