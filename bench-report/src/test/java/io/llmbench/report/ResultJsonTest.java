package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Traffic;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultJsonTest {
    static BenchmarkResult sample() {
        return new BenchmarkResult(List.of(
                Fixtures.withHealth(Fixtures.result("a", 120, 1, 1.0, new Traffic(Traffic.Mode.RATE, 2.5)),
                        Fixtures.suspectHealth("loop lag p99 1.6 ms > 1 ms \"quoted\"")),
                Fixtures.result("b", 40, 2, 2.0, new Traffic(Traffic.Mode.SEQUENTIAL, 1))), List.of("run-wide \"warning\""));
    }

    @Test
    void writeThenReadGivesAnEqualResult(@TempDir Path dir) {
        BenchmarkResult r = sample();
        Path file = dir.resolve("r.json");
        ResultJson.write(r, file);
        assertThat(ResultJson.read(file)).isEqualTo(r);
        StringWriter out = new StringWriter();
        ResultJson.write(r, out);
        assertThat(ResultJson.read(new StringReader(out.toString()))).isEqualTo(r);
    }

    @Test
    void usesTheDocumentedFieldNames() throws Exception {
        StringWriter out = new StringWriter();
        ResultJson.write(sample(), out);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.path("format").asText()).isEqualTo("llmbench-result");
        assertThat(root.path("version").asInt()).isEqualTo(1);
        JsonNode e = root.path("endpoints").get(0);
        assertThat(e.path("deployment").path("gpu_count").asInt()).isEqualTo(2);
        assertThat(e.path("run").path("traffic_mode").asText()).isEqualTo("qps");
        assertThat(e.path("run").path("started_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(e.path("job").has("peak_output_tokens_per_s")).isTrue();
        assertThat(e.path("metrics").path("ttft").path("unit").asText()).isEqualTo("ms");
        assertThat(e.path("metrics").path("ttft").path("histogram").asText()).isNotEmpty();
        JsonNode rec = e.path("records").get(0);
        assertThat(rec.path("ttft_ns").asLong()).isEqualTo(sample().endpoints().get(0).records().get(0).ttftNanos());
        assertThat(rec.path("itl_us").isArray()).isTrue();
        assertThat(rec.path("input_token_source").asText()).isEqualTo("USAGE");
        JsonNode health = e.path("health");
        assertThat(health.path("verdict").asText()).isEqualTo("SUSPECT");
        assertThat(health.path("reasons").get(0).asText()).isEqualTo("loop lag p99 1.6 ms > 1 ms \"quoted\"");
        assertThat(health.path("loop_lag_p99_ms").asDouble()).isEqualTo(1.62);
        assertThat(health.path("cpu_share").asDouble()).isEqualTo(0.912);
        assertThat(health.path("schedule_lag_p99_ms").asDouble()).isEqualTo(0.83);
        assertThat(root.path("endpoints").get(1).has("health")).as("a run without health has no field").isFalse();
    }

    @Test
    void readsAnUnknownVerdictAsAnErrorNamingTheField() {
        StringWriter out = new StringWriter();
        ResultJson.write(sample(), out);
        String bad = out.toString().replace("\"verdict\":\"SUSPECT\"", "\"verdict\":\"FINE\"");
        assertThatThrownBy(() -> ResultJson.read(new StringReader(bad))).isInstanceOf(ReportException.class)
                .hasMessageContaining("endpoints[0].health.verdict must be one of [OK, SUSPECT, OVERLOADED], but was 'FINE'");
    }

    @Test
    void withoutRecordsKeepsEverythingElse() {
        StringWriter out = new StringWriter();
        ResultJson.writeWithoutRecords(sample(), out);
        BenchmarkResult back = ResultJson.read(new StringReader(out.toString()));
        assertThat(back.endpoints()).containsExactlyElementsOf(sample().endpoints().stream().map(RunCsvTest::withoutRecords).toList());
    }

    @Test
    void neverContainsTheApiKey() {
        Endpoint ep = Endpoint.openAi("http://127.0.0.1:9/v1").model("m").name("a").apiKey("sk-secret-123456").build();
        EndpointResult f = Fixtures.result(ep.name(), 10, 1, 1.0, new Traffic(Traffic.Mode.RATE, 1));
        EndpointResult r = EndpointResult.of(ep.deployment(), f.run(), f.records(), List.of());
        StringWriter out = new StringWriter();
        ResultJson.write(new BenchmarkResult(List.of(r), List.of()), out);
        assertThat(out.toString()).doesNotContain("sk-secret-123456").doesNotContain("api_key");
    }

    @Test
    void rejectsOtherDocumentsNamingTheField() {
        assertThatThrownBy(() -> ResultJson.read(new StringReader("{\"format\":\"other\"}")))
                .isInstanceOf(ReportException.class).hasMessage("result JSON field format must be 'llmbench-result', but was 'other'");
        assertThatThrownBy(() -> ResultJson.read(new StringReader("{\"format\":\"llmbench-result\",\"version\":9}")))
                .isInstanceOf(ReportException.class).hasMessageContaining("version must be <= 1, but was 9");
        assertThatThrownBy(() -> ResultJson.read(new StringReader("{\"format\":\"llmbench-result\",\"version\":1,\"endpoints\":[{}]}")))
                .isInstanceOf(ReportException.class).hasMessageContaining("endpoints[0].deployment must be present");
        assertThatThrownBy(() -> ResultJson.read(new StringReader("[1,")))
                .isInstanceOf(ReportException.class).hasMessageContaining("could not be parsed");
    }
}
