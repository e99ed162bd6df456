package telemetry.ingester.top;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * A sortable text table: columns that do not fit the width are dropped by priority (host first,
 * then the least needed), the last column takes the remaining width, every cell is cut to its column.
 */
final class Table<T> {

    /**
     * @param width characters, or 0 for "the rest of the line" (last column only)
     * @param priority lower is kept longer when the screen is narrow
     * @param style the cell's style, or null for normal
     */
    record Column<T>(
            String name,
            int width,
            boolean right,
            int priority,
            Function<T, String> cell,
            Comparator<T> order,
            Function<T, AttributedStyle> style) {}

    private final List<Column<T>> columns;
    private final int defaultSort;
    private final boolean defaultDescending;

    Table(List<Column<T>> columns, int defaultSort, boolean defaultDescending) {
        this.columns = columns;
        this.defaultSort = defaultSort;
        this.defaultDescending = defaultDescending;
    }

    int columns() {
        return columns.size();
    }

    int defaultSort() {
        return defaultSort;
    }

    boolean defaultDescending() {
        return defaultDescending;
    }

    /** The rows sorted by the chosen column (ties keep their order). */
    List<T> sort(List<T> rows, int column, boolean descending) {
        Comparator<T> order = columns.get(column).order();
        List<T> sorted = new ArrayList<>(rows);
        if (order != null) {
            sorted.sort(descending ? order.reversed() : order);
        }
        return sorted;
    }

    /**
     * Header and rows (after {@code offset}) in at most {@code height} lines; the last line says how
     * many rows there are beyond the screen.
     */
    List<AttributedString> render(
            List<T> rows, int column, boolean descending, int offset, int width, int height, Palette p) {
        width = width - 1; // a margin column on the left, like the rest of the screen
        List<Column<T>> shown = fit(width);
        List<AttributedString> out = new ArrayList<>();
        AttributedStringBuilder h = new AttributedStringBuilder();
        h.append(' ').style(p.inverse());
        for (int i = 0; i < shown.size(); i++) {
            Column<T> c = shown.get(i);
            String name = c.name();
            if (c == columns.get(column) && c.order() != null) {
                name = c.right() ? (descending ? "▼" : "▲") + name : name + (descending ? "▼" : "▲");
            }
            cell(h, name, widthOf(shown, i, width), c.right());
        }
        pad(h, width + 1);
        out.add(h.toAttributedString());
        int room = height - 1;
        int start = Math.max(0, Math.min(offset, rows.size() - Math.max(1, room - 1)));
        boolean more = rows.size() - start > room;
        int end = Math.min(rows.size(), start + (more ? room - 1 : room));
        for (int r = start; r < end; r++) {
            T row = rows.get(r);
            AttributedStringBuilder b = new AttributedStringBuilder().append(' ');
            for (int i = 0; i < shown.size(); i++) {
                Column<T> c = shown.get(i);
                AttributedStyle s = c.style() == null ? p.normal() : c.style().apply(row);
                b.style(s == null ? p.normal() : s);
                cell(b, c.cell().apply(row), widthOf(shown, i, width), c.right());
                b.style(p.normal());
            }
            out.add(b.toAttributedString().columnSubSequence(0, width + 1));
        }
        if (more || start > 0) {
            out.add(new AttributedString(
                    String.format(
                            java.util.Locale.ROOT,
                            " rows %d–%d of %d  (↑ ↓ PgUp PgDn Home)",
                            rows.isEmpty() ? 0 : start + 1,
                            end,
                            rows.size()),
                    p.dim()));
        }
        return out;
    }

    private List<Column<T>> fit(int width) {
        List<Column<T>> shown = new ArrayList<>(columns);
        while (shown.size() > 1 && needed(shown) > width) {
            Column<T> drop = shown.get(0);
            for (Column<T> c : shown) {
                if (c.priority() > drop.priority()) {
                    drop = c;
                }
            }
            shown.remove(drop);
        }
        return shown;
    }

    private static <T> int needed(List<Column<T>> shown) {
        int n = 0;
        for (Column<T> c : shown) {
            n += (c.width() == 0 ? 12 : c.width()) + 1;
        }
        return n;
    }

    private static <T> int widthOf(List<Column<T>> shown, int i, int total) {
        Column<T> c = shown.get(i);
        if (c.width() != 0) {
            return c.width();
        }
        int used = 0;
        for (int j = 0; j < i; j++) {
            used += shown.get(j).width() + 1;
        }
        return Math.max(1, total - used - 1);
    }

    private static void cell(AttributedStringBuilder b, String text, int width, boolean right) {
        String t = text.length() > width ? text.substring(0, Math.max(0, width - 1)) + "…" : text;
        String padding = " ".repeat(width - t.length());
        b.append(right ? padding + t : t + padding);
        b.append(' ');
    }

    static void pad(AttributedStringBuilder b, int width) {
        int n = width - b.columnLength();
        if (n > 0) {
            b.append(" ".repeat(n));
        }
    }
}
