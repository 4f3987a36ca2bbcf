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
import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Stands in for each byte sequence of a file that is not UTF-8, so the row and column it is in can be named. */
    static final char NOT_UTF8 = '\uFFFF';

    /**
     * Reads a file of a CSV format: decodes it as UTF-8, keeping the place of bytes that are not
     * (each row holding one is a problem naming its column), and names the file in the exception
     * when the read fails.
     *
     * @throws CsvFormatException  naming the file, see {@link #read}
     * @throws ReportException    naming the file when it cannot be read
     */
    public static <T> ImportResult<T> readFile(Path file, Function<Reader, ImportResult<T>> format) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(String.valueOf(NOT_UTF8));
        try (Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8), 1 << 16)) {
            return format.apply(in);
        } catch (CsvFormatException e) {
            throw e.in(file.toString());
        } catch (IOException e) {
            throw new ReportException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a CSV file with a header.
     *
     * <p>Every cell is checked before the row is mapped: it must hold no NUL character and no byte
     * sequence that is not UTF-8, and must not be longer than its column's limit. A file whose
     * records cannot be told apart any more (a quote that is never closed swallows the rest of the
     * file; a record that spans several lines and has the wrong number of cells) fails in either
     * mode, since the rows after it would be lost without a trace.
     *
     * @param schema the columns and what each may hold
     * @param mapper maps one row; throws {@link CellException} for a bad cell
     * @throws CsvFormatException in {@link ImportMode#ALL_OR_NOTHING} mode when anything is wrong,
     *                            and in either mode when the header or the framing of records is
     */
    public static <T> ImportResult<T> read(Reader in, ImportOptions options, CsvSchema schema, Function<Row, T> mapper) {
        List<String> required = schema.required();
        Set<String> known = schema.known();
        CsvParser parser = parser();
        QuoteTracker framing = new QuoteTracker(in);
        List<T> rows = new ArrayList<>();
        List<CsvProblem> problems = new ArrayList<>();
        try {
            parser.beginParsing(framing);
            String[] header = parser.parseNext();
            if (header == null) {
                throw new CsvFormatException(List.of(new CsvProblem(1, null, "must start with a header line", "an empty file")));
            }
            Map<String, Integer> index = new HashMap<>();
            List<CsvProblem> headerProblems = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            String[] names = new String[header.length];
            for (int i = 0; i < header.length; i++) {
                String name = header[i] == null ? "" : header[i];
                if (i == 0 && name.startsWith("\uFEFF")) {
                    name = name.substring(1);
                }
                names[i] = name;
                String broken = badCharacters(name);
                if (broken != null) {
                    headerProblems.add(new CsvProblem(1, "#" + (i + 1), broken, shown(name)));
                } else if (!seen.add(name)) {
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
                long endLine = parser.getContext().currentLine();
                long line = startLine(endLine, cells);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = restore(cells[i]);
                }
                if (endLine > line) {
                    CsvProblem swallowed = swallowedLines(line, endLine, names, cells, schema.multiline());
                    if (swallowed != null) {
                        throw framingLost(parser, framing, swallowed);
                    }
                }
                if (cells.length != header.length) {
                    problems.add(new CsvProblem(line, null, "must have " + header.length + " cells like the header",
                            cells.length + " cells"));
                    continue;
                }
                CsvProblem bad = checkCells(line, names, cells, schema.maxLengths());
                if (bad != null) {
                    problems.add(bad);
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
            throw new CsvFormatException(List.of(new CsvProblem(Math.max(1, e.getLineIndex() + 1), null,
                    "must be well-formed CSV (" + firstLine(e.getMessage()) + ")",
                    e.getParsedContent() == null ? null : e.getParsedContent())));
        } finally {
            parser.stopParsing();
        }
        if (framing.unclosedQuoteLine() > 0) {
            throw new CsvFormatException(List.of(unclosedQuote(framing)));
        }
        if (options.mode() == ImportMode.ALL_OR_NOTHING && !problems.isEmpty()) {
            throw new CsvFormatException(problems);
        }
        return new ImportResult<>(rows, problems);
    }

    /**
     * Whether a record that spans lines swallowed the lines of other records: it has the wrong
     * number of cells, or a line break in a column that holds none (a name, a number). Null when
     * it is a record with multi-line text, as the format allows.
     */
    private static CsvProblem swallowedLines(long line, long endLine, String[] names, String[] cells, Set<String> multiline) {
        String because = null;
        if (cells.length != names.length) {
            because = "it has " + cells.length + " cells";
        } else {
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] != null && !multiline.contains(names[i]) && (cells[i].indexOf('\n') >= 0 || cells[i].indexOf('\r') >= 0)) {
                    because = "column " + names[i] + " holds a line break";
                    break;
                }
            }
        }
        if (because == null) {
            return null;
        }
        return new CsvProblem(line, null, "must be one record of " + names.length + " cells, but it runs to line " + endLine
                + " and " + because + ": a quote is probably not closed or closed too late, so the records from here on cannot "
                + "be told apart", shown(String.join(",", nonNull(cells))));
    }

    /** Reads the rest of the file, then says why its records cannot be told apart: the unclosed quote if there is one. */
    private static CsvFormatException framingLost(CsvParser parser, QuoteTracker framing, CsvProblem found) {
        try {
            while (parser.parseNext() != null) {
                // only the quoting of what follows matters now
            }
        } catch (TextParsingException ignored) {
            // already broken
        }
        return new CsvFormatException(List.of(framing.unclosedQuoteLine() > 0 ? unclosedQuote(framing) : found));
    }

    private static CsvProblem unclosedQuote(QuoteTracker framing) {
        return new CsvProblem(framing.unclosedQuoteLine(), null, "must close every quoted cell, but the quote opened here is "
                + "never closed: lines " + framing.unclosedQuoteLine() + " to " + framing.lines() + " cannot be split into records",
                shown(framing.openedText()));
    }

    /** The first cell of a row that breaks a rule every cell has, as a problem; null when all are fine. */
    private static CsvProblem checkCells(long line, String[] names, String[] cells, Map<String, Integer> maxLengths) {
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            if (c == null) {
                continue;
            }
            String broken = badCharacters(c);
            if (broken != null) {
                return new CsvProblem(line, names[i], broken, shown(c));
            }
            Integer max = maxLengths.get(names[i]);
            if (max != null && c.length() > max) {
                return new CsvProblem(line, names[i], "must be at most " + max + " characters long (the store's limit)", c);
            }
        }
        return null;
    }

    /** The rule a text breaks with a NUL or a stand-in for bytes that are not UTF-8, or null. */
    private static String badCharacters(String text) {
        if (text.indexOf(NOT_UTF8) >= 0) {
            return "must be UTF-8 text, but the file has bytes there that are not UTF-8 (shown as \uFFFD)";
        }
        if (text.indexOf('\0') >= 0) {
            return "must not contain NUL characters (shown as \\0)";
        }
        return null;
    }

    /** A text with its bad characters made visible. */
    private static String shown(String text) {
        return text.replace(NOT_UTF8, '\uFFFD').replace("\0", "\\0");
    }

    private static String[] nonNull(String[] cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = cells[i] == null ? "" : cells[i];
        }
        return out;
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

    /**
     * Follows the quoting of the characters the parser reads (RFC 4180: a quote opens a quoted
     * cell only at the start of a cell; {@code ""} inside is a quote), to tell, at the end, whether
     * a quoted cell was never closed and where it opened. Not thread-safe.
     */
    static final class QuoteTracker extends FilterReader {
        private static final int OPENED_SHOWN = 81;
        private boolean inQuotes;
        private boolean quoteSeen;
        private boolean atCellStart = true;
        private char previous;
        private long line = 1;
        private long openedAt;
        private final StringBuilder opened = new StringBuilder();
        private boolean first = true;

        QuoteTracker(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                track((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = 0; i < n; i++) {
                track(buf[off + i]);
            }
            return n;
        }

        private void track(char c) {
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    return;
                }
            }
            if (inQuotes && opened.length() < OPENED_SHOWN) {
                opened.append(c);
            }
            if (inQuotes) {
                if (quoteSeen) {
                    quoteSeen = false;
                    if (c == '"') {
                        return;
                    }
                    inQuotes = false;
                } else {
                    if (c == '"') {
                        quoteSeen = true;
                    }
                    countLine(c);
                    return;
                }
            }
            if (c == '"' && atCellStart) {
                inQuotes = true;
                openedAt = line;
                opened.setLength(0);
                opened.append(c);
                atCellStart = false;
                return;
            }
            atCellStart = c == ',' || c == '\n' || c == '\r';
            countLine(c);
        }

        private void countLine(char c) {
            if (c == '\r' || c == '\n' && previous != '\r') {
                line++;
            }
            previous = c;
        }

        /** The start of the quoted cell opened last, its quote included. */
        String openedText() {
            return opened.toString();
        }

        /** The line where a quoted cell that is still open at the end opened, or 0. */
        long unclosedQuoteLine() {
            return inQuotes && !quoteSeen ? openedAt : 0;
        }

        /** The lines read (the last one counted even without a line end). */
        long lines() {
            return previous == '\n' || previous == '\r' ? line - 1 : line;
        }
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
