package telemetry.ingester.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import telemetry.ingester.top.ViewState.View;
import telemetry.wire.LatencyBuckets;

/** The screens as text: state and choices in, lines out, no terminal. */
class RendererTest {

    private static final long CLOCK = 5_000_000;
    private final Renderer renderer = new Renderer(Palette.colors(), ZoneOffset.UTC);
    private final ViewState view = new ViewState();
    private TopState state;

    @BeforeEach
    void feed() throws Exception {
        long[] buckets = new long[LatencyBuckets.COUNT];
        buckets[LatencyBuckets.index(0.003)] = 10;
        buckets[LatencyBuckets.index(0.030)] = 80;
        buckets[LatencyBuckets.index(0.400)] = 10;
        LiveModel model = new LiveModel("ws://127.0.0.1:8888/ws", () -> CLOCK);
        model.apply(Messages.snapshot(1)
                .process(103, "shop", 30.5, 0.120, 3000)
                .process(101, "shop", 10.25, 0.080, 1000)
                .process(202, "api", 20.75, 0.300, 2000)
                .group("shop", 2, 40.75, buckets)
                .group("api", 1, 20.75, buckets)
                .slow(101, "shop", "completed", "/shop/checkout/pay", 4.5)
                .slow(103, "shop", "active", "/shop/cart", 2.5)
                .slow(202, "api", "completed", "/api/orders", 9.0)
                .event(1, "process_started", 101, "shop", null)
                .event(2, "process_stopping", 99, "api", "max_requests")
                .json());
        state = model.state(true);
    }

    private List<String> screen(int width, int height) {
        return Renderer.text(renderer.render(state, view, width, height, CLOCK, false));
    }

    /** The pids in the table rows, top to bottom. */
    private static List<Long> pidColumn(List<String> lines, int column) {
        List<Long> pids = new ArrayList<>();
        boolean inTable = false;
        for (String l : lines) {
            if (l.contains("PID")) {
                inTable = true;
                continue;
            }
            String[] cells = l.trim().split("\\s+");
            if (inTable && cells.length > column && cells[column].matches("\\d+")) {
                pids.add(Long.parseLong(cells[column]));
            }
        }
        return pids;
    }

    @Test
    void everyViewFillsTheScreenExactlyAtBothSizes() {
        for (int[] size : new int[][] {{120, 40}, {80, 24}, {60, 14}}) {
            for (View v : View.values()) {
                view.show(v);
                List<AttributedString> lines = renderer.render(state, view, size[0], size[1], CLOCK, false);
                assertEquals(size[1], lines.size(), v + " at " + size[0] + "x" + size[1]);
                for (AttributedString l : lines) {
                    assertTrue(l.columnLength() <= size[0], v + ": " + l);
                }
            }
        }
    }

    @Test
    void theHeaderShowsTotalsOfTheScopeAndTheConnection() {
        List<String> s = screen(120, 40);
        assertTrue(s.get(0).contains("ws://127.0.0.1:8888/ws") && s.get(0).endsWith(" LIVE "), s.get(0));
        assertTrue(s.get(1).contains("req/s 61.5 now"), s.get(1));
        assertTrue(s.get(1).contains("25.0%"), "capacity weighted by processes: " + s.get(1));
        assertTrue(s.get(2).contains("5xx 2") && s.get(2).contains("slow 1 active / 3"), s.get(2));
        assertTrue(s.get(3).contains("processes 3 (3 running) in 2 groups on 1 host"), s.get(3));
        assertTrue(s.get(3).contains("1,234 datagrams") && s.get(3).contains("2 dropped"), s.get(3));

        List<String> old =
                Renderer.text(renderer.render(state.withConnection(false), view, 120, 40, CLOCK + 12_400, false));
        assertTrue(old.get(0).endsWith(" disconnected, data 12 s old "), old.get(0));
        List<String> paused = Renderer.text(renderer.render(state, view, 120, 40, CLOCK, true));
        assertTrue(paused.get(0).endsWith(" PAUSED "), paused.get(0));
    }

    @Test
    void processesSortByTheChosenColumnBothWays() {
        view.show(View.PROCESSES);
        List<String> s = screen(120, 40);
        assertEquals(List.of(103L, 202L, 101L), pidColumn(s, 0), "by req/s, largest first");
        assertTrue(String.join("\n", s).contains("▼REQ/S"));
        int[] shape = renderer.sortShape(View.PROCESSES);
        for (int i = 0; i < 4; i++) {
            view.moveSort(-1, shape[1], shape[0]);
        }
        assertEquals(List.of(202L, 103L, 101L), pidColumn(screen(120, 40), 0), "by pid, descending");
        view.reverse(true);
        assertEquals(List.of(101L, 103L, 202L), pidColumn(screen(120, 40), 0), "by pid, ascending");
        view.moveSort(1, shape[1], shape[0]);
        view.moveSort(1, shape[1], shape[0]);
        assertTrue(String.join("\n", screen(120, 40)).contains("GROUP▲"));
        assertEquals(List.of(202L, 101L, 103L), pidColumn(screen(120, 40), 0), "by group, ties in pid order");
    }

    @Test
    void theProcessesTableShowsTheFiguresOfTheWindow() {
        view.show(View.PROCESSES);
        String row = screen(120, 40).stream()
                .filter(l -> l.trim().startsWith("101 "))
                .findFirst()
                .orElseThrow();
        assertTrue(
                row.matches(
                        "\\s+101 host\\s+shop\\s+running\\s+10\\.3\\s+25\\.0\\s+0\\.50\\s+200\\.0\\s+80\\.0\\s+1\\s+1000\\s*"),
                row);
    }

    @Test
    void theGroupFilterCyclesThroughTheGroupsAndBack() {
        view.show(View.PROCESSES);
        List<String> groups = List.of("api", "shop");
        view.nextGroup(groups);
        List<String> s = screen(120, 40);
        assertEquals(List.of(202L), pidColumn(s, 0));
        assertTrue(s.get(0).contains("scope group api"), s.get(0));
        assertTrue(s.get(1).contains("req/s 20.8 now"), s.get(1));
        view.nextGroup(groups);
        assertEquals(List.of(103L, 101L), pidColumn(screen(120, 40), 0));
        view.nextGroup(groups);
        assertEquals(3, pidColumn(screen(120, 40), 0).size(), "back to all groups");
    }

    @Test
    void searchNarrowsTheSlowListAndTheStateFilterToo() {
        view.show(View.SLOW);
        assertEquals(List.of(202L, 101L, 103L), pidColumn(screen(120, 40), 4), "longest first");
        view.startSearch();
        for (char c : "SHOP/".toCharArray()) {
            view.type(c);
        }
        assertTrue(screen(120, 40).get(39).contains("search path: SHOP/"), "the prompt shows what is typed");
        view.type('\r');
        List<String> s = screen(120, 40);
        assertEquals(List.of(101L, 103L), pidColumn(s, 4), "paths containing shop/, any case");
        assertTrue(s.get(39).contains("path contains \"SHOP/\""), s.get(39));
        view.nextSlowFilter();
        assertEquals(List.of(103L), pidColumn(screen(120, 40), 4), "active only");
        view.startSearch();
        view.type('x');
        view.type(27);
        assertEquals("SHOP/", view.search(), "Esc drops the edit");
    }

    @Test
    void workersShowOneCellPerSlotByKind() {
        view.show(View.WORKERS);
        String row = screen(120, 40).stream()
                .filter(l -> l.trim().startsWith("101 "))
                .findFirst()
                .orElseThrow();
        assertTrue(row.endsWith("3/4     4  ·▪■█"), row);
    }

    @Test
    void latencyDrawsTheMergedHistogramWithPercentilesMarked() {
        view.show(View.LATENCY);
        List<String> s = screen(120, 40);
        assertTrue(s.get(6).contains("request_time") && s.get(6).contains("154 requests"), s.get(6));
        String p50 = s.stream().filter(l -> l.contains("◀ p50")).findFirst().orElseThrow();
        assertTrue(p50.contains("28.0 – 32.0") && p50.contains(" 160 "), "both groups' 80: " + p50);
        assertTrue(
                s.stream().anyMatch(l -> l.contains("384.0 – 448.0") && l.contains("◀ p95 p99")), String.join("\n", s));
        view.movePhase(1);
        assertTrue(screen(120, 40).get(6).contains("application_time"));
        assertTrue(screen(120, 40).get(7).contains("no requests"));
    }

    @Test
    void lifecycleListsEventsNewestFirst() {
        view.show(View.LIFECYCLE);
        List<String> s = screen(120, 40);
        assertEquals(List.of(99L, 101L), pidColumn(s, 2));
        assertTrue(s.stream().anyMatch(l -> l.contains("process_stopping") && l.contains("max_requests")));
    }

    @Test
    void gcSaysSoWhenThereIsNoDataAndShowsFillAndPausesWhenThereIs() throws Exception {
        view.show(View.GC);
        assertTrue(String.join("\n", screen(120, 40)).contains("no GC data"));
        LiveModel model = new LiveModel("ws://x/ws", () -> CLOCK);
        model.apply(Messages.snapshot(1)
                .process(7, "g", 1, 0.1, 1)
                .gc(25, 100, 90, 100, 40)
                .json());
        state = model.state(true);
        List<String> s = screen(120, 40);
        String row =
                s.stream().filter(l -> l.trim().startsWith("7 ")).findFirst().orElseThrow();
        assertTrue(row.matches("\\s+7 g\\s+25\\.0\\s+0\\.0\\s+90\\.0 .*40/1/0\\s+64\\.0 MiB\\s*"), row);
    }

    @Test
    void hostileStringsNeverReachTheTerminalAsControls() throws Exception {
        LiveModel model = new LiveModel("ws://x/ws", () -> CLOCK);
        String hostile = "/p\u001b]0;pwned\u0007\u001b[2J\u009b31m";
        model.apply(Messages.snapshot(1)
                .process(7, hostile, 1, 0.1, 1)
                .slow(7, hostile, "active", hostile, 3)
                .event(1, "process_started", 7, hostile, hostile)
                .json());
        state = model.state(true);
        for (View v : View.values()) {
            view.show(v);
            for (AttributedString line : renderer.render(state, view, 120, 40, CLOCK, false)) {
                String plain = line.toString();
                for (char c : plain.toCharArray()) {
                    assertFalse(Character.isISOControl(c), v + " shows control " + (int) c + ": " + plain);
                }
                String ansi = line.toAnsi();
                Matcher m = Pattern.compile("\u001b(.)").matcher(ansi);
                while (m.find()) {
                    assertEquals("[", m.group(1), "only SGR from our own styles: " + ansi);
                }
                assertFalse(ansi.contains("\u0007") || ansi.contains("[2J") && ansi.contains("\u001b[2J"), ansi);
            }
        }
        view.show(View.SLOW);
        assertTrue(String.join("\n", screen(120, 40)).contains("/p?]0;pwned??[2J?31m"));
    }

    @Test
    void noColorKeepsOnlyBoldAndInverse() {
        Renderer plain = new Renderer(Palette.choose(false, "1"), ZoneOffset.UTC);
        for (AttributedString line : plain.render(state, view, 120, 40, CLOCK, false)) {
            assertFalse(
                    line.toAnsi().matches("(?s).*\u001b\\[[0-9;]*3[0-7]m.*"), "a foreground colour: " + line.toAnsi());
        }
        assertTrue(
                Palette.choose(false, "") == null
                        || Palette.choose(false, "").good() != Palette.plain().good(),
                "an empty NO_COLOR does not count (no-color.org)");
        assertEquals(Palette.plain(), Palette.choose(true, null));
    }

    @Test
    void helpListsTheKeysOverTheScreen() {
        view.toggleHelp();
        String s = String.join("\n", screen(120, 40));
        assertTrue(s.contains("space  pause: freeze the screen") && s.contains("f    group filter"), s);
        view.closeHelp();
        assertFalse(String.join("\n", screen(120, 40)).contains("group filter: all"));
    }
}
