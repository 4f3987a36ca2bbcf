package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmbench.core.Metric;
import io.llmbench.report.imports.PeerResults;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmbench import} on other tools' result files: the real ones in shared/datasets/peer-results. */
class PeerImportTest {
    @TempDir
    Path tmp;

    /** shared/datasets/peer-results in a parent of the module directory; the test is skipped when it is absent. */
    static Path peer(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/datasets/peer-results");
            if (Files.isDirectory(p)) {
                return p.resolve(relative);
            }
        }
        assumeTrue(false, "shared/datasets/peer-results is absent: the real peer files are not here, so this test is skipped (CI has them)");
        return null;
    }

    @Test
    void importsOtherToolsFilesOnceAndSkipsThemTheSecondTime() {
        String store = tmp.resolve("store").toString();
        String[] files = {peer("genai-perf/concurrency10-profile_export_genai_perf.json").toString(),
                peer("genai-perf/concurrency10-profile_export_genai_perf.csv").toString(),
                peer("genai-perf/concurrency1-200_50.json").toString(),
                peer("llmperf/summary-groq_70b.json").toString(),
                peer("llmperf/individual-groq_70b.json").toString()};
        Cli.Result first = Cli.run(Cli.args("import", files, "--label", "team=serving", "--store", store));
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("concurrency10-profile_export_genai_perf.json: imported 1 run (genai-perf-summary-json)",
                "(summary only)", "(53 requests)", "(150 requests)", "summary-groq_70b.json: read with");
        try (ResultStore s = ResultStore.h2File(Path.of(store))) {
            List<StoredRun> runs = s.runs(RunQuery.all());
            assertThat(runs).hasSize(4);
            StoredRun genai = s.runs(RunQuery.builder().label(PeerResults.LABEL_FORMAT, "genai-perf-summary-json").build()).get(0);
            assertThat(genai.result().metric(Metric.TPOT).mean()).isEqualTo(12.897400368292683);
            assertThat(genai.result().run().labels()).containsEntry("team", "serving")
                    .containsEntry(PeerResults.LABEL_FILE, "concurrency10-profile_export_genai_perf.json");
            StoredRun llmperf = s.runs(RunQuery.builder().label(PeerResults.LABEL_TOOL, "llmperf").build()).get(0);
            assertThat(llmperf.recordCount()).isEqualTo(150);
            assertThat(llmperf.result().run().notes()).contains("LLMPerf", "individual-groq_70b.json + summary-groq_70b.json");
        }

        Cli.Result again = Cli.run(Cli.args("import", files, "--store", store));
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("imported 0 runs (genai-perf-requests), skipped 1 already stored", "(already stored)");
        try (ResultStore s = ResultStore.h2File(Path.of(store))) {
            assertThat(s.count(RunQuery.all())).isEqualTo(4);
        }

        Cli.Result listed = Cli.run("runs", "--wide", "--label", "source.tool=llmperf", "--store", store);
        assertThat(listed.out()).contains("groq/llama2-70b-4096", "concurrency 5");
    }

    @Test
    void oneUnreadableFileImportsNothingFromAnyFile() throws IOException {
        Path mystery = Files.writeString(tmp.resolve("mystery.json"), "{\"score\": 1}");
        Path store = tmp.resolve("store");
        Cli.Result r = Cli.run("import", peer("genai-perf/concurrency10-profile_export_genai_perf.json").toString(), mystery.toString(),
                "--store", store.toString());
        assertThat(r.code()).isEqualTo(Llmbench.FAILED);
        assertThat(r.err()).contains("mystery.json is not a result file llmbench imports", "GuideLLM benchmarks report JSON");
        assertThat(Files.exists(tmp.resolve("store.mv.db"))).isFalse();
    }

    @Test
    void aFileWithoutModelOrLoadTakesThemFromTheFlags() throws IOException {
        Path csv = Files.copy(peer("genai-perf/concurrency10-profile_export_genai_perf.csv"), tmp.resolve("export.csv"));
        String store = tmp.resolve("store").toString();
        Cli.Result missing = Cli.run("import", csv.toString(), "--store", store);
        assertThat(missing.code()).isEqualTo(Llmbench.FAILED);
        assertThat(missing.err()).contains("export.csv: names no model", "--model");
        Cli.Result given = Cli.run("import", csv.toString(), "--model", "llama3-8b", "--traffic", "concurrency:10", "--store", store);
        assertThat(given.code()).as(given.toString()).isZero();
        assertThat(given.out()).contains("llama3-8b  concurrency 10  (summary only)");
    }
}
