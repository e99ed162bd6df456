package telemetry.ingester.cli;

import java.util.Locale;
import telemetry.ingester.model.GcPause;
import telemetry.ingester.model.HeapPoolView;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;

/**
 * The readable tail {@code dump} adds to a GC record's line: for a gc_event the pause class, its
 * length in milliseconds and what it reclaimed; for a gc_snapshot each heap pool's use and the
 * pauses per class so far. Only numbers from the datagram: nothing to escape.
 */
final class GcText {

    private static final Field[] USED = {Field.GC_COUNT0, Field.GC_COUNT1, Field.GC_COUNT2};
    private static final Field[] COMMITTED = {Field.GC_THRESHOLD0, Field.GC_THRESHOLD1, Field.GC_THRESHOLD2};
    private static final Field[] COLLECTIONS = {Field.GC_COLLECTIONS0, Field.GC_COLLECTIONS1, Field.GC_COLLECTIONS2};

    private GcText() {}

    /** {@code " | ..."} for a gc_snapshot or gc_event, "" for any other record. */
    static String suffix(Datagram d) {
        if (d.kind() == Kind.GC_EVENT) {
            long generation = d.longValue(Field.GC_EVENT_GENERATION, -1);
            String name = generation >= 0 && generation < GcPause.GENERATIONS.size()
                    ? GcPause.GENERATIONS.get((int) generation)
                    : "class " + Long.toUnsignedString(generation);
            return String.format(
                    Locale.ROOT,
                    " | %s pause %.3f ms, reclaimed %s",
                    name,
                    d.doubleValue(Field.GC_EVENT_DURATION, Double.NaN) * 1000,
                    mib(d.longValue(Field.GC_EVENT_COLLECTED, 0)));
        }
        if (d.kind() == Kind.GC_SNAPSHOT) {
            StringBuilder out = new StringBuilder(" |");
            for (int pool = 0; pool < 3; pool++) {
                long used = d.longValue(USED[pool], 0);
                long committed = d.longValue(COMMITTED[pool], 0);
                out.append(' ')
                        .append(HeapPoolView.POOLS.get(pool))
                        .append(' ')
                        .append(mib(used))
                        .append('/')
                        .append(mib(committed));
                if (committed > 0) {
                    out.append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * used / committed));
                }
                out.append(',');
            }
            out.append(" pauses");
            for (int c = 0; c < 3; c++) {
                out.append(' ')
                        .append(GcPause.GENERATIONS.get(c))
                        .append(' ')
                        .append(Long.toUnsignedString(d.longValue(COLLECTIONS[c], 0)));
            }
            long dropped = d.longValue(Field.GC_DROPPED_EVENTS, 0);
            if (dropped != 0) {
                out.append(", events dropped ").append(Long.toUnsignedString(dropped));
            }
            return out.toString();
        }
        return "";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
