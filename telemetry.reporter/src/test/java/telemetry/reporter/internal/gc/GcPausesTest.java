package telemetry.reporter.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The listener's life in this JVM: it hears a pause while started and nothing once closed. */
class GcPausesTest {

    @Test
    void hearsPausesUntilClosedAndNothingAfter() throws Exception {
        GcPauses pauses = GcPauses.start();
        assertNotNull(pauses, "this JVM has GC notifications");
        try {
            awaitFullPause(); // our listener was added first, so it has heard this pause when the probe has
            pauses.takeTick();
            assertTrue(pauses.collections(PauseClass.FULL) >= 1, "System.gc() is a full pause");
            assertTrue(pauses.count(2) > 0 && pauses.threshold(2) >= pauses.count(2), "old pools in use and committed");
        } finally {
            pauses.close();
        }
        long full = pauses.collections(PauseClass.FULL);
        awaitFullPause(); // heard by a listener added after close: ours would have heard it before
        int events = pauses.takeTick();
        assertEquals(full, pauses.collections(PauseClass.FULL), "a closed listener hears nothing");
        assertEquals(0, events);
        pauses.close(); // idempotent
    }

    /** Runs a System.gc() and waits until a listener added now has heard it. */
    private static void awaitFullPause() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        NotificationListener probe = (n, h) -> {
            if ("System.gc()"
                    .equals(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                            .getGcCause())) {
                heard.countDown();
            }
        };
        var emitters = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> (NotificationEmitter) (GarbageCollectorMXBean) b)
                .toList();
        emitters.forEach(e -> e.addNotificationListener(probe, null, null));
        try {
            System.gc();
            assertTrue(heard.await(10, TimeUnit.SECONDS), "the JVM notified the pause");
        } finally {
            for (NotificationEmitter e : emitters) {
                e.removeNotificationListener(probe);
            }
        }
    }
}
