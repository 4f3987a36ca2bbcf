package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.Traffic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the CSV readers: every rejected value names its line, column, rule and value (and
 * the file, when reading one), a bad row is skipped with --skip-bad mode, and a file whose records
 * can no longer be told apart is an error in either mode, never rows silently lost.
 */
class HostileCsvTest {
    private static final ImportOptions SKIP = ImportOptions.of(ImportMode.SKIP_AND_REPORT);

    @TempDir
    Path tmp;

    /** A summary CSV of {@code rows} good rows (providers p0, p1, ...), with row {@code i} replaced as asked. */
    private static String summary(int rows, int bad, java.util.function.UnaryOperator<String> change) {
        StringBuilder sb = new StringBuilder(SummaryCsvTest.HEADER).append('\n');
        for (int i = 0; i < rows; i++) {
            String row = SummaryCsvTest.EXAMPLE_ROW.replace("together,", "p" + i + ",");
            sb.append(i == bad ? change.apply(row) : row).append('\n');
        }
        return sb.toString();
    }

    @Test
    void anUnclosedQuoteThatSwallowsTheRestIsAnErrorEvenWhenSkippingBadRows() {
        // the campaign's file: 11 rows, an unterminated quote at line 4
        String text = summary(11, 2, row -> row.replace("p2,", "\"p2,"));

        assertThatThrownBy(() -> SummaryCsv.read(new StringReader(text), SKIP)).isInstanceOfSatisfying(CsvFormatException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(4)))
                .hasMessageContaining("line 4: record must close every quoted cell, but the quote opened here is never closed: "
                        + "lines 4 to 12 cannot be split into records, but was '\"p2,graphon/");
    }

    @Test
    void anUnclosedQuoteInTheLastColumnIsAnErrorToo() throws IOException {
        // the last column would otherwise swallow every later record into one well-formed cell
        List<RequestRecord> records = Fixtures.records("e", 5, 1, 1.0);
        StringWriter out = new StringWriter();
        RequestCsv.write(records, out);
        List<String> lines = new ArrayList<>(out.toString().lines().toList());
        lines.set(3, lines.get(3) + "\"unclosed sample");
        String text = String.join("\n", lines) + "\n";

        assertThatThrownBy(() -> RequestCsv.read(new StringReader(text), SKIP)).isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("line 4: record must close every quoted cell, but the quote opened here is never closed: "
                        + "lines 4 to 6 cannot be split into records, but was '\"unclosed sample");
        Path file = tmp.resolve("requests.csv");
        Files.writeString(file, text);
        assertThatThrownBy(() -> RequestCsv.read(file, SKIP)).isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith(file + ": 1 problem in CSV: line 4:");
    }

    @Test
    void aQuoteClosedLinesLaterByAStrayOneIsAnError() {
        String text = summary(8, 2, row -> row.replace("p2,", "\"p2,")).replace("p5,", "p5\",");
        assertThatThrownBy(() -> SummaryCsv.read(new StringReader(text), SKIP)).isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("line 4: record must be one record of 51 cells, but it runs to line 7 and column "
                        + "provider_name holds a line break: a quote is probably not closed or closed too late");
    }

    @Test
    void aRowWithTooFewCellsOnItsOwnLineIsSkippedAndReportedWithItsLine() {
        String text = summary(5, 1, row -> row.substring(0, row.indexOf(",qps,")));
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(text), SKIP);
        assertThat(r.rows()).hasSize(4);
        assertThat(r.problems()).extracting(CsvProblem::message)
                .containsExactly("line 3: record must have 51 cells like the header, but was '2 cells'");
    }

    @Test
    void bytesThatAreNotUtf8AreAProblemNamingTheFileLineAndColumn() throws IOException {
        String text = summary(4, 2, row -> row.replace("p2,", "p\u00e9,"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (b == (byte) 0xC3) {
                continue;       // drop the lead byte of é: a lone continuation byte is not UTF-8
            }
            latin1.write(b);
        }
        Path file = tmp.resolve("latin1.csv");
        Files.write(file, latin1.toByteArray());

        ImportResult<EndpointResult> r = SummaryCsv.read(file, SKIP);
        assertThat(r.rows()).hasSize(3);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo("provider_name");
            assertThat(p.message()).isEqualTo("line 4: column provider_name must be UTF-8 text, but the file has bytes there "
                    + "that are not UTF-8 (shown as \uFFFD), but was 'p\uFFFD'");
        });
        assertThatThrownBy(() -> SummaryCsv.read(file, ImportOptions.ofDefaults())).isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith(file + ": 1 problem in CSV: line 4: column provider_name must be UTF-8 text");
    }

    @Test
    void anOverlongNameIsSkippedNamingLineColumnLimitAndLength() {
        String text = summary(3, 1, row -> row.replace(",graphon/", "," + "m".repeat(20_000) + "/"));
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(text), SKIP);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("line 3: column provider_model must be at most 1000 characters long (the store's limit), but was 'mmm")
                .endsWith("...' (20036 characters)"));

        String combined = summary(1, 0, row -> row.replace("p0,", "p".repeat(600) + ",").replace(",graphon/", "," + "m".repeat(380) + "/"));
        assertThat(SummaryCsv.read(new StringReader(combined), SKIP).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("column provider_model must be at most 1000 characters long with "
                        + "provider_name and a '/'"));
    }

    @Test
    void nulCharactersInNamesAreAProblem() {
        String text = summary(3, 1, row -> row.replace("p1,", "p\u00001,"));
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(text), SKIP);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.problems()).extracting(CsvProblem::message)
                .containsExactly("line 3: column provider_name must not contain NUL characters (shown as \\0), but was 'p\\01'");
    }

    @Test
    void negativeLatenciesAndTokenCountsAreProblems() {
        String text = summary(4, 1, row -> row.replace(",9465.41599999182,", ",-5,"))
                .replace("p3,graphon/graphon-Qwen3-Omni-30B-A3B-Instruct,qps,0.6,11570.470588235294,", "p3,graphon/graphon-Qwen3-Omni-30B-A3B-Instruct,qps,0.6,-1.0,");
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(text), SKIP);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.problems()).extracting(CsvProblem::message).containsExactly(
                "line 3: column ttft_p50 must be >= 0 or NaN, but was '-5'",
                "line 5: column input_avg_len must be >= 0 or NaN, but was '-1.0'");

        EndpointResult run = Fixtures.result("e", 10, 1, 1.0, new Traffic(Traffic.Mode.CONCURRENCY, 2));
        StringWriter out = new StringWriter();
        RunCsv.write(List.of(run), out);
        String negative = out.toString().replaceFirst(",(\\d+\\.\\d+),(\\d+),(\\d+),(\\d+),", ",-$1,$2,$3,$4,");
        assertThat(RunCsv.read(new StringReader(negative), SKIP).problems()).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("must be >= 0 or NaN"));
    }

    @Test
    void negativeTimesAndGapsInRequestRowsAreProblems() {
        List<RequestRecord> records = Fixtures.records("e", 3, 1, 1.0);
        StringWriter out = new StringWriter();
        RequestCsv.write(records, out);
        List<String> lines = new ArrayList<>(out.toString().lines().toList());
        String[] cells = lines.get(2).split(",", -1);
        cells[RequestCsv.COLUMNS.indexOf("ttft_ms")] = "-5";
        lines.set(2, String.join(",", cells));
        cells = lines.get(3).split(",", -1);
        cells[RequestCsv.COLUMNS.indexOf("itl_us")] = "12 -3 40";
        lines.set(3, String.join(",", cells));

        ImportResult<RequestRecord> r = RequestCsv.read(new StringReader(String.join("\n", lines)), SKIP);
        assertThat(r.rows()).hasSize(1);
        assertThat(r.problems()).extracting(CsvProblem::message).containsExactly(
                "line 3: column ttft_ms must be >= 0 or empty, but was '-5'",
                "line 4: column itl_us must be whole microseconds >= 0 separated by spaces (item 2 is not), but was '12 -3 40'");
    }

    @Test
    void duplicateRequestRowsAreProblemsNamingTheEarlierLine() {
        List<RequestRecord> records = new ArrayList<>(Fixtures.records("e", 4, 1, 1.0));
        records.add(records.get(1));
        StringWriter out = new StringWriter();
        RequestCsv.write(records, out);

        ImportResult<RequestRecord> r = RequestCsv.read(new StringReader(out.toString()), SKIP);
        assertThat(r.rows()).hasSize(4);
        assertThat(r.problems()).extracting(CsvProblem::message).containsExactly("line 6: column sequence must be unique per "
                + "endpoint, but line 3 has the same endpoint 'e' and sequence (a duplicate request row), but was '1'");
        assertThatThrownBy(() -> RequestCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults()))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("line 6: column sequence");
    }
}
