package io.llmbench.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A plain-text table with aligned columns: text left, numbers right. Not thread-safe. */
final class TextTable {
    private final List<String> header;
    private final List<String[]> rows = new ArrayList<>();

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

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        out.print(render());
        out.flush();
    }

    String render() {
        int n = header.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        Arrays.fill(numeric, true);
        for (int i = 0; i < n; i++) {
            width[i] = header.get(i).length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], r[i].length());
                if (!isNumber(r[i])) {
                    numeric[i] = false;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header.toArray(new String[0]), width, numeric);
        for (String[] r : rows) {
            line(sb, r, width, numeric);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                l.append("  ");
            }
            String c = cells[i];
            int pad = width[i] - c.length();
            if (numeric[i]) {
                l.append(" ".repeat(pad)).append(c);
            } else {
                l.append(c).append(" ".repeat(pad));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
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
