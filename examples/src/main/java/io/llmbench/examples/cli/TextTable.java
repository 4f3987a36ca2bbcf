package io.llmbench.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A plain-text table with aligned columns: text left, numbers right. {@link #render(int)} fits it
 * to a width: long text is shortened in the middle first ({@code graphon/gra…-Instruct}), then the
 * columns declared {@linkplain #optional optional} are left out, in the order given, and a line
 * names them. Not thread-safe.
 */
final class TextTable {
    /** The width tables are fitted to unless {@code --wide} is given. */
    static final int DEFAULT_WIDTH = 100;
    /** Text is never shortened below this many characters. */
    static final int MIN_TEXT = 20;
    /** Text longer than this is shortened before any optional column is left out. */
    static final int COMFORTABLE_TEXT = 28;

    private final List<String> header;
    private final List<String[]> rows = new ArrayList<>();
    private final Set<String> optional = new LinkedHashSet<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row must have " + header.size() + " cells, but had " + cells.length);
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    /** Columns that may be left out when the table is too wide, the first given first. */
    TextTable optional(String... columns) {
        for (String c : columns) {
            if (!header.contains(c)) {
                throw new IllegalArgumentException("optional column must be one of " + header + ", but was '" + c + "'");
            }
            optional.add(c);
        }
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * Prints the table fitted to {@link #DEFAULT_WIDTH}; commands pass {@code ctx().tableWidth()}
     * to {@link #print(PrintWriter, int)} instead, so that {@code --wide} applies.
     */
    void print(PrintWriter out) {
        print(out, DEFAULT_WIDTH);
    }

    /** Prints the table fitted to the width ({@link Integer#MAX_VALUE} for all columns at full length). */
    void print(PrintWriter out, int width) {
        out.print(render(width));
        out.flush();
    }

    /** The table at full width. */
    String render() {
        return render(Integer.MAX_VALUE);
    }

    /** The table fitted to {@code width} columns where it can be, with a line naming hidden columns. */
    String render(int width) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            shown.add(i);
        }
        int[] limit = new int[header.size()];
        Arrays.fill(limit, Integer.MAX_VALUE);
        boolean[] numeric = numeric();
        // long names first (down to a comfortable length), then optional columns, then names again
        shortenText(shown, limit, numeric, width, COMFORTABLE_TEXT);
        List<String> hidden = new ArrayList<>();
        for (String c : optional) {
            if (total(shown, limit) <= width) {
                break;
            }
            shown.remove(Integer.valueOf(header.indexOf(c)));
            hidden.add(c);
        }
        shortenText(shown, limit, numeric, width, MIN_TEXT);
        StringBuilder sb = new StringBuilder();
        int[] w = widths(limit);
        line(sb, header.toArray(new String[0]), shown, w, limit, numeric);
        for (String[] r : rows) {
            line(sb, r, shown, w, limit, numeric);
        }
        if (!hidden.isEmpty()) {
            sb.append("(not shown: ").append(String.join(", ", hidden)).append("; --wide shows every column)\n");
        }
        return sb.toString();
    }

    /** Shortens the widest text columns, one character at a time, until the table fits or none can shrink. */
    private void shortenText(List<Integer> shown, int[] limit, boolean[] numeric, int width, int floor) {
        int[] w = widths(limit);
        while (total(shown, limit) > width) {
            int widest = -1;
            for (int i : shown) {
                if (!numeric[i] && w[i] > Math.max(floor, header.get(i).length()) && (widest < 0 || w[i] > w[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return;
            }
            limit[widest] = w[widest] - 1;
            w = widths(limit);
        }
    }

    private int[] widths(int[] limit) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.min(limit[i], header.get(i).length());
        }
        for (String[] r : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], Math.min(limit[i], r[i].length()));
            }
        }
        return w;
    }

    private int total(List<Integer> shown, int[] limit) {
        int[] w = widths(limit);
        int sum = 2 * Math.max(0, shown.size() - 1);
        for (int i : shown) {
            sum += w[i];
        }
        return sum;
    }

    private boolean[] numeric() {
        boolean[] numeric = new boolean[header.size()];
        Arrays.fill(numeric, true);
        for (String[] r : rows) {
            for (int i = 0; i < numeric.length; i++) {
                if (!isNumber(r[i])) {
                    numeric[i] = false;
                }
            }
        }
        return numeric;
    }

    private static void line(StringBuilder sb, String[] cells, List<Integer> shown, int[] width, int[] limit, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int i : shown) {
            if (l.length() > 0) {
                l.append("  ");
            }
            String c = middle(cells[i], limit[i]);
            int pad = width[i] - c.length();
            if (numeric[i]) {
                l.append(" ".repeat(pad)).append(c);
            } else {
                l.append(c).append(" ".repeat(pad));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** The text shortened to {@code max} characters by cutting out its middle: {@code graphon/gr…-Instruct}. */
    static String middle(String s, int max) {
        return io.llmbench.report.internal.Html.middle(s, max);
    }

    private static boolean isNumber(String s) {
        if (s.equals("-")) {
            return true;
        }
        String t = s.toLowerCase(Locale.ROOT).replace("%", "").replace("x", "").replace("*", "").trim();
        if (t.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(t);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
