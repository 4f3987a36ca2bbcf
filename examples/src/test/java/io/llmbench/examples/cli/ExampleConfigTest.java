package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config files in examples/config work as documented. */
class ExampleConfigTest {
    static final Path CONFIG = Path.of("config");

    @TempDir
    Path tmp;

    @Test
    void theVllmConfigDescribesTwoEndpointsAtAPoissonRate() {
        Cli.Result r = Cli.run(Map.of("API_KEY", "sk-example-000111"), "run", "--config", CONFIG.resolve("run-vllm.json").toString(),
                "--dry-run");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("would run 2 endpoints:",
                "llama-vllm  http://localhost:8000/v1/chat/completions  model meta-llama/Llama-3.1-8B-Instruct  API key from $API_KEY",
                "llama-tgi  http://localhost:8080/v1/chat/completions", "load: poisson 4 req/s max 64 in flight",
                "requests: 500 per endpoint", "warm-up: 10", "SLOs: [ttft p95 <= 500 ms, tpot p99 <= 50 ms]");
        assertThat(r.all()).doesNotContain("sk-example-000111");

        Cli.Result noKey = Cli.run("run", "--config", CONFIG.resolve("run-vllm.json").toString(), "--dry-run");
        assertThat(noKey.code()).isEqualTo(Llmbench.USAGE);
        assertThat(noKey.err()).contains("--api-key-env", "API_KEY is not set");
    }

    @Test
    void theSimulationConfigRuns() {
        Cli.Result r = Cli.run("run", "--config", CONFIG.resolve("sims.json").toString(), "--requests", "6", "--warmup", "1",
                "--output-tokens", "8", "--no-store", "--no-report", "--quiet");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("fast-small", "big-slow", "saturating");
    }

    @Test
    void theMatrixConfigHasTwentyFourCells() {
        Cli.Result r = Cli.run("matrix", "--config", CONFIG.resolve("matrix-sims.json").toString(), "--dry-run", "--shard", "1/3",
                "--store", tmp.resolve("m").toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("matrix example: 24 cells, shard 1/3 has 8");
        assertThat(r.out().lines().filter(l -> l.startsWith("pending  matrix=example,model=")).count()).isEqualTo(8);
    }
}
