package io.llmbench.report.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real GenAI-Perf and LLMPerf files in {@code shared/datasets/peer-results} (see its
 * SOURCES.md), read in place; every expected value below was read off the files themselves.
 */
class RealPeerFilesTest {
    @Test
    void genAiPerfSummaryAtConcurrency10MapsItsItlToTpot() {
        Path f = PeerFiles.real("genai-perf/concurrency10-profile_export_genai_perf.json");
        assertThat(PeerResults.detect(f)).contains(PeerFormat.GENAI_PERF_SUMMARY_JSON);
        EndpointResult r = PeerFiles.only(f);

        assertThat(r.metric(Metric.TTFT).mean()).isEqualTo(135.87175817560976);
        assertThat(r.metric(Metric.TTFT).p95()).isEqualTo(160.06297855);
        assertThat(r.metric(Metric.TTFT).p99()).isEqualTo(162.79719677999992);
        assertThat(r.metric(Metric.TPOT).mean()).isEqualTo(12.897400368292683);   // GenAI-Perf's "inter_token_latency"
        assertThat(r.metric(Metric.TPOT).p50()).isEqualTo(12.7738525);
        assertThat(r.metric(Metric.E2E).mean()).isEqualTo(876.9326382536585);     // "request_latency"
        assertThat(r.metric(Metric.E2E).min()).isEqualTo(867.471409);
        assertThat(r.metric(Metric.OUTPUT_TOKENS).mean()).isEqualTo(58.68048780487805);
        assertThat(r.job().outputTokenThroughput()).isEqualTo(668.9365311463615);
        assertThat(r.job().requestThroughput()).isEqualTo(11.399641621430991);
        assertThat(r.metrics()).doesNotContainKeys(Metric.ITL, Metric.USER_TPS, Metric.TIME_TO_FIRST_CHUNK);
        assertThat(r.metric(Metric.TTFT).hasHistogram()).isFalse();
        assertThat(r.metric(Metric.TTFT).p80()).isNaN();
        assertThat(r.records()).isEmpty();

        assertThat(r.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 10));
        assertThat(r.deployment().model()).isEqualTo("meta/llama3-8b-instruct");
        assertThat(r.deployment().engine()).isEqualTo("tensorrtllm");
        assertThat(r.run().workload()).contains("200 input, 50 output tokens");
        assertThat(r.run().labels()).containsEntry(PeerResults.LABEL_TOOL, "genai-perf")
                .containsEntry(PeerResults.LABEL_FORMAT, "genai-perf-summary-json")
                .containsEntry(PeerResults.LABEL_FILE, "concurrency10-profile_export_genai_perf.json")
                .containsKey(PeerResults.LABEL_KEY);
        assertThat(r.run().notes()).contains("GenAI-Perf", "concurrency10-profile_export_genai_perf.json");
        assertThat(r.warnings()).anyMatch(w -> w.contains("does not say how many requests"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 100, 250})
    void genAiPerfCsvHoldsTheJsonFiguresToTwoDecimals(int concurrency) {
        EndpointResult json = PeerFiles.only(PeerFiles.real("genai-perf/concurrency" + concurrency + "-profile_export_genai_perf.json"));
        Path csv = PeerFiles.real("genai-perf/concurrency" + concurrency + "-profile_export_genai_perf.csv");
        assertThat(PeerResults.detect(csv)).contains(PeerFormat.GENAI_PERF_SUMMARY_CSV);
        EndpointResult r = PeerFiles.only(csv);

        for (Metric m : List.of(Metric.TTFT, Metric.TPOT, Metric.E2E, Metric.OUTPUT_TOKENS, Metric.INPUT_TOKENS)) {
            MetricStats a = r.metric(m);
            MetricStats b = json.metric(m);
            for (double[] pair : new double[][] {{a.mean(), b.mean()}, {a.p50(), b.p50()}, {a.p95(), b.p95()}, {a.p99(), b.p99()},
                    {a.min(), b.min()}, {a.max(), b.max()}}) {
                assertThat(pair[0]).as(m + " of " + csv.getFileName()).isCloseTo(pair[1], within(0.005 + 1e-9));
            }
        }
        assertThat(r.job().outputTokenThroughput()).isCloseTo(json.job().outputTokenThroughput(), within(0.005 + 1e-9));
        // the model and the load come from the JSON export beside the CSV
        assertThat(r.run().traffic()).isEqualTo(json.run().traffic());
        assertThat(r.deployment().model()).isEqualTo("meta/llama3-8b-instruct");
        assertThat(r.run().labels()).containsEntry(PeerResults.LABEL_FORMAT, "genai-perf-summary-csv");
    }

    @Test
    void genAiPerfCsvValuesAtConcurrency10AndThousandsSeparatorsAt100() {
        EndpointResult c10 = PeerFiles.only(PeerFiles.real("genai-perf/concurrency10-profile_export_genai_perf.csv"));
        assertThat(c10.metric(Metric.TTFT).mean()).isEqualTo(135.87);
        assertThat(c10.metric(Metric.TPOT).mean()).isEqualTo(12.90);
        assertThat(c10.metric(Metric.E2E).mean()).isEqualTo(876.93);
        assertThat(c10.job().outputTokenThroughput()).isEqualTo(668.94);
        EndpointResult c100 = PeerFiles.only(PeerFiles.real("genai-perf/concurrency100-profile_export_genai_perf.csv"));
        assertThat(c100.metric(Metric.TTFT).mean()).isEqualTo(1024.21);          // written "1,024.21"
        assertThat(c100.metric(Metric.E2E).p99()).isEqualTo(3265.26);
    }

    @Test
    void genAiPerfCsvAloneNeedsTheModelAndTheLoad(@TempDir Path tmp) throws IOException {
        Path csv = Files.copy(PeerFiles.real("genai-perf/concurrency10-profile_export_genai_perf.csv"), tmp.resolve("export.csv"));
        assertThatThrownBy(() -> PeerResults.read(csv, PeerOptions.ofDefaults()))
                .isInstanceOf(PeerFormatException.class)
                .hasMessageContaining("export.csv: names no model")
                .hasMessageContaining("--model")
                .hasMessageContaining("export.json beside it");
        EndpointResult r = PeerResults.read(csv, PeerOptions.custom().model("llama3-8b")
                .traffic(new Traffic(Traffic.Mode.CONCURRENCY, 10)).build()).runs().get(0);
        assertThat(r.deployment().model()).isEqualTo("llama3-8b");
        assertThat(r.metric(Metric.TPOT).mean()).isEqualTo(12.90);
    }

    @Test
    void genAiPerfPerRequestExportBecomesRecordsMeasuredOurWay() {
        Path f = PeerFiles.real("genai-perf/concurrency1-200_50.json");
        assertThat(PeerResults.detect(f)).contains(PeerFormat.GENAI_PERF_REQUESTS);
        EndpointResult r = PeerFiles.only(f);
        EndpointResult summary = PeerFiles.only(PeerFiles.real("genai-perf/concurrency1-profile_export_genai_perf.json"));

        assertThat(r.records()).hasSize(53);
        assertThat(r.job().succeeded()).isEqualTo(53);
        assertThat(r.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 1));
        assertThat(r.deployment().model()).isEqualTo("meta/llama3-8b-instruct");
        assertThat(r.run().labels()).containsEntry(PeerResults.LABEL_VERSION, "2.48.0")
                .containsEntry(PeerResults.LABEL_FORMAT, "genai-perf-requests");
        // the same run as the concurrency-1 summary: TTFT at the first content response, as GenAI-Perf measures it
        assertThat(r.metric(Metric.TTFT).hasHistogram()).isTrue();
        assertThat(r.metric(Metric.TTFT).mean()).isCloseTo(summary.metric(Metric.TTFT).mean(), within(0.025));   // 24.49 ms
        assertThat(r.metric(Metric.E2E).mean()).isCloseTo(summary.metric(Metric.E2E).mean(), within(0.7));      // 667.38 ms
        RequestRecord first = r.records().get(0);
        assertThat(first.firstChunkNanos()).isLessThan(first.ttftNanos());   // the role-only chunk came first
        assertThat(first.contentChunks()).isEqualTo(50);
        assertThat(first.itlMicros()).hasSize(49);
        // token counts from the stream's usage (50), where GenAI-Perf re-tokenised the text (58.06 on average) ...
        assertThat(first.outputTokens()).isEqualTo(50);
        assertThat(first.outputSource()).isEqualTo(TokenSource.USAGE);
        assertThat(first.inputTokens()).isEqualTo(178);
        assertThat(summary.metric(Metric.OUTPUT_TOKENS).mean()).isEqualTo(58.056603773584904);
        // ... so TPOT recomputed with them, (E2E - TTFT) / 49 ≈ 13.1 ms, is longer than GenAI-Perf's 11.31 ms
        double expected = (r.metric(Metric.E2E).mean() - r.metric(Metric.TTFT).mean()) / 49;
        assertThat(r.metric(Metric.TPOT).mean()).isCloseTo(expected, within(expected * 0.002));
        assertThat(r.metric(Metric.TPOT).mean()).isGreaterThan(summary.metric(Metric.TPOT).mean() * 1.1);
        assertThat(r.metric(Metric.TOKENS_PER_CHUNK).mean()).isEqualTo(1.0);
        assertThat(r.job().durationSeconds()).isBetween(35.0, 36.5);
    }

    @Test
    void llmPerfSummaryMapsTtftAndE2eFromSeconds() {
        Path f = PeerFiles.real("llmperf/summary-groq_70b.json");
        assertThat(PeerResults.detect(f)).contains(PeerFormat.LLMPERF_SUMMARY);
        EndpointResult r = PeerFiles.only(f);
        assertThat(r.metric(Metric.TTFT).mean()).isCloseTo(227.86034579078357, within(1e-9));
        assertThat(r.metric(Metric.TTFT).p50()).isCloseTo(221.8883791938424, within(1e-9));
        assertThat(r.metric(Metric.TTFT).p95()).isCloseTo(303.73927168548104, within(1e-9));
        assertThat(r.metric(Metric.E2E).mean()).isCloseTo(815.1081097126007, within(1e-9));
        assertThat(r.metric(Metric.TTFT).count()).isEqualTo(150);
        assertThat(r.metrics()).doesNotContainKeys(Metric.TPOT, Metric.ITL);   // LLMPerf's inter-token latency is e2e/n
        assertThat(r.job().outputTokenThroughput()).isEqualTo(441.84737788500206);
        assertThat(r.job().requestThroughput()).isCloseTo(176.73895115400083 / 60, within(1e-12));
        assertThat(r.deployment().provider()).isEqualTo("groq");
        assertThat(r.deployment().model()).isEqualTo("llama2-70b-4096");
        assertThat(r.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 5));
        assertThat(r.run().labels()).containsEntry(PeerResults.LABEL_VERSION, "2023-08-31");
        assertThat(r.run().finishedAt().getEpochSecond()).isEqualTo(1704851704);
    }

    @Test
    void llmPerfIndividualResponsesWithTheirSummaryBecomeOneRunWithRecords() {
        Path summary = PeerFiles.real("llmperf/summary-groq_70b.json");
        Path individual = PeerFiles.real("llmperf/individual-groq_70b.json");
        assertThat(PeerResults.detect(individual)).contains(PeerFormat.LLMPERF_REQUESTS);
        List<PeerImport> imports = PeerResults.read(List.of(summary, individual, PeerFiles.real("llmperf/summary-anyscale_70b.json")),
                PeerOptions.ofDefaults());
        assertThat(imports).hasSize(2);
        PeerImport pair = imports.get(0);
        assertThat(pair.files()).containsExactly(individual, summary);
        EndpointResult r = pair.runs().get(0);
        assertThat(r.records()).hasSize(150);
        assertThat(r.metric(Metric.TTFT).mean()).isCloseTo(227.86, within(0.25));       // the summary's mean, from 150 records
        assertThat(r.metric(Metric.TTFT).hasHistogram()).isTrue();
        RequestRecord first = r.records().get(0);
        // E2E is the last content chunk: LLMPerf's inter_token_latency_s × number_output_tokens
        assertThat(first.e2eNanos()).isEqualTo(Math.round(0.005879949368536472 * 150 * 1e9));
        assertThat(first.endNanos()).isEqualTo(Math.round(0.8900090400129557 * 1e9));
        assertThat(first.tpotMillis()).isCloseTo((0.005879949368536472 * 150 - 0.297977801412344) / 149 * 1000, within(1e-6));
        assertThat(first.outputSource()).isEqualTo(TokenSource.TOKENIZER);
        assertThat(r.metric(Metric.TPOT).mean()).isCloseTo(3.891, within(0.01));
        assertThat(r.job().outputTokenThroughput()).isEqualTo(150 * 150 / r.job().durationSeconds());
        assertThat(r.job().durationSeconds()).isCloseTo(150 / (176.73895115400083 / 60), within(1e-9));
        assertThat(r.deployment().provider()).isEqualTo("groq");
        assertThat(r.run().labels()).containsEntry(PeerResults.LABEL_FILE, "individual-groq_70b.json + summary-groq_70b.json")
                .containsEntry(PeerResults.LABEL_FORMAT, "llmperf-requests");
        assertThat(imports.get(1).format()).isEqualTo(PeerFormat.LLMPERF_SUMMARY);
    }

    @Test
    void llmPerfIndividualResponsesAloneNeedTheModelAndLoadAndHaveNoThroughput() {
        Path individual = PeerFiles.real("llmperf/individual-anyscale_70b.json");
        assertThatThrownBy(() -> PeerResults.read(individual, PeerOptions.ofDefaults()))
                .isInstanceOf(PeerFormatException.class)
                .hasMessageStartingWith("individual-anyscale_70b.json: names no model: import it together with its summary file");
        EndpointResult r = PeerResults.read(individual, PeerOptions.custom().model("llama-2-70b")
                .traffic(new Traffic(Traffic.Mode.CONCURRENCY, 5)).build()).runs().get(0);
        assertThat(r.records()).hasSize(150);
        assertThat(r.metric(Metric.TTFT).mean()).isCloseTo(248.90, within(0.25));
        assertThat(r.job().outputTokenThroughput()).isNaN();
        assertThat(r.warnings()).anyMatch(w -> w.contains("no timestamps"));
    }

    @Test
    void theSourceKeyIsTheSameOnEveryReadAndDiffersBetweenFiles() {
        Path a = PeerFiles.real("genai-perf/concurrency1-profile_export_genai_perf.json");
        Path b = PeerFiles.real("genai-perf/concurrency10-profile_export_genai_perf.json");
        String k1 = PeerFiles.only(a).run().labels().get(PeerResults.LABEL_KEY);
        assertThat(PeerFiles.only(a).run().labels().get(PeerResults.LABEL_KEY)).isEqualTo(k1).matches("[0-9a-f]{32}#0");
        assertThat(PeerFiles.only(b).run().labels().get(PeerResults.LABEL_KEY)).isNotEqualTo(k1);
    }
}
