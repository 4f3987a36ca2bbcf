package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.Traffic;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SummaryCsvTest {
    static final Path REAL = Path.of("/work/shared/datasets/together-benchmark-model");
    static final String HEADER = String.join(",", SummaryCsv.COLUMNS);
    static final String EXAMPLE_ROW = "together,graphon/graphon-Qwen3-Omni-30B-A3B-Instruct,qps,0.6,11570.470588235294,1.5762071772910897,11568,11574,196698,152.05882352941177,6.881095913359887,138,161,2585,10945.902700892048,3575.7261876423577,6300.381850032136,9465.41599999182,14178.01366620697,16332.948258402756,18423.81468522828,18894.25963126403,,28.423920187296854,22.279157941491466,12.363854544771247,19.2551403923085,33.96361100301085,69.06298012527405,93.02800003851546,98.42012951899484,,18593.850320896738,6578.506440646982,9260.732300044037,16482.94258408714,26390.69243343547,27889.894357998855,29191.542437975295,29484.413255969997,,18,40.45644137496129,63.895881895333254,0.4449229687102509,1,4,0,0,,";

    @Test
    void hasTheFiftyOneColumnsInOrder() {
        assertThat(SummaryCsv.COLUMNS).hasSize(51).startsWith("provider_name", "provider_model", "traffic_mode", "traffic_level")
                .endsWith("per_gpu_tps_stdev", "acceptance_rate", "hf_dataset_name").doesNotHaveDuplicates();
    }

    @Test
    void readsTheDesignExampleRowIntoResultValues() {
        EndpointResult r = read(HEADER + "\n" + EXAMPLE_ROW + "\n").get(0);
        assertThat(r.deployment().provider()).isEqualTo("together");
        assertThat(r.deployment().model()).isEqualTo("graphon/graphon-Qwen3-Omni-30B-A3B-Instruct");
        assertThat(r.deployment().name()).isEqualTo("together/graphon/graphon-Qwen3-Omni-30B-A3B-Instruct");
        assertThat(r.deployment().gpuCount()).isEqualTo(4);
        assertThat(r.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.RATE, 0.6));
        assertThat(r.job().requests()).isEqualTo(18);
        assertThat(r.job().failed()).isEqualTo(1);
        assertThat(r.job().succeeded()).isEqualTo(17);
        assertThat(r.job().failures()).containsEntry(FailureKind.OTHER, 1L);
        assertThat(r.job().inputTokens()).isEqualTo(196698);
        assertThat(r.job().outputTokens()).isEqualTo(2585);
        assertThat(r.job().durationSeconds()).isEqualTo(40.45644137496129);
        assertThat(r.job().outputTokenThroughput()).isEqualTo(63.895881895333254);
        assertThat(r.job().requestThroughput()).isEqualTo(17 / 40.45644137496129);
        MetricStats ttft = r.metric(Metric.TTFT);
        assertThat(ttft.count()).isEqualTo(17);
        assertThat(ttft.mean()).isEqualTo(10945.902700892048);
        assertThat(ttft.p05()).isEqualTo(6300.381850032136);
        assertThat(ttft.p999()).isEqualTo(18894.25963126403);
        assertThat(ttft.hasHistogram()).isFalse();
        assertThat(r.metric(Metric.USER_TPS).p50()).isEqualTo(19.2551403923085);
        assertThat(r.metric(Metric.E2E).p95()).isEqualTo(27889.894357998855);
        MetricStats in = r.metric(Metric.INPUT_TOKENS);
        assertThat(in.mean()).isEqualTo(11570.470588235294);
        assertThat(in.min()).isEqualTo(11568);
        assertThat(in.max()).isEqualTo(11574);
        assertThat(r.metric(Metric.OUTPUT_TOKENS).stdev()).isEqualTo(6.881095913359887);
        // the derived qps matches, the per-GPU mean (0 with 4 GPUs) does not and is kept as a label
        assertThat(r.run().labels()).containsEntry("per_gpu_tps_mean", "0").doesNotContainKeys("summary_actual_qps",
                "per_gpu_tps_stdev", "acceptance_rate", "hf_dataset_name");
        assertThat(r.records()).isEmpty();
    }

    @Test
    void writesTheDesignExampleRowBackCellForCell() {
        List<EndpointResult> rows = read(HEADER + "\n" + EXAMPLE_ROW + "\n");
        StringWriter out = new StringWriter();
        SummaryCsv.write(rows, out);
        assertThat(out.toString()).isEqualTo(HEADER + "\n" + EXAMPLE_ROW + "\n");
    }

    static Stream<Path> realFiles() throws IOException {
        if (!Files.isDirectory(REAL)) {
            return Stream.of();
        }
        try (Stream<Path> s = Files.list(REAL)) {
            return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList().stream();
        }
    }

    @Test
    void realFilesArePresentWhenTheSharedDatasetIs() throws IOException {
        assumeThat(Files.isDirectory(REAL)).as("shared dataset present").isTrue();
        assertThat(realFiles()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("realFiles")
    void readsRealFilesWithoutLoss(Path file) throws IOException {
        ImportResult<EndpointResult> read = SummaryCsv.read(file, ImportOptions.ofDefaults());
        List<String[]> original = parse(Files.readString(file));
        assertThat(read.rows()).hasSize(original.size() - 1);
        StringWriter out = new StringWriter();
        SummaryCsv.write(read.rows(), out);
        List<String[]> written = parse(out.toString());
        assertThat(written.get(0)).containsExactly(original.get(0));
        for (int row = 1; row < original.size(); row++) {
            for (int col = 0; col < 51; col++) {
                String a = original.get(row)[col] == null ? "" : original.get(row)[col];
                String b = written.get(row)[col] == null ? "" : written.get(row)[col];
                String where = file.getFileName() + " line " + (row + 1) + " column " + SummaryCsv.COLUMNS.get(col);
                if (a.matches("-?[0-9.eE+-]+") && !a.isEmpty()) {
                    assertThat(Double.parseDouble(b)).as(where).isEqualTo(Double.parseDouble(a));
                } else {
                    assertThat(b).as(where).isEqualTo(a);
                }
            }
        }
        // reading what we wrote gives equal values: a fixpoint
        assertThat(read(out.toString())).isEqualTo(read.rows());
    }

    @Test
    void engineResultRoundTripsItsSummaryFiguresAndHistograms() {
        EndpointResult r = Fixtures.result("a", 300, 1, 1.0, new Traffic(Traffic.Mode.CONCURRENCY, 8));
        StringWriter out = new StringWriter();
        SummaryCsv.write(List.of(r), out);
        EndpointResult back = read(out.toString()).get(0);
        assertThat(back.job().requests()).isEqualTo(r.job().requests());
        assertThat(back.job().failed()).isEqualTo(r.job().failed());
        assertThat(back.job().inputTokens()).isEqualTo(r.job().inputTokens());
        assertThat(back.job().outputTokens()).isEqualTo(r.job().outputTokens());
        assertThat(back.job().durationSeconds()).isEqualTo(r.job().durationSeconds());
        assertThat(back.job().outputTokenThroughput()).isEqualTo(r.job().outputTokenThroughput());
        assertThat(back.job().requestThroughput()).isEqualTo(r.job().requestThroughput());
        assertThat(back.run().traffic()).isEqualTo(r.run().traffic());
        assertThat(back.deployment().gpuCount()).isEqualTo(2);
        assertThat(back.run().labels()).isEmpty();
        for (Metric m : new Metric[] {Metric.TTFT, Metric.USER_TPS, Metric.E2E}) {
            MetricStats a = r.metric(m);
            MetricStats b = back.metric(m);
            assertThat(b.count()).as(m.key()).isEqualTo(a.count());
            assertThat(new double[] {b.mean(), b.stdev(), b.p05(), b.p50(), b.p80(), b.p95(), b.p99(), b.p999()}).as(m.key())
                    .containsExactly(a.mean(), a.stdev(), a.p05(), a.p50(), a.p80(), a.p95(), a.p99(), a.p999());
            assertThat(b.histogram()).isEqualTo(a.histogram());
            assertThat(b.percentile(90)).isEqualTo(a.percentile(90));
        }
        for (Metric m : new Metric[] {Metric.INPUT_TOKENS, Metric.OUTPUT_TOKENS}) {
            assertThat(back.metric(m).mean()).isEqualTo(r.metric(m).mean());
            assertThat(back.metric(m).min()).isEqualTo(r.metric(m).min());
            assertThat(back.metric(m).max()).isEqualTo(r.metric(m).max());
        }
        assertThat(MetricStats.merge(List.of(back.metric(Metric.E2E), r.metric(Metric.E2E))).count()).isEqualTo(2 * r.metric(Metric.E2E).count());
    }

    @Test
    void keepsOptionalColumnsAndOddDerivedValuesAsLabels() {
        String row = EXAMPLE_ROW.replace(",0.4449229687102509,1,4,0,0,,", ",0.45,1,4,12.5,1.5,0.71,\"sharegpt,v2\"");
        List<EndpointResult> r = read(HEADER + "\n" + row + "\n");
        assertThat(r.get(0).run().labels()).containsEntry("summary_actual_qps", "0.45").containsEntry("per_gpu_tps_mean", "12.5")
                .containsEntry("per_gpu_tps_stdev", "1.5").containsEntry("acceptance_rate", "0.71")
                .containsEntry("hf_dataset_name", "sharegpt,v2");
        assertThat(r.get(0).run().workload()).isEqualTo("sharegpt,v2");
        StringWriter out = new StringWriter();
        SummaryCsv.write(r, out);
        assertThat(out.toString()).isEqualTo(HEADER + "\n" + row + "\n");
    }

    @Test
    void readsColumnsInAnyOrderAndWithoutOptionalOnes() {
        List<String> cols = new java.util.ArrayList<>(SummaryCsv.COLUMNS);
        String[] cells = EXAMPLE_ROW.split(",", -1);
        List<String> h = new java.util.ArrayList<>();
        List<String> v = new java.util.ArrayList<>();
        for (int i = cols.size() - 1; i >= 0; i--) {
            if (cols.get(i).endsWith("_distribution") || cols.get(i).equals("hf_dataset_name")) {
                continue;
            }
            h.add(cols.get(i));
            v.add(cells[i]);
        }
        assertThat(read(String.join(",", h) + "\n" + String.join(",", v) + "\n")).isEqualTo(read(HEADER + "\n" + EXAMPLE_ROW + "\n"));
    }

    @Test
    void badRowsGiveLineNumberedProblemsNamingColumnRuleAndValue() {
        String bad1 = EXAMPLE_ROW.replace(",9465.41599999182,", ",fast,");
        String bad2 = EXAMPLE_ROW.replace("together,graphon/graphon-Qwen3-Omni-30B-A3B-Instruct,qps,0.6,", "together,m,burst,0.6,");
        String bad3 = EXAMPLE_ROW.replace(",18,40.45644137496129,", ",-3,40.45644137496129,");
        String text = HEADER + "\n" + EXAMPLE_ROW + "\n" + bad1 + "\n" + bad2 + "\n" + EXAMPLE_ROW + "\n" + bad3 + "\n";
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(text), ImportOptions.of(ImportMode.SKIP_AND_REPORT));
        assertThat(r.rows()).hasSize(2);
        assertThat(r.problems()).extracting(CsvProblem::line).containsExactly(3L, 4L, 6L);
        assertThat(r.problems().get(0).message()).isEqualTo("line 3: column ttft_p50 must be a number or NaN, but was 'fast'");
        assertThat(r.problems().get(1).column()).isEqualTo("traffic_mode");
        assertThat(r.problems().get(1).value()).isEqualTo("burst");
        assertThat(r.problems().get(2).message()).isEqualTo("line 6: column summary_total_num_requests must be a whole number >= 0, but was '-3'");

        assertThatThrownBy(() -> SummaryCsv.read(new StringReader(text), ImportOptions.ofDefaults()))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("3 problems")
                .hasMessageContaining("line 3: column ttft_p50 must be a number or NaN, but was 'fast'")
                .satisfies(e -> assertThat(((CsvFormatException) e).problems()).hasSize(3));
    }

    @Test
    void reportsShortRowsBadHistogramsAndImpossibleCounts() {
        String shortRow = "together,m,qps,1.0";
        String badHist = EXAMPLE_ROW.replace("18894.25963126403,,", "18894.25963126403,not-a-histogram,");
        String tooManyFailed = EXAMPLE_ROW.replace(",0.4449229687102509,1,4,", ",0.4449229687102509,19,4,");
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(HEADER + "\n" + shortRow + "\n" + badHist + "\n" + tooManyFailed),
                ImportOptions.of(ImportMode.SKIP_AND_REPORT));
        assertThat(r.rows()).isEmpty();
        assertThat(r.problems()).extracting(CsvProblem::message).containsExactly(
                "line 2: record must have 51 cells like the header, but was '4 cells'",
                "line 3: column ttft_distribution must be empty or Base64 of a compressed HdrHistogram, but was 'not-a-histogram'",
                "line 4: column summary_num_failed_requests must be <= summary_total_num_requests (18), but was '19'");
    }

    @Test
    void headerWithoutARequiredColumnFailsInEitherMode() {
        String header = HEADER.replace("e2e_p95,", "");
        assertThatThrownBy(() -> SummaryCsv.read(new StringReader(header + "\n"), ImportOptions.of(ImportMode.SKIP_AND_REPORT)))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("line 1: column e2e_p95 must be present in the header, but was missing");
        assertThatThrownBy(() -> SummaryCsv.read(new StringReader(""), ImportOptions.of(ImportMode.SKIP_AND_REPORT)))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("line 1");
    }

    @Test
    void unknownColumnIsReportedOnLineOne() {
        String text = HEADER + ",extra\n" + EXAMPLE_ROW + ",x\n";
        ImportResult<EndpointResult> r = SummaryCsv.read(new StringReader(text), ImportOptions.of(ImportMode.SKIP_AND_REPORT));
        assertThat(r.rows()).hasSize(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.column()).isEqualTo("extra");
        });
        assertThatThrownBy(() -> SummaryCsv.read(new StringReader(text), ImportOptions.ofDefaults())).isInstanceOf(CsvFormatException.class);
    }

    @Test
    void runsStartAtTheGivenInstantAndEndAfterTheElapsedTime() {
        Instant t = Instant.parse("2025-05-05T05:05:05Z");
        EndpointResult r = SummaryCsv.read(new StringReader(HEADER + "\n" + EXAMPLE_ROW), ImportOptions.custom().startedAt(t).build()).rows().get(0);
        assertThat(r.run().startedAt()).isEqualTo(t);
        assertThat(r.run().finishedAt()).isEqualTo(t.plusNanos(40_456_441_375L));
    }

    static List<EndpointResult> read(String csv) {
        return SummaryCsv.read(new StringReader(csv), ImportOptions.ofDefaults()).rows();
    }

    static List<String[]> parse(String csv) {
        CsvParserSettings s = new CsvParserSettings();
        s.setMaxCharsPerColumn(-1);
        return new CsvParser(s).parseAll(new StringReader(csv));
    }
}
