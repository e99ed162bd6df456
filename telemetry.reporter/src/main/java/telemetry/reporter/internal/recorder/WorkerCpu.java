package telemetry.reporter.internal.recorder;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU time of the worker threads, per reported slot (array 112), read by the reader once per
 * interval from each thread's CPU clock, so that request threads read no CPU clock for it.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 * <li>A thread that starts serving in another slot than before says so ({@link #serving}); a
 * thread pool settles on one slot per thread, so this is rare. Its first time, the thread reads its
 * own CPU clock once: what it used before it first served a request is not counted.</li>
 * <li>At each read the reader credits every worker thread's CPU since the previous read to the
 * slot the thread serves in now: each thread's CPU is counted once, in-flight requests included, as
 * is the HTTP server's own work on that thread between requests.</li>
 * <li>What a thread used after the last read before it ended is not counted; ended threads are
 * dropped at the next read.</li>
 * <li>{@link #addTo} is reader-owned (called under the recorder's reader lock); {@link #serving} is
 * called by request threads, each only for itself.</li>
 * </ol>
 */
final class WorkerCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = supported();

    private final ConcurrentHashMap<Thread, Worker> workers = new ConcurrentHashMap<>();

    /** The calling thread serves requests in slot {@code index} from now on. */
    void serving(Thread thread, int index) {
        Worker w = workers.get(thread);
        if (w == null) {
            w = new Worker(thread, SUPPORTED ? THREADS.getCurrentThreadCpuTime() : 0);
            workers.put(thread, w); // only the thread itself puts its key
        }
        w.slot = index;
    }

    /** Adds, in seconds, each worker thread's CPU time since the previous read to its slot's entry. */
    void addTo(double[] slotCpu, int slots) {
        if (!SUPPORTED) {
            return;
        }
        for (Iterator<Worker> it = workers.values().iterator(); it.hasNext(); ) {
            Worker w = it.next();
            long now = THREADS.getThreadCpuTime(w.threadId);
            if (now < 0) {
                it.remove(); // the thread has ended
                continue;
            }
            long used = now - w.lastRead;
            w.lastRead = now;
            int index = w.slot;
            if (index < slots && used > 0) {
                slotCpu[index] += used / 1e9;
            }
        }
    }

    private static final class Worker {
        final long threadId;
        /** The slot the thread serves in. */
        volatile int slot;
        /** The thread's CPU clock at the previous read (reader-owned after construction). */
        long lastRead;

        @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
        Worker(Thread thread, long clock) {
            this.threadId = thread.getId();
            this.lastRead = clock;
        }
    }

    private static boolean supported() {
        try {
            return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }
}
