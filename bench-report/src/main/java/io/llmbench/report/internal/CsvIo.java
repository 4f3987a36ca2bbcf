package io.llmbench.report.internal;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.llmbench.report.CsvFormatException;
import io.llmbench.report.CsvProblem;
import io.llmbench.report.ImportMode;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.ReportException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The CSV plumbing shared by every CSV format: univocity settings that keep every character
 * (no trimming, no length limit), cells {@linkplain #neutralise neutralised} against formula
 * injection on the way out and {@linkplain #restore restored} on the way in, and a reading loop
 * that turns rule violations into line-numbered {@link CsvProblem}s. Stateless and thread-safe.
 */
public final class CsvIo {
    private CsvIo() {
    }

    /** Writer settings: quote when needed, keep whitespace, {@code \n} line ends. */
    public static CsvWriter writer(Writer out) {
        CsvWriterSettings s = new CsvWriterSettings();
        s.setIgnoreLeadingWhitespaces(false);
        s.setIgnoreTrailingWhitespaces(false);
        s.getFormat().setLineSeparator("\n");
        s.setQuoteEscapingEnabled(true);
        s.setMaxCharsPerColumn(-1);
        s.setNullValue("");
        s.setEmptyValue("");
        return new CsvWriter(out, s);
    }

    private static CsvParser parser() {
        CsvParserSettings s = new CsvParserSettings();
        s.setIgnoreLeadingWhitespaces(false);
        s.setIgnoreTrailingWhitespaces(false);
        s.setMaxCharsPerColumn(-1);
        s.setMaxColumns(4096);
        s.setLineSeparatorDetectionEnabled(true);
        s.setSkipEmptyLines(true);
        s.setNullValue(null);
        s.setEmptyValue(null);
        return new CsvParser(s);
    }

    /**
     * Reads a CSV file with a header.
     *
     * @param required columns the header must have
     * @param known    every column the format defines (extra columns are a problem on line 1)
     * @param mapper   maps one row; throws {@link CellException} for a bad cell
     */
    public static <T> ImportResult<T> read(Reader in, ImportOptions options, List<String> required, Set<String> known,
                                           Function<Row, T> mapper) {
        CsvParser parser = parser();
        List<T> rows = new ArrayList<>();
        List<CsvProblem> problems = new ArrayList<>();
        try {
            parser.beginParsing(in);
            String[] header = parser.parseNext();
            if (header == null) {
                throw new CsvFormatException(List.of(new CsvProblem(1, null, "must start with a header line", "an empty file")));
            }
            Map<String, Integer> index = new HashMap<>();
            List<CsvProblem> headerProblems = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < header.length; i++) {
                String name = header[i] == null ? "" : header[i];
                if (i == 0 && name.startsWith("\uFEFF")) {
                    name = name.substring(1);
                }
                if (!seen.add(name)) {
                    headerProblems.add(new CsvProblem(1, name, "must appear once in the header", "repeated"));
                } else if (!known.contains(name)) {
                    problems.add(new CsvProblem(1, name.isEmpty() ? "#" + (i + 1) : name,
                            "must be one of the format's columns (it would be ignored)", name));
                }
                index.putIfAbsent(name, i);
            }
            for (String r : required) {
                if (!index.containsKey(r)) {
                    headerProblems.add(new CsvProblem(1, r, "must be present in the header", null));
                }
            }
            if (!headerProblems.isEmpty()) {
                headerProblems.addAll(problems);
                throw new CsvFormatException(headerProblems);
            }
            String[] cells;
            while ((cells = parser.parseNext()) != null) {
                long line = startLine(parser.getContext().currentLine(), cells);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = restore(cells[i]);
                }
                if (cells.length != header.length) {
                    problems.add(new CsvProblem(line, null, "must have " + header.length + " cells like the header",
                            cells.length + " cells"));
                    continue;
                }
                try {
                    rows.add(mapper.apply(new Row(index, cells, line)));
                } catch (CellException e) {
                    problems.add(new CsvProblem(line, e.column(), e.rule(), e.value()));
                } catch (IllegalArgumentException | NullPointerException e) {
                    problems.add(new CsvProblem(line, null, "must describe a valid value (" + e.getMessage() + ")", "this record"));
                }
            }
        } catch (TextParsingException e) {
            problems.add(new CsvProblem(Math.max(1, e.getLineIndex() + 1), null, "must be well-formed CSV (" + firstLine(e.getMessage()) + ")",
                    e.getParsedContent() == null ? null : e.getParsedContent()));
        } finally {
            parser.stopParsing();
        }
        if (options.mode() == ImportMode.ALL_OR_NOTHING && !problems.isEmpty()) {
            throw new CsvFormatException(problems);
        }
        return new ImportResult<>(rows, problems);
    }

    private static long startLine(long endLine, String[] cells) {
        long breaks = 0;
        for (String c : cells) {
            if (c != null) {
                for (int i = 0; i < c.length(); i++) {
                    if (c.charAt(i) == '\n') {
                        breaks++;
                    }
                }
            }
        }
        return Math.max(1, endLine - breaks);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Writes a header and one row per item, in {@code columns} order, then flushes. */
    public static <T> void writeRows(Writer out, List<String> columns, Iterable<T> items,
                                     java.util.function.Function<T, String[]> row) {
        CsvWriter w = writer(out);
        w.writeHeaders(columns);
        for (T item : items) {
            writeRow(w, row.apply(item));
        }
        w.flush();
    }

    /** Writes one row, each cell {@linkplain #neutralise neutralised} (in place). */
    public static void writeRow(CsvWriter w, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = neutralise(cells[i]);
        }
        w.writeRow((Object[]) cells);
    }

    /** What a spreadsheet may take for the start of a formula (OWASP's list): {@code = + - @}, tab, carriage return. */
    private static boolean formulaStart(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** A decimal number as the readers accept it. */
    static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * A cell a spreadsheet will not run as a formula: text starting with {@code = + - @}, a tab or
     * a carriage return gets a leading {@code '} (a spreadsheet shows the rest as text), and so
     * does text starting with {@code '} followed by one of those or another {@code '}, so that
     * {@link #restore} gives every string back exactly. Numbers ({@code -5}, {@code +1.5e-05}) are
     * left alone: they stay numbers. Null stays null.
     */
    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        boolean escape = formulaStart(c) ? !NUMBER.matcher(cell).matches()
                : c == '\'' && cell.length() > 1 && (formulaStart(cell.charAt(1)) || cell.charAt(1) == '\'');
        return escape ? "'" + cell : cell;
    }

    /**
     * The inverse of {@link #neutralise}: drops the {@code '} before {@code = + - @}, a tab, a
     * carriage return or another {@code '}. Other text, a lone {@code '} included, is unchanged.
     */
    public static String restore(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\''
                && (formulaStart(cell.charAt(1)) || cell.charAt(1) == '\'')) {
            return cell.substring(1);
        }
        return cell;
    }

    /** Opens {@code file} for writing (UTF-8, replacing it) and hands the writer to {@code body}. */
    public static void toFile(java.nio.file.Path file, java.util.function.Consumer<Writer> body) {
        try (Writer out = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            body.accept(out);
        } catch (java.io.IOException e) {
            throw writeFailed(file.toString(), e);
        }
    }

    /** Wraps an I/O failure while writing. */
    public static ReportException writeFailed(String what, Exception e) {
        return new ReportException("could not write " + what + ": " + e.getMessage(), e);
    }
}
