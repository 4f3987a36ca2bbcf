package io.llmbench.report;

import java.util.List;

/**
 * What a CSV read produced: the rows that read cleanly, in file order, and the problems with the
 * rows that did not. In {@link ImportMode#ALL_OR_NOTHING} mode {@code problems} is always empty
 * (a problem throws instead). Immutable and thread-safe when {@code T} is.
 *
 * @param rows     the values read, in file order
 * @param problems what was wrong with the rows left out, in line order
 * @param <T>      the row type
 */
public record ImportResult<T>(List<T> rows, List<CsvProblem> problems) {
    public ImportResult {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** Whether every row was read. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
