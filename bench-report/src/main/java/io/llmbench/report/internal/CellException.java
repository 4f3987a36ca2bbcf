package io.llmbench.report.internal;

/**
 * A cell broke a rule while a CSV row was mapped. Internal control flow: the reader catches it and
 * turns it into a {@link io.llmbench.report.CsvProblem} with the line number. No stack trace.
 */
public final class CellException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String column;
    private final String rule;
    private final String value;

    public CellException(String column, String rule, String value) {
        super(column + " " + rule + ", but was " + value, null, false, false);
        this.column = column;
        this.rule = rule;
        this.value = value;
    }

    public String column() {
        return column;
    }

    public String rule() {
        return rule;
    }

    public String value() {
        return value;
    }
}
