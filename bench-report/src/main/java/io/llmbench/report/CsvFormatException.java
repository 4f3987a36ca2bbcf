package io.llmbench.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A CSV file could not be read in {@link ImportMode#ALL_OR_NOTHING} mode. Carries every problem
 * found (not just the first), each with its line, column, rule and value; the message lists the
 * first {@value #PROBLEMS_IN_MESSAGE} of them.
 */
public class CsvFormatException extends ReportException {
    private static final long serialVersionUID = 1L;
    /** How many problems the message spells out; {@link #problems()} has all of them. */
    public static final int PROBLEMS_IN_MESSAGE = 10;

    private final transient List<CsvProblem> problems;

    public CsvFormatException(List<CsvProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in line order. */
    public List<CsvProblem> problems() {
        return problems;
    }

    private static String message(List<CsvProblem> problems) {
        String shown = problems.stream().limit(PROBLEMS_IN_MESSAGE).map(CsvProblem::message)
                .collect(Collectors.joining("; "));
        int more = problems.size() - PROBLEMS_IN_MESSAGE;
        return problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in CSV: " + shown
                + (more > 0 ? "; and " + more + " more" : "");
    }
}
