package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Traffic;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCsvTest {
    @Test
    void writeThenReadGivesEqualResultsWithoutRecords() {
        EndpointResult a = Fixtures.result("a, \"quoted\"", 200, 1, 1.0, new Traffic(Traffic.Mode.RATE, 2.5));
        EndpointResult b = Fixtures.result("b", 50, 2, 3.0, new Traffic(Traffic.Mode.CONCURRENCY, 4));
        StringWriter out = new StringWriter();
        RunCsv.write(List.of(a, b), out);
        ImportResult<EndpointResult> back = RunCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults());
        assertThat(back.rows()).containsExactly(withoutRecords(a), withoutRecords(b));
        assertThat(a.warnings()).isNotEmpty();
    }

    @Test
    void summaryCsvImportsRoundTripThroughTheRunCsv() {
        List<EndpointResult> imported = SummaryCsvTest.read(SummaryCsvTest.HEADER + "\n" + SummaryCsvTest.EXAMPLE_ROW + "\n");
        StringWriter out = new StringWriter();
        RunCsv.write(imported, out);
        assertThat(RunCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults()).rows()).isEqualTo(imported);
    }

    @Test
    void badJsonCellIsAProblemNamingTheColumn() {
        EndpointResult a = Fixtures.result("a", 20, 1, 1.0, new Traffic(Traffic.Mode.RATE, 2.5));
        StringWriter out = new StringWriter();
        RunCsv.write(List.of(a), out);
        String text = out.toString().replace("\"{\"\"suite\"\":\"\"nightly\"\"}\"", "{suite");
        ImportResult<EndpointResult> r = RunCsv.read(new StringReader(text), ImportOptions.of(ImportMode.SKIP_AND_REPORT));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo("run_labels");
            assertThat(p.rule()).isEqualTo("must be a JSON object of strings");
            assertThat(p.value()).isEqualTo("{suite");
            assertThat(p.line()).isEqualTo(2);
        });
    }

    static EndpointResult withoutRecords(EndpointResult r) {
        return r.withRecords(List.of());
    }
}
