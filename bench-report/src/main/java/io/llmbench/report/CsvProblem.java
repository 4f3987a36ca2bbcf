package io.llmbench.report;

/**
 * One thing wrong with a CSV file: where it is, which column, which rule was broken, and the value
 * that broke it. Immutable and thread-safe.
 *
 * @param line   the 1-based line of the file the record starts on (the header is line 1)
 * @param column the column's name; {@code null} for a problem with the whole record (e.g. a wrong
 *               number of cells)
 * @param rule   what the value must be, e.g. {@code "must be a number"}
 * @param value  the offending value as read ({@code null} when the cell was missing)
 */
public record CsvProblem(long line, String column, String rule, String value) {
    public CsvProblem {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, but was " + line);
        }
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("rule must not be blank, but was '" + rule + "'");
        }
    }

    /**
     * A readable message, e.g. {@code line 3: column ttft_p50 must be a number, but was 'abc'}.
     * Long values are shortened to 80 characters, followed by their length.
     */
    public String message() {
        String where = "line " + line + ": " + (column == null ? "record" : "column " + column);
        String shown = value == null ? "missing" : shorten(value);
        return where + " " + rule + ", but was " + shown;
    }

    private static String shorten(String v) {
        return v.length() <= 80 ? "'" + v + "'" : "'" + v.substring(0, 77) + "...' (" + v.length() + " characters)";
    }

    @Override
    public String toString() {
        return message();
    }
}
