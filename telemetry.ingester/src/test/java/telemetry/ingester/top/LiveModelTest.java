package telemetry.ingester.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import telemetry.ingester.top.Stats.Process;

class LiveModelTest {

    private long clock = 1_000;
    private final LiveModel model = new LiveModel("ws://127.0.0.1:1/ws", () -> clock);

    private static List<Long> pids(TopState s) {
        return s.processes().stream().map(Process::pid).toList();
    }

    @Test
    void aSnapshotReplacesEverythingAndUpdatesMerge() throws Exception {
        assertTrue(model.apply(Messages.snapshot(1)
                .process(11, "a", 5, 0.1, 50)
                .process(12, "b", 6, 0.2, 60)
                .slow(11, "a", "active", "/x", 3)
                .event(1, "process_started", 11, "a", null)
                .json()));
        TopState s = model.state(true);
        assertEquals(List.of(11L, 12L), pids(s));
        assertEquals(1000, s.lastMessageMillis());
        assertEquals(1234, s.health().received());
        assertEquals(60, s.processes().get(1).requestsTotal());
        assertEquals(0.2, s.processes().get(1).window(0).phase("request_time").p95());

        clock = 2_000;
        assertTrue(model.apply(Messages.update(2)
                .process(13, "a", 1, 0.1, 1)
                .process(12, "b", 7, 0.2, 70)
                .removed("removed_processes", "11@host")
                .removed("removed_slow_requests", "11:/x")
                .event(2, "process_stopped", 11, "a", "restart")
                .json()));
        s = model.state(true);
        assertEquals(List.of(12L, 13L), pids(s), "11 removed, 13 added, 12 replaced");
        assertEquals(70, s.processes().get(0).requestsTotal());
        assertTrue(s.slow().isEmpty());
        assertEquals(
                List.of("process_stopped", "process_started"),
                s.events().stream().map(e -> e.kind()).toList(),
                "newest first");
        assertEquals(2000, s.lastMessageMillis());

        assertTrue(model.apply(Messages.snapshot(9).process(20, "c", 1, 0.1, 1).json()));
        assertEquals(List.of(20L), pids(model.state(true)), "a snapshot forgets what it does not carry");
        assertTrue(model.state(true).events().isEmpty());
    }

    @Test
    void anUpdateThatCannotBeAppliedAsksForASnapshot() throws Exception {
        assertFalse(model.apply(Messages.update(1).process(11, "a", 5, 0.1, 50).json()), "no snapshot yet");
        assertTrue(model.state(true).processes().isEmpty());
        assertTrue(model.apply(Messages.snapshot(4).json()));
        assertFalse(model.apply(Messages.update(6).process(11, "a", 5, 0.1, 50).json()), "seq 5 was lost");
        assertTrue(model.state(true).processes().isEmpty());
        assertFalse(model.apply(Messages.update(7).json()), "still waiting for a snapshot");
        assertTrue(model.apply(Messages.snapshot(8).json()));
        assertTrue(model.apply(Messages.update(9).json()));
        model.resync();
        assertFalse(model.apply(Messages.update(10).json()), "after a reconnect the first message must be a snapshot");
    }

    @Test
    void gcFieldsAreReadWhenPresentAndRatesComeFromConsecutiveMessages() throws Exception {
        model.apply(Messages.snapshot(1)
                .process(11, "a", 5, 0.1, 50)
                .gc(10, 100, 30, 300, 40)
                .process(12, "a", 1, 0.1, 1)
                .json());
        TopState s = model.state(true);
        assertEquals(40, s.processes().get(0).gc().collections()[0]);
        assertEquals(300, s.processes().get(0).gc().committed()[2]);
        assertNull(s.processes().get(1).gc(), "no GC fields, no GC data");
        Messages next = Messages.update(2).process(11, "a", 5, 0.1, 50).gc(10, 100, 30, 300, 50);
        next.root.put("now", Messages.NOW + 2);
        model.apply(next.json());
        assertEquals(5.0, model.state(true).processes().get(0).gc().perSecond()[0], 1e-9, "10 pauses in 2 s");
    }

    @Test
    void stringsAreCleanedOnTheWayIn() throws Exception {
        model.apply(Messages.snapshot(1)
                .process(11, "grp\u001b[2J", 5, 0.1, 50)
                .slow(11, "grp", "completed", "/p\u001b]0;pwned\u0007", 3)
                .json());
        TopState s = model.state(true);
        assertEquals("grp?[2J", s.processes().get(0).group());
        assertEquals("/p?]0;pwned?", s.slow().get(0).path());
    }
}
