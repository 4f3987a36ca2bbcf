package io.llmbench.report.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.Traffic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formats of which no real file was found in a public repository (vLLM's --save-result JSON,
 * GuideLLM's benchmarks report, AIPerf's exports). Their fixtures in this package's test resources
 * were <em>built by us from the tools' own schema and source</em>, not written by the tools:
 * vLLM's result dict in {@code vllm/benchmarks/serve.py} ({@code calculate_metrics}, the
 * {@code result_json} it saves, {@code --save-detailed}/{@code --append-result}); GuideLLM's
 * {@code GenerativeBenchmarksReport} / {@code GenerativeBenchmark} / {@code GenerativeMetrics} /
 * {@code GenerativeRequestStats} pydantic models (report schema version 2) in
 * {@code src/guidellm/benchmark/schemas/} and {@code src/guidellm/schemas/}; AIPerf's
 * {@code JsonExportData}, {@code CsvExporter} and the record format in
 * {@code docs/tutorials/working-with-profile-exports.md}. Their summary figures were computed from
 * their per-request data with the tools' formulas (numpy's linear percentiles), so the two must agree.
 */
class PeerFixturesTest {
    @Test
    void vllmDetailedResultBecomesRecordsThatAgreeWithItsSummary() {
        Path f = PeerFiles.fixture("vllm-serve-detailed.json");
        assertThat(PeerResults.detect(f)).contains(PeerFormat.VLLM_SERVE);
        EndpointResult r = PeerFiles.only(f);
        assertThat(r.records()).hasSize(8);
        assertThat(r.job().failed()).isEqualTo(1);
        assertThat(r.job().failures()).containsEntry(FailureKind.OTHER, 1L);
        RequestRecord failed = r.records().get(5);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).isEqualTo("HTTP 500: Internal Server Error");
        // the file's own means (mean_ttft_ms 53.973, mean_e2el_ms 189.589, mean_tpot_ms 9.041, mean_itl_ms 9.008) from the records
        assertThat(r.metric(Metric.TIME_TO_FIRST_CHUNK).mean()).isCloseTo(53.973, within(0.06));
        assertThat(r.metric(Metric.TTFT).mean()).isEqualTo(r.metric(Metric.TIME_TO_FIRST_CHUNK).mean());
        assertThat(r.metric(Metric.E2E).mean()).isCloseTo(189.589, within(0.2));
        assertThat(r.metric(Metric.TPOT).mean()).isCloseTo(9.041, within(0.01));
        assertThat(r.metric(Metric.ITL).mean()).isCloseTo(9.008, within(0.01));
        assertThat(r.metric(Metric.TTFT).hasHistogram()).isTrue();
        assertThat(r.warnings()).contains(VllmServe.TTFT_WARNING).noneMatch(w -> w.contains("differs"));
        assertThat(r.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 4));
        assertThat(r.deployment().model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(r.run().startedAt()).isEqualTo(Instant.parse("2025-03-01T14:30:00Z"));
        assertThat(r.run().labels()).containsEntry("vllm.backend", "openai-chat").containsEntry(PeerResults.LABEL_TOOL, "vllm");
        assertThat(r.job().durationSeconds()).isCloseTo(0.1 + 0.19, within(0.05));
    }

    @Test
    void vllmAppendedResultsAreOneSummaryRunPerLine() {
        Path f = PeerFiles.fixture("vllm-serve-append.jsonl");
        assertThat(PeerResults.detect(f)).contains(PeerFormat.VLLM_SERVE);
        PeerImport i = PeerResults.read(f, PeerOptions.ofDefaults());
        assertThat(i.runs()).hasSize(2);
        EndpointResult slow = i.runs().get(1);
        assertThat(slow.name()).isEqualTo("nightly");
        assertThat(slow.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.RATE, 8));
        assertThat(slow.metric(Metric.TTFT).mean()).isEqualTo(88.25);
        assertThat(slow.metric(Metric.TTFT).p50()).isEqualTo(88.25 * 0.95);      // median_ttft_ms
        assertThat(slow.metric(Metric.TTFT).p99()).isEqualTo(88.25 * 1.9);
        assertThat(slow.metric(Metric.TTFT).hasHistogram()).isFalse();
        assertThat(slow.metric(Metric.TPOT).mean()).isEqualTo(13.5);
        assertThat(slow.job().peakOutputTokensPerSecond()).isEqualTo(8 * 128 * 1.8);
        assertThat(slow.records()).isEmpty();
        assertThat(i.runs().get(0).run().labels().get(PeerResults.LABEL_KEY)).endsWith("#0");
        assertThat(slow.run().labels().get(PeerResults.LABEL_KEY)).endsWith("#1");
    }

    @Test
    void guideLlmReportGivesOneRunPerBenchmarkAndRecordsOnlyWhenAllRequestsAreKept() {
        Path f = PeerFiles.fixture("guidellm-benchmarks.json");
        assertThat(PeerResults.detect(f)).contains(PeerFormat.GUIDELLM_REPORT);
        PeerImport i = PeerResults.read(f, PeerOptions.ofDefaults());
        assertThat(i.runs()).hasSize(2);
        EndpointResult concurrent = i.runs().get(0);
        assertThat(concurrent.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 2));
        assertThat(concurrent.records()).hasSize(7);
        assertThat(concurrent.job().failed()).isEqualTo(1);
        assertThat(concurrent.metric(Metric.TTFT).mean()).isCloseTo(87.228, within(0.09));   // the report's time_to_first_token_ms mean
        assertThat(concurrent.metric(Metric.TTFT).hasHistogram()).isTrue();
        assertThat(concurrent.records().get(0).outputTokens()).isEqualTo(32);
        assertThat(concurrent.run().labels()).containsEntry(PeerResults.LABEL_VERSION, "0.4.0");
        assertThat(concurrent.deployment().model()).isEqualTo("Qwen/Qwen3-8B");

        EndpointResult poisson = i.runs().get(1);
        assertThat(poisson.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.RATE, 1.5));
        assertThat(poisson.records()).isEmpty();
        assertThat(poisson.warnings()).anyMatch(w -> w.contains("keeps 5 of 40 requests"));
        assertThat(poisson.metric(Metric.TTFT).mean()).isEqualTo(86.01966751701538);
        assertThat(poisson.metric(Metric.E2E).mean()).isCloseTo(397.7219223976135, within(1e-9));   // request_latency is in seconds
        assertThat(poisson.metric(Metric.TTFT).count()).isEqualTo(40);
        assertThat(poisson.job().succeeded()).isEqualTo(40);
        assertThat(poisson.job().outputTokenThroughput()).isCloseTo(40 * 32 / poisson.job().durationSeconds(), within(1e-9));
    }

    @Test
    void guideLlmInterTokenLatencyIsOurTpot() {
        EndpointResult concurrent = PeerResults.read(PeerFiles.fixture("guidellm-benchmarks.json"), PeerOptions.ofDefaults()).runs().get(0);
        RequestRecord r = concurrent.records().get(0);
        // GuideLLM: (last token - first token) / (output tokens - 1) per request
        assertThat(r.tpotMillis()).isCloseTo((r.e2eNanos() - r.ttftNanos()) / 1e6 / 31, within(1e-9));
        assertThat(concurrent.metric(Metric.TPOT).mean()).isBetween(10.0, 12.0);
    }

    @Test
    void aiPerfSummaryJsonAndCsvAgree() {
        Path json = PeerFiles.fixture("aiperf/profile_export_aiperf.json");
        Path csv = PeerFiles.fixture("aiperf/profile_export_aiperf.csv");
        assertThat(PeerResults.detect(json)).contains(PeerFormat.AIPERF_SUMMARY_JSON);
        assertThat(PeerResults.detect(csv)).contains(PeerFormat.AIPERF_SUMMARY_CSV);
        EndpointResult j = PeerFiles.only(json);
        EndpointResult c = PeerFiles.only(csv);
        assertThat(j.metric(Metric.TTFT).mean()).isCloseTo(47.169, within(0.001));
        assertThat(j.metric(Metric.TPOT).mean()).isCloseTo(5.513, within(0.001));   // AIPerf's inter_token_latency
        assertThat(j.metric(Metric.TTFT).p05()).isEqualTo(j.metric(Metric.TTFT).p05()).isNotNaN();   // AIPerf writes p5
        assertThat(j.metric(Metric.TTFT).count()).isEqualTo(5);
        assertThat(j.job().succeeded()).isEqualTo(5);
        assertThat(j.job().failed()).isEqualTo(1);
        assertThat(j.job().durationSeconds()).isCloseTo(0.849, within(0.001));
        assertThat(j.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 2));
        assertThat(j.deployment().model()).isEqualTo("Qwen/Qwen3-0.6B");
        assertThat(j.run().startedAt()).isEqualTo(Instant.parse("2025-10-07T05:00:07Z"));
        assertThat(j.warnings()).noneMatch(w -> w.contains("does not say how many"));

        assertThat(c.metric(Metric.TTFT).mean()).isEqualTo(47.17);
        assertThat(c.metric(Metric.TPOT).p99()).isEqualTo(5.59);
        assertThat(c.job().durationSeconds()).isEqualTo(0.85);
        assertThat(c.job().failed()).isEqualTo(1);
        assertThat(c.run().traffic()).isEqualTo(j.run().traffic());
        assertThat(c.deployment().model()).isEqualTo(j.deployment().model());
    }

    @Test
    void aiPerfRecordsTakeTheModelAndLoadFromTheSummaryBesideThem() {
        Path f = PeerFiles.fixture("aiperf/profile_export.jsonl");
        assertThat(PeerResults.detect(f)).contains(PeerFormat.AIPERF_RECORDS);
        EndpointResult r = PeerFiles.only(f);
        EndpointResult summary = PeerFiles.only(PeerFiles.fixture("aiperf/profile_export_aiperf.json"));
        assertThat(r.records()).hasSize(6);
        assertThat(r.job().failures()).containsEntry(FailureKind.HTTP_5XX, 1L);
        assertThat(r.records().get(4).error()).isEqualTo("Internal Server Error");
        assertThat(r.metric(Metric.TTFT).mean()).isCloseTo(summary.metric(Metric.TTFT).mean(), within(0.05));
        assertThat(r.metric(Metric.E2E).mean()).isCloseTo(summary.metric(Metric.E2E).mean(), within(0.1));
        assertThat(r.metric(Metric.TPOT).mean()).isCloseTo(summary.metric(Metric.TPOT).mean(), within(0.01));
        assertThat(r.metric(Metric.ITL).count()).isEqualTo(5 * 9);
        assertThat(r.deployment().model()).isEqualTo("Qwen/Qwen3-0.6B");
        assertThat(r.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 2));
        assertThat(r.job().durationSeconds()).isCloseTo(summary.job().durationSeconds(), within(1e-6));
    }

    @Test
    void aFileOfNoKnownFormatIsRejectedNamingTheFileAndTheFormats(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("mystery.json"), "{\"accuracy\": 0.93}");
        assertThat(PeerResults.detect(f)).isEmpty();
        assertThatThrownBy(() -> PeerResults.read(f, PeerOptions.ofDefaults()))
                .isInstanceOf(PeerFormatException.class)
                .hasMessageStartingWith("mystery.json: is not a result file llmbench imports; it reads: vLLM bench serve --save-result JSON, ")
                .hasMessageContaining("GuideLLM benchmarks report JSON")
                .hasMessageContaining("LLMPerf individual responses JSON");
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"mean_ttft_ms\": 12,");
        assertThatThrownBy(() -> PeerResults.read(broken, PeerOptions.ofDefaults()))
                .hasMessageStartingWith("broken.json: is not a result file llmbench imports (it is not valid JSON: ")
                .hasMessageContaining("line 1");
    }

    @Test
    void aBadFieldFailsTheFileNamingTheFieldTheRuleAndTheValue(@TempDir Path tmp) throws IOException {
        String json = Files.readString(PeerFiles.fixture("aiperf/profile_export_aiperf.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"avg\": 47\\.[0-9]+", "\"avg\": \"fast\"");
        Path f = Files.writeString(tmp.resolve("profile_export_aiperf.json"), json);
        assertThatThrownBy(() -> PeerResults.read(f, PeerOptions.ofDefaults()))
                .isInstanceOf(PeerFormatException.class)
                .hasMessage("profile_export_aiperf.json: field time_to_first_token.avg must be a number, but was \"fast\"");
    }

    @Test
    void severalFilesAreAllCheckedBeforeAnyIsReturned(@TempDir Path tmp) throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "[1, 2, 3]");
        assertThatThrownBy(() -> PeerResults.read(List.of(PeerFiles.fixture("vllm-serve-append.jsonl"), bad), PeerOptions.ofDefaults()))
                .isInstanceOf(PeerFormatException.class)
                .hasMessageStartingWith("bad.json: is not a result file");
    }
}
