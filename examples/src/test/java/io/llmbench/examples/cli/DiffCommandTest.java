package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff and runs --trend over runs of simulated endpoints, one of them with twice the prefill time. */
class DiffCommandTest {
    static final TimingModel QUICK = TimingModel.builder().prefill(20, 0.05).decode(2, 0.02).maxRunning(64).jitter(0.02).build();
    static final TimingModel SLOW_PREFILL = TimingModel.from(QUICK).prefill(40, 0.1).build();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static String store;
    static String baselineId;

    @BeforeAll
    static void runs() {
        store = shared.resolve("store").toString();
        try (SimulatedEndpoint quick = Cli.sim("sim-8b", QUICK); SimulatedEndpoint slow = Cli.sim("sim-8b", SLOW_PREFILL)) {
            run(quick, "day=1", "role=baseline");
            run(quick, "day=2", "role=other");
            run(slow, "day=3", "role=candidate");
        }
        try (ResultStore s = ResultStore.h2File(Path.of(store))) {
            baselineId = s.runs(RunQuery.builder().label("day", "1").build()).get(0).id();
        }
    }

    static void run(SimulatedEndpoint sim, String... labels) {
        Cli.Result r = Cli.run(Cli.args("run", "--url", sim.baseUrl(), "--model", "sim-8b", "--name", "chat", "--concurrency", "4",
                "--requests", "60", "--warmup", "4", "--input-tokens", "64", "--output-tokens", "8", "--label", labels[0],
                "--label", labels[1], "--label", "deploy=chat", "--store", store, "--no-report", "--quiet"));
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void aSlowerPrefillIsARegressionAndExitsWithFour() {
        Cli.Result r = Cli.run("diff", "label:role=baseline", "label:role=candidate", "--max-regression", "ttft:p50=5%",
                "--html", tmp.resolve("diff.html").toString(), "--store", store);
        assertThat(r.code()).as(r.toString()).isEqualTo(Llmbench.REGRESSION);
        assertThat(r.out()).contains("baseline   " + baselineId, "60 records", "intervals: 95% percentile bootstrap, 1000 resamples, seed 1")
                .containsPattern("ttft p50 +[0-9.]+ +[0-9.]+ +\\+[0-9.]+% +\\[\\+[0-9.]+%, \\+[0-9.]+%\\] +5% +WORSE")
                .containsPattern("output_throughput .* none possible +10% ")
                .containsPattern("regressions?: .*ttft p50 \\+");
        assertThat(Files.exists(tmp.resolve("diff.html"))).isTrue();
        assertThat(r.out()).contains("report: " + tmp.resolve("diff.html"));
    }

    @Test
    void aRunAgainstItselfHasNoChangeAndExitsWithZero() {
        Cli.Result r = Cli.run("diff", baselineId.substring(0, 8), "label:role=baseline", "--store", store);
        assertThat(r.code()).as(r.toString()).isZero();
        // the two sides are resampled independently, so the interval shows the sampling spread around no change
        assertThat(r.out()).contains("no regression beyond the thresholds").containsPattern("ttft p50 .* \\+0\\.0% +\\[-[0-9.]+%, \\+[0-9.]+%\\]");
        assertThat(r.out()).doesNotContain("WORSE");
    }

    @Test
    void badReferencesAndThresholdsAreClearErrors() {
        Cli.Result noLabel = Cli.run("diff", "label:role=nobody", "label:role=baseline", "--store", store);
        assertThat(noLabel.code()).isEqualTo(Llmbench.FAILED);
        assertThat(noLabel.err()).contains("no stored run has label role=nobody");
        Cli.Result bad = Cli.run("diff", "label:role", "label:day", "--max-regression", "ttft:p90=5%", "--store", store);
        assertThat(bad.code()).isEqualTo(Llmbench.USAGE);
        assertThat(bad.err()).contains("--max-regression", "statistic must be p50, p95, p99 or mean, but was 'p90'");
    }

    @Test
    void theTrendMarksTheRunWithTheSlowerPrefill() {
        Cli.Result r = Cli.run("runs", "--wide", "--label", "deploy=chat", "--trend", "ttft:p50", "--html", tmp.resolve("trend.html").toString(),
                "--store", store);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("ttft:p50 (ms) over 3 runs, oldest first");
        // tables show a run id by its first 8 characters (which every command accepts)
        String last = r.out().lines().filter(l -> l.startsWith(lastId().substring(0, 8))).findFirst().orElseThrow();
        assertThat(last).contains("REGRESSION").containsPattern("\\+[0-9.]+%");
        assertThat(r.out()).containsPattern("[12] regressions?: .*" + lastId());
        assertThat(Files.exists(tmp.resolve("trend.html"))).isTrue();
        Cli.Result wrong = Cli.run("runs", "--trend", "latency:p95", "--store", store);
        assertThat(wrong.code()).isEqualTo(Llmbench.USAGE);
        assertThat(wrong.err()).contains("invalid value for --trend: trend measure must be one of ttft");
    }

    static String lastId() {
        try (ResultStore s = ResultStore.h2File(Path.of(store))) {
            return s.runs(RunQuery.builder().label("day", "3").build()).get(0).id();
        }
    }
}
