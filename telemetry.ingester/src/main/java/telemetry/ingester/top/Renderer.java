package telemetry.ingester.top;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import telemetry.ingester.top.Stats.Event;
import telemetry.ingester.top.Stats.Gc;
import telemetry.ingester.top.Stats.Group;
import telemetry.ingester.top.Stats.Phase;
import telemetry.ingester.top.Stats.Process;
import telemetry.ingester.top.Stats.Slow;
import telemetry.ingester.top.Table.Column;
import telemetry.ingester.top.ViewState.View;
import telemetry.wire.LatencyBuckets;

/**
 * Draws one screen: a state and the person's choices in, exactly {@code height} lines of at most
 * {@code width} columns out. Pure (no terminal, no clock of its own), so it is tested as text.
 * Layout: four header lines, the view tabs, the view, one footer line (keys or the search prompt).
 */
public final class Renderer {

    private static final String SPARKS = "▁▂▃▄▅▆▇█";
    private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    private static final String[] CLASS_NAMES = {"young", "mixed", "full"};

    private final Palette p;
    private final ZoneId zone;
    private final DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    public Renderer(Palette palette, ZoneId zone) {
        this.p = palette;
        this.zone = zone;
    }

    /**
     * @param clockMillis local wall-clock time, for the age of the data when disconnected
     * @param paused whether the screen is frozen (the state is the one kept at pause)
     */
    public List<AttributedString> render(
            TopState s, ViewState v, int width, int height, long clockMillis, boolean paused) {
        List<AttributedString> out = new ArrayList<>();
        header(out, s, v, width, clockMillis, paused);
        tabs(out, v, width);
        out.add(AttributedString.EMPTY);
        int bodyHeight = Math.max(0, height - out.size() - 1);
        List<AttributedString> body = new ArrayList<>();
        if (!s.hasData()) {
            body.add(new AttributedString(" waiting for the ingester at " + s.source() + " …", p.dim()));
        } else {
            switch (v.view()) {
                case OVERVIEW -> overview(body, s, v, width);
                case PROCESSES -> processesView(body, s, v, width, bodyHeight);
                case WORKERS -> workers(body, s, v, width, bodyHeight);
                case LATENCY -> latency(body, s, v, width, bodyHeight);
                case SLOW -> slow(body, s, v, width, bodyHeight);
                case LIFECYCLE ->
                    body.addAll(lifecycleTable()
                            .render(
                                    events(s, v),
                                    v.sortColumn(0),
                                    v.descending(true),
                                    v.scrollOffset(),
                                    width,
                                    bodyHeight,
                                    p));
                case GC -> gc(body, s, v, width, bodyHeight);
            }
        }
        for (int i = 0; i < bodyHeight; i++) {
            out.add(i < body.size() ? body.get(i) : AttributedString.EMPTY);
        }
        if (v.help()) {
            out = overlay(out, help(), width, out.size());
        }
        footer(out, v, width);
        List<AttributedString> fitted = new ArrayList<>(height);
        for (int i = 0; i < height; i++) {
            fitted.add(i < out.size() ? out.get(i).columnSubSequence(0, width) : AttributedString.EMPTY);
        }
        return fitted;
    }

    /** Plain text of a screen (what tests and {@code --once} compare). */
    public static List<String> text(List<AttributedString> lines) {
        List<String> t = new ArrayList<>(lines.size());
        for (AttributedString l : lines) {
            t.add(l.toString());
        }
        return t;
    }

    // ---- header and frame

    private void header(List<AttributedString> out, TopState s, ViewState v, int width, long clock, boolean paused) {
        Scope now = Scope.of(s.groups(), v, 0);
        Scope minute = Scope.of(s.groups(), v, 1);
        Scope ten = Scope.of(s.groups(), v, 2);
        Scope w = Scope.of(s.groups(), v, v.window());
        String windowName = Stats.WINDOWS[v.window()];

        AttributedStringBuilder b = new AttributedStringBuilder();
        b.style(p.bold())
                .append(" telemetry top")
                .style(p.normal())
                .append("  ")
                .append(s.source());
        b.append("  scope ")
                .style(p.accent())
                .append(v.group() == null ? "all groups" : "group " + v.group())
                .style(p.normal());
        b.append("  window ").style(p.accent()).append(windowName).style(p.normal());
        AttributedStringBuilder status = new AttributedStringBuilder();
        if (paused) {
            status.style(p.warn().inverse()).append(" PAUSED ");
        } else if (!s.connected() && s.hasData()) {
            long age = Math.max(0, (clock - s.lastMessageMillis()) / 1000);
            status.style(p.bad().inverse()).append(" disconnected, data " + age + " s old ");
        } else if (!s.connected()) {
            status.style(p.warn()).append(" connecting… ");
        } else {
            status.style(p.good().inverse()).append(" LIVE ");
        }
        out.add(rightAligned(b, status.toAttributedString(), width));

        List<AttributedString> load = new ArrayList<>();
        b = new AttributedStringBuilder();
        b.append("req/s ")
                .style(p.bold())
                .append(Format.num(now.throughput(), 1))
                .style(p.normal())
                .append(" now  ")
                .style(p.bold())
                .append(Format.num(minute.throughput(), 1))
                .style(p.normal())
                .append(" 1m  ")
                .style(p.bold())
                .append(Format.num(ten.throughput(), 1))
                .style(p.normal())
                .append(" 10m");
        load.add(b.toAttributedString());
        b = new AttributedStringBuilder().append("capacity ");
        bar(b, w.capacity(), 12);
        b.append(" ")
                .style(p.level(w.capacity()))
                .append(Format.percent(w.capacity()) + "%")
                .style(p.normal());
        load.add(b.toAttributedString());
        b = new AttributedStringBuilder();
        b.append("CPU ")
                .style(p.bold())
                .append(Format.num(w.cpu(), 2))
                .style(p.normal())
                .append(" cores  RSS ")
                .style(p.bold())
                .append(Format.bytes(w.rss()))
                .style(p.normal());
        load.add(b.toAttributedString());
        flow(out, load, width);

        List<AttributedString> outcome = new ArrayList<>();
        b = new AttributedStringBuilder().append("status");
        String[] names = {"1xx", "2xx", "3xx", "4xx", "5xx"};
        for (int i = 0; i < 5; i++) {
            b.append(" " + names[i] + " ");
            b.style(i == 4 && w.statuses()[i] > 0 ? p.bad() : i == 3 && w.statuses()[i] > 0 ? p.warn() : p.bold())
                    .append(Format.count(w.statuses()[i]))
                    .style(p.normal());
        }
        outcome.add(b.toAttributedString());
        Phase rt = Scope.phase(s.groups(), v, v.window(), "request_time");
        b = new AttributedStringBuilder();
        b.append("response p50 ")
                .style(p.bold())
                .append(Format.ms(rt.p50()))
                .style(p.normal())
                .append(" p95 ")
                .style(p.bold())
                .append(Format.ms(rt.p95()))
                .style(p.normal())
                .append(" p99 ")
                .style(p.bold())
                .append(Format.ms(rt.p99()))
                .style(p.normal())
                .append(" ms");
        outcome.add(b.toAttributedString());
        long active = 0;
        long total = 0;
        for (Slow r : s.slow()) {
            if (v.inGroup(r.group())) {
                total++;
                active += r.active() ? 1 : 0;
            }
        }
        b = new AttributedStringBuilder();
        b.append("slow ")
                .style(active > 0 ? p.warn() : p.bold())
                .append(Long.toString(active))
                .style(p.normal())
                .append(" active / " + total);
        outcome.add(b.toAttributedString());
        flow(out, outcome, width);

        Set<String> hosts = new HashSet<>();
        int running = 0;
        int shown = 0;
        for (Process pr : s.processes()) {
            if (v.inGroup(pr.group())) {
                shown++;
                hosts.add(pr.host());
                running += "running".equals(pr.state()) ? 1 : 0;
            }
        }
        List<AttributedString> fleet = new ArrayList<>();
        b = new AttributedStringBuilder();
        b.append("processes ")
                .style(p.bold())
                .append(Integer.toString(shown))
                .style(p.normal())
                .append(" (" + running + " running) in " + w.groups() + (w.groups() == 1 ? " group" : " groups")
                        + " on " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts"));
        fleet.add(b.toAttributedString());
        b = new AttributedStringBuilder();
        b.append("ingester ").append(Format.count(s.health().received())).append(" datagrams, ");
        problem(b, s.health().decodeErrors(), "decode errors");
        b.append(", ");
        problem(b, s.health().drops(), "dropped");
        b.append(", ");
        problem(b, s.health().queueStalls(), "queue stalls");
        fleet.add(b.toAttributedString());
        flow(out, fleet, width);
    }

    /** Lays chunks out on lines of {@code width}, three spaces apart, starting a new line where one would not fit. */
    private static void flow(List<AttributedString> out, List<AttributedString> chunks, int width) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        for (AttributedString c : chunks) {
            if (line.length() > 0 && line.columnLength() + 3 + c.columnLength() > width) {
                out.add(line.toAttributedString());
                line = new AttributedStringBuilder();
            }
            line.append(line.length() == 0 ? " " : "   ").append(c);
        }
        out.add(line.toAttributedString());
    }

    private void problem(AttributedStringBuilder b, long n, String what) {
        b.style(n > 0 ? p.bad() : p.normal())
                .append(Format.count(n) + " " + what)
                .style(p.normal());
    }

    private void tabs(List<AttributedString> out, ViewState v, int width) {
        int full = 0;
        for (View view : View.values()) {
            full += view.title.length() + 5;
        }
        AttributedStringBuilder b = new AttributedStringBuilder();
        for (View view : View.values()) {
            String title = full > width && view.title.length() > 4 ? view.title.substring(0, 4) : view.title;
            String label = " " + view.digit() + " " + title + " ";
            b.style(view == v.view() ? p.inverse().bold() : p.dim())
                    .append(label)
                    .style(p.normal())
                    .append(" ");
        }
        out.add(b.toAttributedString());
    }

    private void footer(List<AttributedString> out, ViewState v, int width) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        if (v.editing()) {
            b.style(p.bold())
                    .append(" search path: ")
                    .style(p.normal())
                    .append(v.editing.toString())
                    .style(p.inverse())
                    .append(" ")
                    .style(p.normal())
                    .append("   Enter keeps, Esc cancels");
        } else {
            if (v.view() == View.SLOW && (!v.search().isEmpty() || v.slowFilter() != ViewState.SlowFilter.ALL)) {
                b.append(" ")
                        .style(p.accent().inverse())
                        .append(" state " + v.slowFilter().name().toLowerCase(Locale.ROOT)
                                + (v.search().isEmpty() ? "" : ", path contains \"" + v.search() + "\"") + " ")
                        .style(p.normal());
            }
            b.style(p.dim()).append(" q quit  ? help  space pause  f group  t window  < > sort  r reverse");
            if (v.view() == View.SLOW) {
                b.append("  a state  / search");
            } else if (v.view() == View.LATENCY) {
                b.append("  [ ] phase");
            }
            b.style(p.normal());
        }
        out.add(b.toAttributedString().columnSubSequence(0, width));
    }

    private AttributedString rightAligned(AttributedStringBuilder left, AttributedString right, int width) {
        int room = width - right.columnLength();
        AttributedString l = left.toAttributedString();
        if (l.columnLength() > room - 1) {
            l = l.columnSubSequence(0, Math.max(0, room - 2));
        }
        AttributedStringBuilder b = new AttributedStringBuilder().append(l);
        b.append(" ".repeat(Math.max(1, room - l.columnLength())));
        b.append(right);
        return b.toAttributedString();
    }

    private void bar(AttributedStringBuilder b, double fraction, int cells) {
        double f = Math.max(0, Math.min(1, fraction));
        int eighths = (int) Math.round(f * cells * 8);
        b.append("[").style(p.level(fraction));
        b.append("█".repeat(eighths / 8)).append(EIGHTHS[eighths % 8]);
        b.style(p.normal());
        b.append(" ".repeat(cells - eighths / 8 - (eighths % 8 > 0 ? 1 : 0))).append("]");
    }

    // ---- overview

    private void overview(List<AttributedString> out, TopState s, ViewState v, int width) {
        int chart = Math.max(10, width - 56);
        double[][] series = scopeHistory(s, v);
        String[] labels = {"throughput req/s", "capacity %", "CPU cores", "RSS"};
        out.add(new AttributedString(" last " + series[0].length + " s, 10 s windows", p.dim()));
        for (int i = 0; i < 4; i++) {
            double[] values = series[i];
            double last = values.length == 0 ? 0 : values[values.length - 1];
            int kind = i;
            java.util.function.DoubleFunction<String> f = x -> switch (kind) {
                case 0 -> Format.num(x, 1);
                case 1 -> Format.percent(x) + "%";
                case 2 -> Format.num(x, 2);
                default -> Format.bytes(x);
            };
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int j = Math.max(0, values.length - chart); j < values.length; j++) {
                lo = Math.min(lo, values[j]);
                hi = Math.max(hi, values[j]);
            }
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.append(String.format(Locale.ROOT, " %-17s %11s  ", labels[i], f.apply(last)));
            b.style(i == 1 ? p.level(last) : p.accent())
                    .append(spark(values, chart, i == 1 ? 1.0 : 0))
                    .style(p.normal());
            if (values.length > 0) {
                b.style(p.dim())
                        .append(String.format(Locale.ROOT, "  %s … %s", f.apply(lo), f.apply(hi)))
                        .style(p.normal());
            }
            out.add(b.toAttributedString());
        }
        out.add(AttributedString.EMPTY);
        String w = Stats.WINDOWS[v.window()];
        out.add(new AttributedString(
                String.format(
                        Locale.ROOT,
                        " %-18s %9s %9s %9s %9s %9s %9s %10s",
                        "phase (" + w + ", ms)",
                        "mean",
                        "p50",
                        "p95",
                        "p99",
                        "min",
                        "max",
                        "count"),
                p.inverse()));
        for (String name : Stats.PHASES) {
            Phase ph = Scope.phase(s.groups(), v, v.window(), name);
            out.add(new AttributedString(String.format(
                    Locale.ROOT,
                    " %-18s %9s %9s %9s %9s %9s %9s %10s",
                    name,
                    Format.ms(ph.mean()),
                    Format.ms(ph.p50()),
                    Format.ms(ph.p95()),
                    Format.ms(ph.p99()),
                    Format.ms(ph.min()),
                    Format.ms(ph.max()),
                    Format.count(ph.count()))));
        }
        out.add(AttributedString.EMPTY);
        List<Group> groups = new ArrayList<>();
        for (Group g : s.groups()) {
            if (v.inGroup(g.name())) {
                groups.add(g);
            }
        }
        int wi = v.window();
        Table<Group> table = new Table<>(
                List.of(
                        new Column<Group>("GROUP", 16, false, 0, Group::name, null, null),
                        new Column<Group>("PROCS", 6, true, 1, g -> Integer.toString(g.processes()), null, null),
                        new Column<Group>(
                                "REQ/S", 9, true, 0, g -> Format.num(g.windows()[wi].throughput(), 1), null, null),
                        new Column<Group>(
                                "CAP%",
                                6,
                                true,
                                1,
                                g -> Format.percent(g.windows()[wi].capacity()),
                                null,
                                g -> p.level(g.windows()[wi].capacity())),
                        new Column<Group>("CPU", 7, true, 2, g -> Format.num(g.windows()[wi].cpu(), 2), null, null),
                        new Column<Group>("RSS", 11, true, 3, g -> Format.bytes(g.windows()[wi].rss()), null, null),
                        new Column<Group>(
                                "P95 ms",
                                8,
                                true,
                                1,
                                g -> Format.ms(
                                        g.windows()[wi].phase("request_time").p95()),
                                null,
                                null),
                        new Column<Group>(
                                "4XX",
                                8,
                                true,
                                4,
                                g -> Format.count(g.windows()[wi].statuses()[3]),
                                null,
                                null),
                        new Column<Group>(
                                "5XX",
                                8,
                                true,
                                4,
                                g -> Format.count(g.windows()[wi].statuses()[4]),
                                null,
                                g -> g.windows()[wi].statuses()[4] > 0 ? p.bad() : null)),
                0,
                false);
        out.addAll(table.render(groups, 0, false, 0, width, Math.max(2, groups.size() + 1), p));
    }

    /** The history of the groups in view, summed (capacity: averaged), aligned at the newest point. */
    private static double[][] scopeHistory(TopState s, ViewState v) {
        int length = 0;
        for (Map.Entry<String, double[][]> e : s.history().entrySet()) {
            if (v.inGroup(e.getKey())) {
                length = Math.max(length, e.getValue()[0].length);
            }
        }
        double[][] sum = new double[4][length];
        int[] groupsAt = new int[length];
        for (Map.Entry<String, double[][]> e : s.history().entrySet()) {
            if (!v.inGroup(e.getKey())) {
                continue;
            }
            double[][] g = e.getValue();
            int offset = length - g[0].length;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    sum[i][offset + j] += g[i][j];
                }
            }
            for (int j = 0; j < g[0].length; j++) {
                groupsAt[offset + j]++;
            }
        }
        for (int j = 0; j < length; j++) {
            sum[TopState.CAPACITY][j] /= Math.max(1, groupsAt[j]);
        }
        return sum;
    }

    /**
     * The newest {@code width} values as block characters: scaled from 0 to {@code fixedMax} when
     * it is positive, otherwise across the visible range (a flat series sits in the middle).
     */
    static String spark(double[] values, int width, double fixedMax) {
        int n = Math.min(values.length, width);
        double lo = fixedMax > 0 ? 0 : Double.POSITIVE_INFINITY;
        double hi = fixedMax;
        for (int i = values.length - n; i < values.length; i++) {
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
        }
        boolean flat = fixedMax <= 0 && hi - lo <= 0.02 * Math.abs(hi);
        StringBuilder b = new StringBuilder();
        for (int i = values.length - n; i < values.length; i++) {
            int level = flat ? 3 : (int) Math.round((values[i] - lo) / (hi - lo) * (SPARKS.length() - 1));
            b.append(SPARKS.charAt(Math.max(0, Math.min(SPARKS.length() - 1, level))));
        }
        return b.toString();
    }

    // ---- processes

    private static List<Process> processes(TopState s, ViewState v) {
        List<Process> rows = new ArrayList<>();
        for (Process pr : s.processes()) {
            if (v.inGroup(pr.group())) {
                rows.add(pr);
            }
        }
        rows.sort(Comparator.comparingLong(Process::pid));
        return rows;
    }

    private void processesView(List<AttributedString> out, TopState s, ViewState v, int width, int height) {
        Table<Process> table = processTable(s, v.window());
        int column = v.sortColumn(table.defaultSort());
        boolean desc = v.descending(table.defaultDescending());
        out.addAll(table.render(
                table.sort(processes(s, v), column, desc), column, desc, v.scrollOffset(), width, height, p));
    }

    /** Columns of the processes view; the figures are those of window {@code w}. */
    private Table<Process> processTable(TopState s, int w) {
        Map<Long, Integer> slowPerPid = new HashMap<>();
        for (Slow r : s.slow()) {
            slowPerPid.merge(r.pid(), 1, Integer::sum);
        }
        return new Table<>(
                List.of(
                        new Column<Process>(
                                "PID",
                                8,
                                true,
                                0,
                                pr -> Long.toString(pr.pid()),
                                Comparator.comparingLong(Process::pid),
                                null),
                        new Column<Process>(
                                "HOST", 14, false, 9, Process::host, Comparator.comparing(Process::host), null),
                        new Column<Process>(
                                "GROUP", 14, false, 3, Process::group, Comparator.comparing(Process::group), null),
                        new Column<Process>(
                                "STATE",
                                8,
                                false,
                                5,
                                Process::state,
                                Comparator.comparing(Process::state),
                                pr -> "running".equals(pr.state()) ? null : p.warn()),
                        new Column<Process>(
                                "REQ/S",
                                8,
                                true,
                                1,
                                pr -> Format.num(pr.window(w).throughput(), 1),
                                Comparator.comparingDouble(pr -> pr.window(w).throughput()),
                                null),
                        new Column<Process>(
                                "CAP%",
                                6,
                                true,
                                2,
                                pr -> Format.percent(pr.window(w).capacity()),
                                Comparator.comparingDouble(pr -> pr.window(w).capacity()),
                                pr -> p.level(pr.window(w).capacity())),
                        new Column<Process>(
                                "CPU",
                                6,
                                true,
                                2,
                                pr -> Format.num(pr.window(w).cpu(), 2),
                                Comparator.comparingDouble(pr -> pr.window(w).cpu()),
                                null),
                        new Column<Process>(
                                "RSS MiB",
                                8,
                                true,
                                4,
                                pr -> Format.mib(pr.window(w).rss()),
                                Comparator.comparingDouble(pr -> pr.window(w).rss()),
                                null),
                        new Column<Process>(
                                "P95 ms",
                                8,
                                true,
                                2,
                                pr -> Format.ms(
                                        pr.window(w).phase("request_time").p95()),
                                Comparator.comparingDouble(
                                        pr -> pr.window(w).phase("request_time").p95()),
                                null),
                        new Column<Process>(
                                "SLOW",
                                5,
                                true,
                                6,
                                pr -> Integer.toString(slowPerPid.getOrDefault(pr.pid(), 0)),
                                Comparator.comparingInt(pr -> slowPerPid.getOrDefault(pr.pid(), 0)),
                                pr -> slowPerPid.getOrDefault(pr.pid(), 0) > 0 ? p.warn() : null),
                        new Column<Process>(
                                "REQUESTS",
                                10,
                                true,
                                7,
                                pr -> Long.toString(pr.requestsTotal()),
                                Comparator.comparingLong(Process::requestsTotal),
                                null)),
                4,
                true);
    }

    // ---- workers

    private void workers(List<AttributedString> out, TopState s, ViewState v, int width, int height) {
        AttributedStringBuilder legend = new AttributedStringBuilder().append(" slots: ");
        legend.style(p.dim()).append("·").style(p.normal()).append(" idle  ");
        legend.style(p.good()).append("▪").style(p.normal()).append(" short  ");
        legend.style(p.warn()).append("■").style(p.normal()).append(" long (≥ 1 s or busy ≥ 50 %)  ");
        legend.style(p.bad()).append("█").style(p.normal()).append(" past the slow threshold   (latest sample)");
        out.add(legend.toAttributedString());
        out.add(new AttributedString(
                String.format(Locale.ROOT, " %7s %-14s %5s %5s  %s", "PID", "GROUP", "BUSY", "SLOTS", "WORKER SLOTS"),
                p.inverse()));
        List<Process> rows = processes(s, v);
        int room = height - 2;
        boolean more = rows.size() > room;
        int start = Math.max(0, Math.min(v.scrollOffset(), rows.size() - (more ? room - 1 : room)));
        int cells = Math.max(4, width - 37);
        int end = Math.min(rows.size(), start + (more ? room - 1 : room));
        for (int r = start; r < end; r++) {
            Process pr = rows.get(r);
            int slots = Math.max(pr.slotBusy().length, pr.slotElapsed().length);
            int busy = 0;
            AttributedStringBuilder b = new AttributedStringBuilder();
            int[] kinds = new int[slots];
            for (int i = 0; i < slots; i++) {
                kinds[i] = slotKind(pr, i);
                busy += kinds[i] > 0 ? 1 : 0;
            }
            b.append(String.format(
                    Locale.ROOT, " %7d %-14s %5s %5d  ", pr.pid(), cut(pr.group(), 14), busy + "/" + slots, slots));
            for (int i = 0; i < Math.min(slots, cells); i++) {
                int kind = kinds[i];
                AttributedStyle st = kind == 0 ? p.dim() : kind == 1 ? p.good() : kind == 2 ? p.warn() : p.bad();
                b.style(st)
                        .append(kind == 0 ? "·" : kind == 1 ? "▪" : kind == 2 ? "■" : "█")
                        .style(p.normal());
            }
            if (slots > cells) {
                b.append(" +" + (slots - cells));
            }
            out.add(b.toAttributedString());
        }
        if (more) {
            out.add(new AttributedString(
                    String.format(Locale.ROOT, " rows %d–%d of %d  (↑ ↓ PgUp PgDn Home)", start + 1, end, rows.size()),
                    p.dim()));
        }
    }

    /** 0 idle, 1 short, 2 long, 3 past the slow threshold. */
    static int slotKind(Process pr, int i) {
        double busy = i < pr.slotBusy().length ? pr.slotBusy()[i] : 0;
        double elapsed = i < pr.slotElapsed().length ? pr.slotElapsed()[i] : 0;
        if (pr.slowThreshold() > 0 && elapsed >= pr.slowThreshold()) {
            return 3;
        }
        if (elapsed >= 1.0 || busy >= 0.5 * Math.max(pr.samplePeriod(), 1e-9)) {
            return 2;
        }
        return busy > 0 || elapsed > 0 ? 1 : 0;
    }

    // ---- latency

    private void latency(List<AttributedString> out, TopState s, ViewState v, int width, int height) {
        String w = Stats.WINDOWS[v.window()];
        Phase ph = Scope.phase(s.groups(), v, v.window(), v.phase());
        AttributedStringBuilder t = new AttributedStringBuilder();
        t.append(" ")
                .style(p.bold())
                .append(v.phase())
                .style(p.normal())
                .append("  window " + w + "  ")
                .append(Format.count(ph.count()) + " requests   mean " + Format.ms(ph.mean()) + "  min "
                        + Format.ms(ph.min()) + "  max " + Format.ms(ph.max()) + " ms   ");
        t.style(p.accent())
                .append("p50 " + Format.ms(ph.p50()) + "  p95 " + Format.ms(ph.p95()) + "  p99 " + Format.ms(ph.p99())
                        + " ms")
                .style(p.normal());
        out.add(t.toAttributedString());
        long[] buckets = ph.buckets();
        if (buckets == null || ph.count() == 0) {
            out.add(new AttributedString(" no requests in this window", p.dim()));
            return;
        }
        int first = 0;
        int last = buckets.length - 1;
        while (first < last && buckets[first] == 0) {
            first++;
        }
        while (last > first && buckets[last] == 0) {
            last--;
        }
        int rows = Math.max(1, height - 2);
        int per = (last - first + rows) / rows;
        List<long[]> merged = new ArrayList<>();
        for (int i = first; i <= last; i += per) {
            long c = 0;
            int to = Math.min(last, i + per - 1);
            for (int j = i; j <= to; j++) {
                c += buckets[j];
            }
            merged.add(new long[] {i, to, c});
        }
        long max = 1;
        for (long[] m : merged) {
            max = Math.max(max, m[2]);
        }
        out.add(new AttributedString(
                        String.format(Locale.ROOT, " %21s %9s  %s", "bucket (ms)", "requests", ""), p.inverse())
                .columnSubSequence(0, width));
        int barWidth = Math.max(5, width - 46);
        for (long[] m : merged) {
            double lo = LatencyBuckets.lowerBound((int) m[0]);
            double hi = LatencyBuckets.upperBound((int) m[1]);
            String range = Format.ms(lo) + " – " + (Double.isInfinite(hi) ? "∞" : Format.ms(hi));
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.append(String.format(Locale.ROOT, " %21s %9s  ", range, Format.count(m[2])));
            int eighths = (int) Math.round((double) m[2] / max * barWidth * 8);
            b.style(p.accent())
                    .append("█".repeat(eighths / 8))
                    .append(EIGHTHS[eighths % 8])
                    .style(p.normal());
            StringBuilder marks = new StringBuilder();
            for (double[] q : new double[][] {{50, ph.p50()}, {95, ph.p95()}, {99, ph.p99()}}) {
                if (q[1] >= lo && (q[1] < hi || m[1] == buckets.length - 1)) {
                    marks.append(marks.length() == 0 ? " ◀ p" : " p").append((int) q[0]);
                }
            }
            if (marks.length() > 0) {
                b.style(p.bold()).append(marks.toString()).style(p.normal());
            }
            out.add(b.toAttributedString());
        }
    }

    // ---- slow

    private void slow(List<AttributedString> out, TopState s, ViewState v, int width, int height) {
        List<Slow> rows = new ArrayList<>();
        String needle = v.search().toLowerCase(Locale.ROOT);
        for (Slow r : s.slow()) {
            if (!v.inGroup(r.group())) {
                continue;
            }
            if (v.slowFilter() == ViewState.SlowFilter.ACTIVE && !r.active()
                    || v.slowFilter() == ViewState.SlowFilter.COMPLETED && r.active()) {
                continue;
            }
            if (!needle.isEmpty() && !r.path().toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            rows.add(r);
        }
        Table<Slow> table = slowTable();
        int column = v.sortColumn(table.defaultSort());
        boolean desc = v.descending(table.defaultDescending());
        if (rows.isEmpty()) {
            out.addAll(table.render(rows, column, desc, 0, width, height, p));
            out.add(new AttributedString(
                    " no slow requests" + (needle.isEmpty() ? "" : " matching \"" + v.search() + "\""), p.dim()));
            return;
        }
        out.addAll(table.render(table.sort(rows, column, desc), column, desc, v.scrollOffset(), width, height, p));
    }

    private Table<Slow> slowTable() {
        return new Table<>(
                List.of(
                        new Column<Slow>(
                                "STATE",
                                10,
                                false,
                                1,
                                Slow::state,
                                Comparator.comparing(Slow::state),
                                r -> r.active() ? p.warn() : null),
                        new Column<Slow>(
                                "ELAPSED s",
                                10,
                                true,
                                0,
                                r -> Format.num(r.duration(), 2),
                                Comparator.comparingDouble(Slow::duration),
                                null),
                        new Column<Slow>("METHOD", 7, false, 3, Slow::method, Comparator.comparing(Slow::method), null),
                        new Column<Slow>(
                                "STATUS",
                                6,
                                true,
                                4,
                                r -> r.status() == 0 ? "-" : Long.toString(r.status()),
                                Comparator.comparingLong(Slow::status),
                                r -> r.status() >= 500 ? p.bad() : null),
                        new Column<Slow>(
                                "PID",
                                8,
                                true,
                                2,
                                r -> Long.toString(r.pid()),
                                Comparator.comparingLong(Slow::pid),
                                null),
                        new Column<Slow>("GROUP", 12, false, 6, Slow::group, Comparator.comparing(Slow::group), null),
                        new Column<Slow>("LOG ID", 16, false, 7, Slow::logId, Comparator.comparing(Slow::logId), null),
                        new Column<Slow>("PATH", 0, false, 0, Slow::path, Comparator.comparing(Slow::path), null)),
                1,
                true);
    }

    // ---- lifecycle

    private List<Event> events(TopState s, ViewState v) {
        List<Event> rows = new ArrayList<>();
        for (Event e : s.events()) {
            if (v.inGroup(e.group())) {
                rows.add(e);
            }
        }
        return lifecycleTable().sort(rows, v.sortColumn(0), v.descending(true));
    }

    private Table<Event> lifecycleTable() {
        return new Table<>(
                List.of(
                        new Column<Event>(
                                "TIME",
                                8,
                                false,
                                0,
                                e -> time.format(Instant.ofEpochMilli((long) (e.stamp() * 1000))
                                        .atZone(zone)),
                                Comparator.comparingDouble(Event::stamp).thenComparingLong(Event::id),
                                null),
                        new Column<Event>(
                                "EVENT",
                                17,
                                false,
                                0,
                                Event::kind,
                                Comparator.comparing(Event::kind),
                                e -> e.kind().endsWith("started")
                                        ? p.good()
                                        : e.kind().endsWith("stopped") ? p.bad() : p.warn()),
                        new Column<Event>(
                                "PID",
                                8,
                                true,
                                0,
                                e -> Long.toString(e.pid()),
                                Comparator.comparingLong(Event::pid),
                                null),
                        new Column<Event>(
                                "GROUP", 14, false, 2, Event::group, Comparator.comparing(Event::group), null),
                        new Column<Event>("HOST", 14, false, 3, Event::host, Comparator.comparing(Event::host), null),
                        new Column<Event>(
                                "REASON", 0, false, 1, Event::reason, Comparator.comparing(Event::reason), null)),
                0,
                true);
    }

    // ---- GC

    private void gc(List<AttributedString> out, TopState s, ViewState v, int width, int height) {
        List<Process> rows = new ArrayList<>();
        for (Process pr : processes(s, v)) {
            if (pr.gc() != null) {
                rows.add(pr);
            }
        }
        if (rows.isEmpty()) {
            out.add(new AttributedString(
                    " no GC data: no process in view reports gc_snapshot records" + " (wire-format fields 300–317)",
                    p.dim()));
            return;
        }
        List<Column<Process>> columns = new ArrayList<>();
        columns.add(new Column<>(
                "PID", 8, true, 0, pr -> Long.toString(pr.pid()), Comparator.comparingLong(Process::pid), null));
        columns.add(new Column<>("GROUP", 12, false, 5, Process::group, Comparator.comparing(Process::group), null));
        String[] pools = {"EDEN", "SURV", "OLD"};
        for (int i = 0; i < 3; i++) {
            int c = i;
            columns.add(new Column<>(
                    pools[i] + "%",
                    6,
                    true,
                    2,
                    pr -> Format.percent(fill(pr.gc(), c)),
                    Comparator.comparingDouble(pr -> fill(pr.gc(), c)),
                    pr -> p.level(fill(pr.gc(), c))));
        }
        columns.add(new Column<>(
                "HEAP MiB",
                14,
                true,
                3,
                pr -> Format.mib(sum(pr.gc().used())) + "/"
                        + Format.mib(sum(pr.gc().committed())),
                Comparator.comparingDouble(pr -> sum(pr.gc().used())),
                null));
        for (int i = 0; i < 3; i++) {
            int c = i;
            columns.add(new Column<>(
                    CLASS_NAMES[i] + "/s",
                    8,
                    true,
                    1,
                    pr -> Format.num(pr.gc().perSecond()[c], 2),
                    Comparator.comparingDouble(pr -> pr.gc().perSecond()[c]),
                    c == 2 ? pr -> pr.gc().perSecond()[2] > 0 ? p.bad() : null : null));
        }
        columns.add(new Column<>(
                "PAUSES y/m/f",
                16,
                true,
                4,
                pr -> pr.gc().collections()[0] + "/" + pr.gc().collections()[1] + "/"
                        + pr.gc().collections()[2],
                Comparator.comparingLong(pr -> pr.gc().collections()[0]),
                null));
        columns.add(new Column<>(
                "RECLAIMED",
                11,
                true,
                6,
                pr -> Format.bytes(sum(pr.gc().collected())),
                Comparator.comparingDouble(pr -> sum(pr.gc().collected())),
                null));
        Table<Process> table = new Table<>(columns, 0, false);
        int column = Math.min(v.sortColumn(0), columns.size() - 1);
        boolean desc = v.descending(false);
        out.addAll(table.render(table.sort(rows, column, desc), column, desc, v.scrollOffset(), width, height, p));
    }

    private static double fill(Gc gc, int i) {
        return gc.committed()[i] <= 0 ? 0 : (double) gc.used()[i] / gc.committed()[i];
    }

    private static double sum(long[] values) {
        double s = 0;
        for (long x : values) {
            s += x;
        }
        return s;
    }

    /** Sort columns of a view's table (for {@code <} and {@code >}), with its default column and order. */
    public int[] sortShape(View view) {
        return switch (view) {
            case PROCESSES -> new int[] {11, 4, 1};
            case SLOW -> new int[] {8, 1, 1};
            case LIFECYCLE -> new int[] {6, 0, 1};
            case GC -> new int[] {11, 0, 0};
            default -> new int[] {0, 0, 0};
        };
    }

    // ---- help

    private static List<String> help() {
        return List.of(
                "telemetry top: keys",
                "",
                "o 1  overview: sparklines, per-phase means",
                "p 2  processes: one row per process",
                "w 3  workers: worker slots of each process",
                "l 4  latency: histogram of a phase ([ ] phase)",
                "s 5  slow requests (a: state, /: search path)",
                "e 6  lifecycle events",
                "g 7  GC: heap fill and pauses per process",
                "",
                "< >  sort by the column left / right",
                "r    reverse the sort order",
                "f    group filter: all, then each group",
                "t    window: 10s, 1m, 10m",
                "space  pause: freeze the screen",
                "↑ ↓ PgUp PgDn Home  scroll",
                "q Esc  quit        ? Esc  close this help");
    }

    private List<AttributedString> overlay(List<AttributedString> body, List<String> text, int width, int height) {
        int inner = 0;
        for (String t : text) {
            inner = Math.max(inner, t.length());
        }
        inner = Math.min(inner + 2, width - 4);
        int top = Math.max(0, (height - text.size() - 2) / 2);
        int left = Math.max(0, (width - inner - 2) / 2);
        List<AttributedString> out = new ArrayList<>();
        for (int i = 0; i < height; i++) {
            AttributedString under = i < body.size() ? body.get(i) : AttributedString.EMPTY;
            int boxLine = i - top;
            if (boxLine < 0 || boxLine > text.size() + 1) {
                out.add(under);
                continue;
            }
            String content = boxLine == 0 || boxLine == text.size() + 1
                    ? " ".repeat(inner + 2)
                    : "  " + padRight(cut(text.get(boxLine - 1), inner - 2), inner - 2) + "  ";
            AttributedStringBuilder b = new AttributedStringBuilder();
            AttributedString before = under.columnSubSequence(0, Math.min(left, under.columnLength()));
            b.append(before).append(" ".repeat(left - before.columnLength()));
            b.style(boxLine == 1 ? p.inverse().bold() : p.inverse())
                    .append(content)
                    .style(p.normal());
            int after = left + inner + 2;
            if (under.columnLength() > after) {
                b.append(under.columnSubSequence(after, under.columnLength()));
            }
            out.add(b.toAttributedString());
        }
        return out;
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
    }

    private static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
