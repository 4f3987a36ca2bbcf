package io.llmbench.report.internal;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One CSV record addressed by column name, with typed getters that throw {@link CellException}
 * naming the column, the rule and the value. Empty cells read as absent. Not thread-safe.
 */
public final class Row {
    private static final Pattern DECIMAL = CsvIo.NUMBER;

    private final Map<String, Integer> index;
    private final String[] cells;
    private final long line;

    Row(Map<String, Integer> index, String[] cells, long line) {
        this.index = index;
        this.cells = cells;
        this.line = line;
    }

    /** The 1-based line the record starts on. */
    public long line() {
        return line;
    }

    /** The cell's text, or null when it is empty or the column is absent from the file. */
    public String raw(String column) {
        Integer i = index.get(column);
        if (i == null || i >= cells.length) {
            return null;
        }
        String v = cells[i];
        return v == null || v.isEmpty() ? null : v;
    }

    /** Whether the file has this column. */
    public boolean has(String column) {
        return index.containsKey(column);
    }

    /** Text that must be present. */
    public String text(String column) {
        String v = raw(column);
        if (v == null || v.isBlank()) {
            throw new CellException(column, "must not be empty", v == null ? "" : v);
        }
        return v;
    }

    /** Text that may be empty (then null). */
    public String optText(String column) {
        return raw(column);
    }

    /** A finite number. */
    public double number(String column) {
        String v = raw(column);
        double d = parse(column, v, "must be a number");
        if (Double.isNaN(d)) {
            throw new CellException(column, "must be a number", v);
        }
        return d;
    }

    /** A finite number, or NaN written as {@code NaN}/{@code nan}. Empty is not allowed. */
    public double numberOrNaN(String column) {
        return parse(column, raw(column), "must be a number or NaN");
    }

    /** A finite number >= 0, or NaN written as {@code NaN}/{@code nan}. Empty is not allowed. */
    public double nonNegativeOrNaN(String column) {
        double d = numberOrNaN(column);
        if (d < 0) {
            throw new CellException(column, "must be >= 0 or NaN", raw(column));
        }
        return d;
    }

    /** A number >= {@code min}. */
    public double numberAtLeast(String column, double min) {
        double d = number(column);
        if (d < min) {
            throw new CellException(column, "must be >= " + Num.python(min), raw(column));
        }
        return d;
    }

    /** A whole number >= {@code min}; {@code 12.0} is accepted as 12. */
    public long whole(String column, long min) {
        String v = raw(column);
        String rule = "must be a whole number >= " + min;
        if (v == null) {
            throw new CellException(column, rule, "");
        }
        String t = v.trim();
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            if (!DECIMAL.matcher(t).matches()) {
                throw new CellException(column, rule, v);
            }
            double d = Double.parseDouble(t);
            if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
                throw new CellException(column, rule, v);
            }
            n = (long) d;
        }
        if (n < min) {
            throw new CellException(column, rule, v);
        }
        return n;
    }

    /** {@code true}/{@code false} (any case). */
    public boolean bool(String column) {
        String v = raw(column);
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        if ("false".equalsIgnoreCase(v)) {
            return false;
        }
        throw new CellException(column, "must be true or false", v == null ? "" : v);
    }

    /** Fails this row with a rule about a column. */
    public CellException fail(String column, String rule) {
        String v = raw(column);
        return new CellException(column, rule, v == null ? "" : v);
    }

    private static double parse(String column, String v, String rule) {
        if (v == null) {
            throw new CellException(column, rule, "");
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw new CellException(column, rule, v);
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
            throw new CellException(column, rule + " within double range", v);
        }
        return d;
    }
}
