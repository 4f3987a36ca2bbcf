package io.llmbench.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A CSV file could not be read: in {@link ImportMode#ALL_OR_NOTHING} mode any problem, in
 * either mode a bad header or records that can no longer be told apart (an unclosed quote). Carries
 * every problem found (not just the first), each with its line, column, rule and value, and the
 * file when the reader was given a path; the message names the file and lists the first
 * {@value #PROBLEMS_IN_MESSAGE} problems.
 */
public class CsvFormatException extends ReportException {
    private static final long serialVersionUID = 1L;
    /** How many problems the message spells out; {@link #problems()} has all of them. */
    public static final int PROBLEMS_IN_MESSAGE = 10;

    private final transient List<CsvProblem> problems;
    private final String source;

    public CsvFormatException(List<CsvProblem> problems) {
        this(null, problems);
    }

    /**
     * @param source   what was read, e.g. the file's path; null when unknown
     * @param problems every problem found, in line order
     */
    public CsvFormatException(String source, List<CsvProblem> problems) {
        super((source == null ? "" : source + ": ") + message(problems));
        this.problems = List.copyOf(problems);
        this.source = source;
    }

    /** The same problems, found in {@code source}. */
    public CsvFormatException in(String source) {
        CsvFormatException e = new CsvFormatException(source, problems);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** Every problem found, in line order. */
    public List<CsvProblem> problems() {
        return problems;
    }

    /** What was read (a file's path), when the reader knew it. */
    public java.util.Optional<String> source() {
        return java.util.Optional.ofNullable(source);
    }

    private static String message(List<CsvProblem> problems) {
        String shown = problems.stream().limit(PROBLEMS_IN_MESSAGE).map(CsvProblem::message)
                .collect(Collectors.joining("; "));
        int more = problems.size() - PROBLEMS_IN_MESSAGE;
        return problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in CSV: " + shown
                + (more > 0 ? "; and " + more + " more" : "");
    }
}
