package io.llmbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of every {@link LoadBenchmark} scenario over real loopback HTTP, checking the
 * invariants its figures rest on (not their speed): every request completes with every chunk,
 * every request is matched to its server trace, and the time split of TTFT is causal.
 */
class LoadBenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void quickRunMeasuresEveryScenarioAndWritesJson() throws Exception {
        LoadBenchmark.Options o = LoadBenchmark.Options.quick();
        LoadBenchmark.Results r = LoadBenchmark.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        LoadScenarios.Capacity c = r.capacity();
        assertThat(c.failed()).isZero();
        assertThat(c.requests()).isPositive();
        assertThat(c.contentChunks()).as("every fixed response delivers all its content chunks")
                .isEqualTo(c.requests() * o.capacityChunks());
        assertThat(c.chunksPerSecond()).isPositive();
        assertThat(c.simCpuSeconds()).as("the sim's own threads are found and used CPU").isPositive();
        assertThat(c.harnessCpuSeconds()).isPositive().isLessThan(c.processCpuSeconds());

        assertThat(r.overhead()).hasSize(1);
        LoadScenarios.Overhead h = r.overhead().get(0);
        assertThat(h.failed()).isZero();
        assertThat(h.matched()).as("every request is matched to its own server trace").isEqualTo(h.requests());
        // causality on the one clock: the server cannot answer before the request arrives, nor
        // before its configured prefill, and the client cannot see the token before it is written
        assertThat(h.requestPath().min()).isGreaterThanOrEqualTo(0);
        assertThat(h.serverTime().min()).isGreaterThanOrEqualTo(o.prefillMillis() - 0.01);
        assertThat(h.responsePath().min()).isGreaterThanOrEqualTo(0);
        assertThat(h.responsePath().p50()).isLessThan(h.serverTime().p50());

        LoadScenarios.Scale s = r.scale();
        assertThat(s.failed()).isZero();
        assertThat(s.requests()).isEqualTo((long) o.scaleStreams() * o.scaleRounds());
        assertThat(s.peakRunning()).as("streams overlap at the sim").isGreaterThan(o.scaleStreams() / 2);
        assertThat(s.peakHeapMiB()).isPositive();

        Path json = dir.resolve("load.json");
        LoadBenchmark.writeJson(r, json);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("capacity").path("contentChunks").asLong()).isEqualTo(c.contentChunks());
        assertThat(root.path("overhead").get(0).path("responsePath").path("p99").asDouble()).isEqualTo(h.responsePath().p99());
        assertThat(root.path("scale").path("streams").asInt()).isEqualTo(o.scaleStreams());
        assertThat(root.path("targets").path("chunksPerSecond").asDouble()).isEqualTo(LoadBenchmark.TARGET_CHUNKS_PER_SECOND);

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        LoadBenchmark.print(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("content chunks/s", "concurrency 10", "live heap per stream");
    }

    @Test
    void rejectsUnknownScenario() {
        assertThatThrownBy(() -> new LoadBenchmark.Options(List.of("capacity", "speed"), 1, 1, null, null, List.of(), List.of(1), 1, 1, 1, 0, 1, 1, 1, 1,
                io.llmbench.core.Endpoint.Transport.NETTY, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenario must be one of capacity, overhead, scale, stream, stream5000, bulk, open-streams, poisson, sampler, "
                        + "but was 'speed'");
    }
}
