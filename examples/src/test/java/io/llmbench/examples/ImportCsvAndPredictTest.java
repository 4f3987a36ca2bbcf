package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.model.Confidence;
import io.llmbench.model.Measure;
import io.llmbench.report.CsvFormatException;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCsvAndPredictTest {
    @TempDir
    Path tmp;

    @Test
    void importsTheSampleIntoTheStoreAndPredictsAMeasuredPointClosely() {
        String store = "h2:" + tmp.resolve("import");
        Out out = new Out();
        // llama-8b was measured at in=1024, out=256, concurrency 8 (sample row 11): predicting there is interpolation
        ImportCsvAndPredict.Outcome o = ImportCsvAndPredict.run(new String[] {"--store", store, "--model", "llama-8b",
                "--in", "1024", "--out", "256", "--concurrency", "8"}, out.stream);

        assertThat(o.importedRunIds()).hasSize(24);
        try (ResultStore s = Stores.open(store, null, null)) {
            assertThat(s.count(RunQuery.ofModel("llama-8b"))).isEqualTo(12);
            assertThat(s.count(RunQuery.ofModel("qwen-32b"))).isEqualTo(12);
        }
        assertThat(o.prediction().confidence()).isNotEqualTo(Confidence.LOW);
        // sample row: ttft_mean 59.06 ms, e2e_mean ~2600 ms at this point
        double e2e = o.prediction().value(Measure.E2E).value();
        assertThat(e2e).isCloseTo(measuredE2e(), within(0.15 * e2e));
        assertThat(o.accuracy().accuracy(Measure.TTFT)).isPresent();
        assertThat(out.text()).contains("leave-one-out accuracy").contains("prediction for llama-8b at in=1024 out=256 concurrency 8");
    }

    /** e2e_mean of the sample row for llama-8b at concurrency 8, in 1024, out 256, read from the file itself. */
    private static double measuredE2e() {
        try (var in = ImportCsvAndPredict.class.getResourceAsStream(ImportCsvAndPredict.SAMPLE)) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            List<String> header = List.of(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",", -1);
                if (c[header.indexOf("provider_model")].equals("llama-8b") && Double.parseDouble(c[header.indexOf("traffic_level")]) == 8
                        && Double.parseDouble(c[header.indexOf("input_avg_len")]) == 1024 && Double.parseDouble(c[header.indexOf("output_avg_len")]) == 256) {
                    return Double.parseDouble(c[header.indexOf("e2e_mean")]);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("sample row missing");
    }

    @Test
    void farFromTheDataThePredictionSaysLowConfidence() {
        ImportCsvAndPredict.Outcome o = ImportCsvAndPredict.run(new String[] {"--store", "h2:" + tmp.resolve("far"), "--model", "qwen-32b",
                "--in", "60000", "--out", "2000", "--concurrency", "64"}, new Out().stream);
        assertThat(o.prediction().confidence()).isEqualTo(Confidence.LOW);
    }

    @Test
    void aBadCsvImportsNothingAndNamesTheLine() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        List<String> lines;
        try (var in = ImportCsvAndPredict.class.getResourceAsStream(ImportCsvAndPredict.SAMPLE)) {
            lines = new ArrayList<>(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        }
        String[] cells = lines.get(5).split(",", -1);
        cells[14] = "fast";                                   // ttft_mean on line 6
        lines.set(5, String.join(",", cells));
        Files.write(csv, lines);
        String store = "h2:" + tmp.resolve("bad");

        assertThatThrownBy(() -> ImportCsvAndPredict.run(new String[] {"--csv", csv.toString(), "--store", store}, new Out().stream))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("line 6: column ttft_mean").hasMessageContaining("'fast'");
        try (ResultStore s = Stores.open(store, null, null)) {
            assertThat(s.count(RunQuery.all())).isZero();
        }
        assertThatThrownBy(() -> ImportCsvAndPredict.run(new String[] {"--csv", tmp.resolve("none.csv").toString()}, new Out().stream))
                .hasMessageContaining("option --csv must name a readable file, but '");
    }
}
