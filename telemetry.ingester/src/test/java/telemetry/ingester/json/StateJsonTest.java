package telemetry.ingester.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import telemetry.ingester.JsonTrees;
import telemetry.ingester.MutableClock;
import telemetry.ingester.model.StateView;
import telemetry.ingester.store.ReceiveCounters;
import telemetry.ingester.store.StoreLimits;
import telemetry.ingester.store.TelemetryStore;
import telemetry.testing.Datagrams;

class StateJsonTest {

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final TelemetryStore store = new TelemetryStore(clock, StoreLimits.defaults(Duration.ofMinutes(10)));
    private final ReceiveCounters counters = ReceiveCounters.of(store);
    private StateView sent = store.publish(counters);

    /** The update from the view the stream carried last to a new one. */
    private JsonNode update() {
        StateView now = store.publish(counters);
        JsonNode u = JsonTrees.parse(StateJson.update(sent, now, 1));
        sent = now;
        return u;
    }

    @Test
    void updatesCarryAProcessWhenItChangesOrItsWindowsSlide() {
        byte[] b = new Datagrams().sample(2, 1, "h", "g", new double[] {0.01}, new int[] {200});
        store.accept(b, 0, b.length);
        assertEquals(1, update().get("processes").size(), "a new process");
        assertEquals(0, update().get("processes").size(), "nothing changed");
        clock.advance(Duration.ofSeconds(3));
        byte[] a = new Datagrams().sample(1, 1, "h", "g", new double[] {0.02}, new int[] {200});
        store.accept(a, 0, a.length);
        JsonNode u = update();
        assertEquals(1, u.get("processes").size(), "only the one that reported");
        assertEquals(1, u.get("processes").get(0).get("pid").asLong());
        assertEquals(2, u.get("process_groups").get(0).get("processes").asInt(), "groups are always whole");
        clock.advance(Duration.ofSeconds(7)); // 10 s later: pid 2's sample leaves its 10 s window, pid 1's stays
        u = update();
        assertEquals(1, u.get("processes").size());
        assertEquals(2, u.get("processes").get(0).get("pid").asLong());
        assertEquals(
                0,
                u.get("processes")
                        .get(0)
                        .get("windows")
                        .get("10s")
                        .get("samples")
                        .asInt());
        assertEquals(0, update().get("processes").size(), "until the next window boundary");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(2, update().get("processes").size(), "both left their 1 min window");
        JsonNode snapshot = JsonTrees.parse(StateJson.snapshot(sent, "snapshot", 2, Map.of()));
        assertEquals(2, snapshot.get("processes").size());
    }

    @Test
    void updatesNameWhatWentAndCarryNewEventsOnce() {
        Datagrams make = new Datagrams();
        byte[] slow = make.slow(800, 1, "x", 1, 1.0, 1, 3.0, "/");
        store.accept(slow, 0, slow.length);
        byte[] started = make.started(801, 1, "h", "g");
        store.accept(started, 0, started.length);
        JsonNode u = update();
        assertEquals("800:x", u.get("slow_requests").get(0).get("key").asText());
        assertEquals(1, u.get("lifecycle_events").size());
        u = update();
        assertEquals(0, u.get("slow_requests").size(), "an unchanged record is not sent again");
        assertEquals(0, u.get("lifecycle_events").size(), "an event is sent once");
        assertEquals(1, store.clearCompletedSlow());
        u = update();
        assertEquals("800:x", u.get("removed_slow_requests").get(0).asText());
        assertEquals(0, u.get("removed_processes").size());
    }
}
