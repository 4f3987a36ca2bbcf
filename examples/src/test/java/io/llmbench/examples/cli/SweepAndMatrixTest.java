package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepAndMatrixTest {
    static SimulatedEndpoint fast;
    static SimulatedEndpoint slow;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        fast = Cli.sim("fast-model", Cli.FAST);
        slow = Cli.sim("slow-model", Cli.SLOW);
    }

    @AfterAll
    static void stop() {
        fast.close();
        slow.close();
    }

    @Test
    void sweepsConcurrencyLevelsAndDrawsTheCurves() throws IOException {
        Path store = tmp.resolve("store");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("sweep", "--url", fast.baseUrl(), "--model", "fast-model", "--concurrencies", "1,2,4",
                "--requests", "8", "--output-tokens", "8", "--input-tokens", "32", "--slo", "e2e=60000", "--quiet",
                "--store", store.toString(), "--out", out.toString(), "--format", "html,summary");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("concurrency 1", "concurrency 2", "concurrency 4", "all SLOs met");
        try (ResultStore s = ResultStore.h2File(store)) {
            List<StoredRun> runs = s.runs(RunQuery.all());
            assertThat(runs).extracting(x -> x.result().run().traffic().level()).containsExactlyInAnyOrder(1.0, 2.0, 4.0);
            assertThat(runs).allSatisfy(x -> assertThat(x.result().run().labels()).containsKey("sweep.level"));
        }
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("E2E latency vs load: fast-model");
        assertThat(out.resolve("summary.csv")).exists();
        assertThat(out.resolve("runs.csv")).doesNotExist();
    }

    @Test
    void searchesTheHighestConcurrencyMeetingTheSlos() {
        Cli.Result r = Cli.run("sweep", "--url", fast.baseUrl(), "--model", "fast-model", "--search-concurrency", "1,4",
                "--requests", "6", "--output-tokens", "4", "--input-tokens", "16", "--slo", "e2e=60000", "--quiet",
                "--no-store", "--no-report");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("highest load meeting [e2e p95 <= 60000 ms]");
        assertThat(r.out()).containsPattern("fast-model\\s+above_range\\s+4");
    }

    @Test
    void runsShardsThatTogetherCoverTheMatrixAndResumes() {
        Path store = tmp.resolve("store");
        String[] matrix = Cli.args("matrix", "--url", fast.baseUrl(), "--model", "fast-model", "--name", "fast",
                "--url", slow.baseUrl(), "--model", "slow-model", "--name", "slow", "--matrix", "t",
                "--concurrencies", "1,2", "--input-tokens", "16,64", "--output-tokens", "4", "--requests", "3",
                "--store", store.toString(), "--no-report", "--quiet");

        Cli.Result s0 = Cli.run(Cli.args(matrix, "--shard", "0/2"));
        Cli.Result s1 = Cli.run(Cli.args(matrix, "--shard", "1/2"));
        assertThat(s0.code()).as(s0.toString()).isZero();
        assertThat(s1.code()).as(s1.toString()).isZero();
        assertThat(s0.out()).contains("matrix t: 8 cells, shard 0/2 has 4", "4 done, 0 skipped");
        assertThat(s1.out()).contains("shard 1/2 has 4", "4 done, 0 skipped");

        Cli.Result again = Cli.run(matrix);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 done, 8 skipped (already stored), 0 failed");

        try (ResultStore s = ResultStore.h2File(store)) {
            List<StoredRun> runs = s.runs(RunQuery.all());
            assertThat(runs).hasSize(8);
            Set<String> keys = runs.stream().map(x -> x.result().run().cellKey()).collect(Collectors.toSet());
            assertThat(keys).hasSize(8).contains("matrix=t,model=slow,concurrency=2,in=64,out=4");
            StoredRun slowCell = runs.stream().filter(x -> "matrix=t,model=slow,concurrency=2,in=64,out=4"
                    .equals(x.result().run().cellKey())).findFirst().orElseThrow();
            EndpointResult e = slowCell.result();
            assertThat(e.deployment().model()).isEqualTo("slow-model");
            assertThat(e.run().traffic().level()).isEqualTo(2);
            assertThat(e.metric(Metric.INPUT_TOKENS).mean()).isBetween(64.0, 80.0);
            assertThat(e.run().labels()).containsEntry("in", "64");
        }

        Cli.Result dry = Cli.run(Cli.args(matrix, "--dry-run", "--shard", "0/2"));
        assertThat(dry.out().lines().filter(l -> l.startsWith("done ")).count()).isEqualTo(4);
    }

    @Test
    void matrixDimensionsOverrideTheDeploymentMetadata() {
        Path store = tmp.resolve("store");
        Cli.Result r = Cli.run("matrix", "--url", fast.baseUrl(), "--model", "fast-model", "--dim-hardware", "H100,A100",
                "--dim-quant", "fp8", "--exclude", "hardware=A100", "--input-tokens", "16", "--output-tokens", "4",
                "--requests", "2", "--store", store.toString(), "--no-report", "--quiet");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("1 cells");
        try (ResultStore s = ResultStore.h2File(store)) {
            EndpointResult e = s.runs(RunQuery.all()).get(0).result();
            assertThat(e.deployment().hardware()).isEqualTo("H100");
            assertThat(e.deployment().quantization()).isEqualTo("fp8");
            assertThat(e.run().traffic().mode()).isEqualTo(io.llmbench.core.Traffic.Mode.SEQUENTIAL);
        }
    }
}
