package telemetry.ingester.top;

import java.util.List;
import java.util.Map;
import telemetry.ingester.top.Stats.Event;
import telemetry.ingester.top.Stats.Group;
import telemetry.ingester.top.Stats.Health;
import telemetry.ingester.top.Stats.Process;
import telemetry.ingester.top.Stats.Slow;

/**
 * What {@code top} knows at one moment, immutable: the renderer draws it, and pausing keeps one.
 *
 * @param source the ingester's WebSocket URL
 * @param connected whether the WebSocket is open now
 * @param lastMessageMillis local wall-clock time of the last message (0 before the first)
 * @param now the ingester's clock in the last message (epoch seconds)
 * @param history per group, the 10 s throughput, capacity, CPU and RSS at each message, oldest first
 */
public record TopState(
        String source,
        boolean connected,
        long lastMessageMillis,
        double now,
        Health health,
        List<Process> processes,
        List<Group> groups,
        List<Slow> slow,
        List<Event> events,
        Map<String, double[][]> history) {

    /** Series in {@link #history}. */
    public static final int THROUGHPUT = 0;

    public static final int CAPACITY = 1;
    public static final int CPU = 2;
    public static final int RSS = 3;

    public static TopState empty(String source) {
        return new TopState(source, false, 0, 0, Health.NONE, List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    public boolean hasData() {
        return lastMessageMillis > 0;
    }

    public TopState withConnection(boolean nowConnected) {
        return new TopState(
                source, nowConnected, lastMessageMillis, now, health, processes, groups, slow, events, history);
    }
}
