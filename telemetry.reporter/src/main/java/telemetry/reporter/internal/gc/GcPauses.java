package telemetry.reporter.internal.gc;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import telemetry.wire.GcEvent;
import telemetry.wire.GcSnapshot;

/**
 * The JVM's collector pauses, heard from the platform's GC notifications, handed to the reporter
 * thread once per tick as one {@link GcSnapshot} and at most {@link #EVENTS_PER_TICK} {@link GcEvent}s.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>The JVM sends a notification after each pause on its own service thread; request threads
 * never run any of this. The listener only classifies the pause ({@link PauseClass}) and adds it
 * under this object's lock.</li>
 * <li>Counters (pauses and bytes reclaimed per class, events left out) are cumulative from
 * {@link #start()} and count every pause, sent or not. A pause is ours when its collection number
 * ({@code GcInfo.getId()}) is past the collector's count when we began listening, so a notification
 * of an earlier pause delivered late is not counted. Pauses beyond {@link #EVENTS_PER_TICK} in one
 * tick are counted as dropped (field 317), the earlier ones kept.</li>
 * <li>{@link #takeTick()} and the getters are for one thread, the reporter's; the getters read the
 * figures of the last {@code takeTick()}.</li>
 * <li>{@link #close()} removes the listener from every collector; it is idempotent and may be
 * called from any thread, so whichever of the reporter thread and the thread stopping it comes last
 * leaves nothing registered.</li>
 * </ol>
 */
public final class GcPauses implements GcSnapshot, AutoCloseable {

    /** Pause events sent per tick at most; the rest are counted in {@code gc_dropped_events}. */
    public static final int EVENTS_PER_TICK = 64;

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::notified;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Per collector, the collections it had made when we began listening: earlier ones are not ours. */
    private final Map<String, Long> countedAfter = new ConcurrentHashMap<>();

    private final long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final MemoryPoolMXBean[] heapPools;
    private final String[] heapPoolNames;
    private final int[] heapPoolRoles;

    // Written by the notification thread, under the lock.
    private final long[] collections = new long[3];
    private final long[] collected = new long[3];
    private long dropped;
    private final Pause[] pending = newPauses();
    private int pendingCount;

    // The last tick's figures: reporter thread only.
    private final long[] tickCollections = new long[3];
    private final long[] tickCollected = new long[3];
    private final long[] used = new long[3];
    private final long[] committed = new long[3];
    private long tickDropped;
    private final Pause[] tick = newPauses();

    private GcPauses() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pools.add(pool);
            }
        }
        heapPools = pools.toArray(new MemoryPoolMXBean[0]);
        heapPoolNames = new String[heapPools.length];
        heapPoolRoles = new int[heapPools.length];
        for (int i = 0; i < heapPools.length; i++) {
            heapPoolNames[i] = heapPools[i].getName();
            heapPoolRoles[i] = PoolRole.of(heapPoolNames[i]);
        }
    }

    /**
     * Starts listening to every collector of this JVM.
     *
     * @return the pauses from now on, or {@code null} when this runtime has no GC notifications
     *         ({@code com.sun.management} not visible to the bundle)
     */
    public static GcPauses start() {
        try {
            Class.forName(
                    "com.sun.management.GarbageCollectionNotificationInfo", false, GcPauses.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        GcPauses pauses = new GcPauses();
        try {
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    pauses.emitters.add(emitter);
                    emitter.addNotificationListener(pauses.listener, null, null);
                    // Read after adding: a pause is either before this count or heard by the listener.
                    pauses.countedAfter.put(collector.getName(), collector.getCollectionCount());
                }
            }
        } catch (RuntimeException e) {
            pauses.close(); // whatever was added goes again: reporting goes on without gc records
            return null;
        }
        return pauses;
    }

    /** Removes the listener from every collector; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // never added or already gone: nothing left to remove
            }
        }
    }

    private void notified(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        try {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            GcInfo gc = info.getGcInfo();
            Long before = countedAfter.get(info.getGcName());
            if (before == null || gc.getId() <= before) {
                return; // a pause from before we listened, delivered late
            }
            Map<String, MemoryUsage> usedBefore = gc.getMemoryUsageBeforeGc();
            Map<String, MemoryUsage> usedAfter = gc.getMemoryUsageAfterGc();
            long reclaimed = 0;
            long oldBefore = 0;
            long oldAfter = 0;
            for (int i = 0; i < heapPoolNames.length; i++) {
                MemoryUsage b = usedBefore.get(heapPoolNames[i]);
                MemoryUsage a = usedAfter.get(heapPoolNames[i]);
                if (b == null || a == null) {
                    continue;
                }
                reclaimed += b.getUsed() - a.getUsed();
                if (heapPoolRoles[i] == 2) {
                    oldBefore += b.getUsed();
                    oldAfter += a.getUsed();
                }
            }
            int pauseClass = PauseClass.of(info.getGcName(), info.getGcAction(), oldAfter < oldBefore);
            if (pauseClass != PauseClass.NOT_A_PAUSE) {
                add(
                        pauseClass,
                        (jvmStartMillis + gc.getStartTime()) / 1000.0,
                        gc.getDuration() / 1000.0,
                        Math.max(0, reclaimed));
            }
        } catch (RuntimeException | LinkageError e) {
            // Nothing may escape: the JDK stops notifying the collector's other listeners when one throws.
        }
    }

    private synchronized void add(int pauseClass, double startStamp, double duration, long reclaimed) {
        collections[pauseClass]++;
        collected[pauseClass] += reclaimed;
        if (pendingCount == EVENTS_PER_TICK) {
            dropped++;
            return;
        }
        pending[pendingCount++].set(startStamp, duration, pauseClass, reclaimed);
    }

    /**
     * Takes the pauses since the last call and the counters as they are now, and reads the heap
     * pools' use. Reporter thread only.
     *
     * @return how many events {@link #event} holds for this tick (at most {@link #EVENTS_PER_TICK})
     */
    public int takeTick() {
        int events;
        synchronized (this) {
            events = pendingCount;
            for (int i = 0; i < events; i++) {
                tick[i].set(pending[i]);
            }
            pendingCount = 0;
            System.arraycopy(collections, 0, tickCollections, 0, 3);
            System.arraycopy(collected, 0, tickCollected, 0, 3);
            tickDropped = dropped;
        }
        java.util.Arrays.fill(used, 0);
        java.util.Arrays.fill(committed, 0);
        for (int i = 0; i < heapPools.length; i++) {
            MemoryUsage u = heapPools[i].getUsage();
            if (u != null) {
                used[heapPoolRoles[i]] += u.getUsed();
                committed[heapPoolRoles[i]] += u.getCommitted();
            }
        }
        return events;
    }

    /** Event {@code i} of the last {@link #takeTick()}, in the order the pauses were heard. */
    public GcEvent event(int i) {
        return tick[i];
    }

    @Override
    public long count(int generation) {
        return used[generation];
    }

    @Override
    public long threshold(int generation) {
        return committed[generation];
    }

    @Override
    public long collections(int generation) {
        return tickCollections[generation];
    }

    @Override
    public long collected(int generation) {
        return tickCollected[generation];
    }

    @Override
    public long droppedEvents() {
        return tickDropped;
    }

    private static Pause[] newPauses() {
        Pause[] pauses = new Pause[EVENTS_PER_TICK];
        for (int i = 0; i < pauses.length; i++) {
            pauses[i] = new Pause();
        }
        return pauses;
    }

    /** One pause, reused from tick to tick. */
    private static final class Pause implements GcEvent {
        private double startStamp;
        private double duration;
        private long generation;
        private long collected;

        void set(double startStamp, double duration, long generation, long collected) {
            this.startStamp = startStamp;
            this.duration = duration;
            this.generation = generation;
            this.collected = collected;
        }

        void set(Pause p) {
            set(p.startStamp, p.duration, p.generation, p.collected);
        }

        @Override
        public double startStamp() {
            return startStamp;
        }

        @Override
        public double duration() {
            return duration;
        }

        @Override
        public long generation() {
            return generation;
        }

        @Override
        public long collected() {
            return collected;
        }
    }
}
