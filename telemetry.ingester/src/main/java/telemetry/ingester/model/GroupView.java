package telemetry.ingester.model;

import java.util.List;

/**
 * A process group now: how many of its processes are in each state, and its windows merged over
 * them (with histograms).
 *
 * @param name the group ("" for processes that reported none)
 * @param running processes running
 * @param stopping processes stopping
 * @param stopped processes stopped
 * @param stale processes stale
 * @param requestsTotal sum of its processes' lifetime request counts
 * @param windows 10 s, 1 min and 10 min, each carrying merged buckets
 */
public record GroupView(
        String name, int running, int stopping, int stopped, int stale, long requestsTotal, List<WindowView> windows) {

    /** The window {@code index} (0 = 10 s, 1 = 1 min, 2 = 10 min). */
    public WindowView window(int index) {
        return windows.get(index);
    }

    public int processes() {
        return running + stopping + stopped + stale;
    }

    /** Processes in {@code state}. */
    public int count(ProcessState state) {
        return switch (state) {
            case RUNNING -> running;
            case STOPPING -> stopping;
            case STOPPED -> stopped;
            case STALE -> stale;
        };
    }
}
