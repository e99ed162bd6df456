package telemetry.ingester.top;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the person chose: view, window, group filter, sort, search, pause. Owned by the UI thread.
 */
public final class ViewState {

    /** The views with their keys (letter and digit). */
    public enum View {
        OVERVIEW('o', "Overview"),
        PROCESSES('p', "Processes"),
        WORKERS('w', "Workers"),
        LATENCY('l', "Latency"),
        SLOW('s', "Slow"),
        LIFECYCLE('e', "Lifecycle"),
        GC('g', "GC");

        public final char key;
        public final String title;

        View(char key, String title) {
            this.key = key;
            this.title = title;
        }

        public char digit() {
            return (char) ('1' + ordinal());
        }
    }

    /** Which slow records show. */
    public enum SlowFilter {
        ALL,
        ACTIVE,
        COMPLETED
    }

    View view = View.PROCESSES;
    int window = 1;
    String group;
    final Map<View, Integer> sortColumn = new EnumMap<>(View.class);
    final Map<View, Boolean> descending = new EnumMap<>(View.class);
    final Map<View, Integer> scroll = new EnumMap<>(View.class);
    String search = "";
    StringBuilder editing;
    SlowFilter slowFilter = SlowFilter.ALL;
    int phase;
    boolean help;
    String message = "";

    public View view() {
        return view;
    }

    public void show(View v) {
        view = v;
        help = false;
    }

    public int window() {
        return window;
    }

    public void nextWindow() {
        window = (window + 1) % Stats.WINDOWS.length;
    }

    /** The group shown, or null for all. */
    public String group() {
        return group;
    }

    /** All → each group in turn → All. */
    public void nextGroup(List<String> groups) {
        int i = group == null ? -1 : groups.indexOf(group);
        group = i + 1 < groups.size() ? groups.get(i + 1) : null;
        scroll.clear();
    }

    public boolean inGroup(String g) {
        return group == null || group.equals(g);
    }

    int sortColumn(int defaultColumn) {
        return sortColumn.getOrDefault(view, defaultColumn);
    }

    boolean descending(boolean defaultDescending) {
        return descending.getOrDefault(view, defaultDescending);
    }

    /** Moves the sort column of the current view ({@code <} is -1, {@code >} is +1), kept within {@code columns}. */
    public void moveSort(int delta, int defaultColumn, int columns) {
        int c = Math.floorMod(sortColumn(defaultColumn) + delta, columns);
        sortColumn.put(view, c);
    }

    public void reverse(boolean defaultDescending) {
        descending.put(view, !descending(defaultDescending));
    }

    public void scroll(int delta) {
        scroll.put(view, Math.max(0, scroll.getOrDefault(view, 0) + delta));
    }

    public void scrollHome() {
        scroll.put(view, 0);
    }

    int scrollOffset() {
        return scroll.getOrDefault(view, 0);
    }

    public String search() {
        return search;
    }

    public boolean editing() {
        return editing != null;
    }

    /** {@code /}: starts typing a search (the slow view searches paths). */
    public void startSearch() {
        editing = new StringBuilder(search);
    }

    /** A typed character: printable ones are added, Backspace removes, Enter keeps, Esc drops the edit. */
    public void type(int c) {
        if (c == '\r' || c == '\n') {
            search = editing.toString();
            editing = null;
            scroll.clear();
        } else if (c == 27) {
            editing = null;
        } else if (c == 127 || c == 8) {
            if (editing.length() > 0) {
                editing.setLength(editing.length() - 1);
            }
        } else if (c == 21) { // Ctrl-U
            editing.setLength(0);
        } else if (c >= 32 && !Character.isISOControl(c) && editing.length() < 80) {
            editing.appendCodePoint(c);
        }
    }

    public void nextSlowFilter() {
        slowFilter = SlowFilter.values()[(slowFilter.ordinal() + 1) % SlowFilter.values().length];
        scroll.clear();
    }

    public SlowFilter slowFilter() {
        return slowFilter;
    }

    public void movePhase(int delta) {
        phase = Math.floorMod(phase + delta, Stats.PHASES.length);
    }

    public String phase() {
        return Stats.PHASES[phase];
    }

    public boolean help() {
        return help;
    }

    public void toggleHelp() {
        help = !help;
    }

    public void closeHelp() {
        help = false;
    }
}
