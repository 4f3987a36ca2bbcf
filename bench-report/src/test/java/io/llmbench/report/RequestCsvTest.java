package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.workload.PromptInfo;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestCsvTest {
    @Test
    void writeThenReadGivesEqualRecords() {
        List<RequestRecord> records = Fixtures.records("ep \"one\", <b>", 200, 7, 1.0);
        StringWriter out = new StringWriter();
        RequestCsv.write(records, out);
        ImportResult<RequestRecord> back = RequestCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults());
        assertThat(back.problems()).isEmpty();
        assertThat(back.rows()).isEqualTo(records);
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) {
        List<RequestRecord> records = Fixtures.records("a", 30, 3, 2.0);
        Path file = dir.resolve("requests.csv");
        RequestCsv.write(records, file);
        assertThat(RequestCsv.read(file, ImportOptions.ofDefaults()).rows()).isEqualTo(records);
    }

    @Test
    void keepsTheWriteTimeAndReadsFilesWithoutItsColumn() {
        RequestRecord base = Fixtures.records("a", 1, 1, 1.0).get(0);
        RequestRecord r = new RequestRecord(base.endpoint(), base.sequence(), base.prompt(), base.startEpochMillis(),
                base.scheduledNanos(), base.sentNanos(), base.firstChunkNanos(), base.ttftNanos(), base.e2eNanos(),
                base.endNanos(), base.contentChunks(), base.itlMicros(), base.inputTokens(), base.inputSource(),
                base.outputTokens(), base.outputSource(), base.tokenizerOutputTokens(), base.streamed(), base.failure(),
                base.error(), base.httpStatus(), base.responseSample(), 123_456);
        StringWriter out = new StringWriter();
        RequestCsv.write(List.of(r), out);
        String[] lines = out.toString().split("\n");
        assertThat(lines[1]).endsWith(",0.123456");
        assertThat(RequestCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults()).rows()).containsExactly(r);

        // a file written before the column existed: the same row without its last cell
        String old = lines[0].substring(0, lines[0].lastIndexOf(',')) + "\n" + lines[1].substring(0, lines[1].lastIndexOf(','));
        assertThat(RequestCsv.read(new StringReader(old), ImportOptions.ofDefaults()).rows()).singleElement()
                .satisfies(back -> assertThat(back.writtenNanos()).isEqualTo(-1));
    }

    @Test
    void keepsLeadingAndTrailingSpacesAndUnicodeInText() {
        RequestRecord r = new RequestRecord("  spaced  ", 3, new PromptInfo(" id ", "c\u00e9t\u00e9", "long", "x\ty"), 5, 0, 10,
                -1, 1_000_001, 2_500_000, 2_600_000, 1, null, 12, TokenSource.TOKENIZER, 1, TokenSource.USAGE, -1, false,
                null, null, 200, "  \u2028 line\r\nbreak ");
        StringWriter out = new StringWriter();
        RequestCsv.write(List.of(r), out);
        assertThat(RequestCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults()).rows()).containsExactly(r);
    }

    @Test
    void writesTimesAsExactMillisecondsAndDerivedColumns() {
        RequestRecord r = Fixtures.records("a", 1, 1, 1.0).get(0);
        StringWriter out = new StringWriter();
        RequestCsv.write(List.of(r), out);
        String[] header = out.toString().split("\n")[0].split(",");
        String[] cells = out.toString().split("\n")[1].split(",");
        assertThat(header).containsExactlyElementsOf(RequestCsv.COLUMNS);
        int ttft = RequestCsv.COLUMNS.indexOf("ttft_ms");
        assertThat(new java.math.BigDecimal(cells[ttft]).movePointRight(6).longValueExact()).isEqualTo(r.ttftNanos());
        assertThat(Double.parseDouble(cells[RequestCsv.COLUMNS.indexOf("tpot_ms")])).isCloseTo(r.tpotMillis(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cells[RequestCsv.COLUMNS.indexOf("outcome")]).isEqualTo("ok");
    }

    @Test
    void badCellsAreReportedWithLineColumnAndValue() {
        StringWriter out = new StringWriter();
        RequestCsv.write(Fixtures.records("a", 6, 1, 1.0), out);
        String[] lines = out.toString().split("\n(?=a,)");
        // line 1 header, record i on line i + 2; break record 2's sequence and failed record 5's failure kind
        List<String> fixed = new java.util.ArrayList<>(List.of(lines));
        fixed.set(3, fixed.get(3).replaceFirst("^a,2,", "a,2x,"));
        fixed.set(6, fixed.get(6).replace(",HTTP_429,", ",SLOW,"));
        String text = String.join("\n", fixed);
        ImportResult<RequestRecord> r = RequestCsv.read(new StringReader(text), ImportOptions.of(ImportMode.SKIP_AND_REPORT));
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0).message()).isEqualTo("line 4: column sequence must be a whole number >= 0, but was '2x'");
        assertThat(r.problems().get(1).column()).isEqualTo("failure_kind");
        assertThat(r.problems().get(1).value()).isEqualTo("SLOW");
        assertThat(r.problems().get(1).line()).isEqualTo(7);
        assertThat(r.rows()).hasSize(4);
        assertThatThrownBy(() -> RequestCsv.read(new StringReader(text), ImportOptions.ofDefaults()))
                .isInstanceOf(CsvFormatException.class).hasMessageStartingWith("2 problems in CSV: line 4: column sequence");
    }

    @Test
    void lineNumbersCountLineBreaksInsideQuotedCells() {
        List<RequestRecord> records = Fixtures.records("a", 8, 1, 1.0); // record 5 is a failure whose message spans two lines
        StringWriter out = new StringWriter();
        RequestCsv.write(records, out);
        String text = out.toString().replace("\na,7,", "\na,-7,");
        ImportResult<RequestRecord> r = RequestCsv.read(new StringReader(text), ImportOptions.of(ImportMode.SKIP_AND_REPORT));
        // header line 1, records 0..4 lines 2..6, record 5 lines 7..8, record 6 line 9, record 7 line 10
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(10));
    }

    @Test
    void sequenceMustBeAWholeNumber() {
        assertThatThrownBy(() -> RequestCsv.read(new StringReader(String.join(",", RequestCsv.COLUMNS) + "\n"
                + "a,1.5,p,,,,0,0,0,,,,,,,,,0,,NONE,,NONE,,true,,,0,,,,\n"), ImportOptions.ofDefaults()))
                .hasMessageContaining("column sequence must be a whole number >= 0, but was '1.5'");
    }
}
