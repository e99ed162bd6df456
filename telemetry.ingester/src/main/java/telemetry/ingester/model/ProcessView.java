package telemetry.ingester.model;

import java.util.List;
import telemetry.wire.Datagram;

/**
 * One reporting process: identity, state, lifetime totals, its last periodic sample and its windows.
 *
 * @param key {@code pid@hostname}
 * @param pid process id
 * @param hostname host name ("" until a datagram carrying it arrived)
 * @param processGroup process group ("" when none was reported)
 * @param state lifecycle state
 * @param requestsTotal requests counted from every periodic sample
 * @param statusTotal lifetime requests per status class
 * @param drops datagrams lost from this process (sequence gaps)
 * @param modWsgiVersion reported version, or null
 * @param pythonVersion reported version, or null
 * @param apacheVersion reported version, or null
 * @param mpmName reported MPM, or null
 * @param interpreterName reported interpreter, or null
 * @param parentPid parent pid, -1 when not reported
 * @param interval configured reporting interval, NaN until a sample says
 * @param slowThreshold slow-request threshold, NaN until a sample says
 * @param switchInterval switch interval, NaN until a sample says
 * @param firstSeen ingester time first heard, epoch seconds
 * @param lastSeen ingester time last heard
 * @param firstSeq sequence number of the first datagram heard: drops before it are no gap this ingester saw
 * @param lastSeq sequence number last received
 * @param startedStamp stamp of the process_started record, NaN if none
 * @param shutdownReason last shutdown reason, or null
 * @param latest the last periodic sample (immutable), or null
 * @param windows 10 s, 1 min and 10 min, in that order
 * @param gc garbage collection beyond the windows, or null when the process never sent a GC record
 * @param changedVersion store version at which the process last changed
 */
public record ProcessView(
        String key,
        long pid,
        String hostname,
        String processGroup,
        ProcessState state,
        long requestsTotal,
        StatusCounts statusTotal,
        long drops,
        String modWsgiVersion,
        String pythonVersion,
        String apacheVersion,
        String mpmName,
        String interpreterName,
        long parentPid,
        double interval,
        double slowThreshold,
        double switchInterval,
        double firstSeen,
        double lastSeen,
        long firstSeq,
        long lastSeq,
        double startedStamp,
        String shutdownReason,
        Datagram latest,
        List<WindowView> windows,
        GcProcessView gc,
        long changedVersion) {

    /** The window {@code index} (0 = 10 s, 1 = 1 min, 2 = 10 min). */
    public WindowView window(int index) {
        return windows.get(index);
    }

    /**
     * The sample, gc_snapshot and pause counts of the three windows in one number: it changes whenever
     * a window's content does (records arriving or sliding out), which tells an incremental client to
     * resend it.
     */
    public long windowSignature() {
        long signature = 0;
        for (int i = 0; i < windows.size(); i++) {
            WindowView w = windows.get(i);
            long content = w.samples() + (w.gc() == null ? 0 : 31L * w.gc().snapshots() + 17 * w.gc().pauses());
            signature = signature * 1_000_003 + content;
        }
        return signature;
    }
}
