package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Metric;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateAndDemoTest {
    @TempDir
    Path tmp;

    @Test
    void simulateServesAnOpenAiCompatibleEndpointUntilItsTimeIsUp() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), Map.of("SIM_KEY", "sk-sim-99887766")::get, false);
        int[] code = {-1};
        Thread server = new Thread(() -> code[0] = Llmbench.execute(ctx, "simulate", "--port", "0",
                "--preset", "fast", "--model", "served-model", "--decode", "1,0.01", "--api-key-env", "SIM_KEY"), "simulate-test");
        server.start();
        String url = Cli.awaitFirstLine(out, "http://");
        assertThat(url).as(err.toString()).startsWith("http://127.0.0.1:").endsWith("/v1");

        Cli.Result run = Cli.run(Map.of("SIM_KEY", "sk-sim-99887766"), "run", "--url", url, "--model", "served-model",
                "--api-key-env", "SIM_KEY", "--requests", "5", "--output-tokens", "6", "--no-store", "--no-report", "--quiet");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("served-model", "100.0%");
        server.interrupt();
        server.join(10_000);
        assertThat(code[0]).isZero();
        assertThat(out.toString()).contains("model served-model", "step=1.0+0.01", "serving until Ctrl-C", "served 5 requests")
                .doesNotContain("sk-sim-99887766");
    }

    @Test
    void simulateStopsAfterForAndReportsWhatItServed() throws Exception {
        Cli.Result r = Cli.run("simulate", "--port", "0", "--for", "200ms", "--max-running", "2");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("maxRunning=2", "serving for 0.2 s", "served 0 requests");
    }

    @Test
    void simulateTakesTheLibraryServersOptions() {
        Cli.Result r = Cli.run("simulate", "--port", "0", "--for", "100ms", "--prefill-lanes", "3", "--tokens-per-step", "2",
                "--output-tokens", "40,4", "--stop-at-eos", "--max-model-len", "4096", "--fault-after", "3", "--stall-ms", "50");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("prefillConcurrency=3", "tokensPerStep=2", "served 0 requests");

        Cli.Result instant = Cli.run("simulate", "--port", "0", "--for", "100ms", "--instant", "--fixed", "8,2");
        assertThat(instant.code()).as(instant.toString()).isZero();
        assertThat(instant.out()).contains("prefill=0.0+0.0", "step=0.0+0.0");

        Cli.Result bad = Cli.run("simulate", "--port", "0", "--for", "100ms", "--fixed", "1,2,3");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--fixed", "must have 1 to 2 comma-separated numbers, but had 3");
        Cli.Result badLen = Cli.run("simulate", "--port", "0", "--for", "100ms", "--output-tokens", "40");
        assertThat(badLen.err()).contains("--output-tokens", "must have 2 comma-separated numbers, but had 1");
    }

    @Test
    void theQuickDemoStoresRunsFitsModelsAndWritesTheReport() throws IOException {
        Path dir = tmp.resolve("demo");
        Path old = tmp.resolve("old.csv");
        Files.writeString(old, StoreCommandsTest.SUMMARY_HEADER + "\n" + StoreCommandsTest.SUMMARY_ROW + "\n");
        assertThat(Cli.run("import", old.toString(), "--store", dir.resolve("llmbench").toString()).code()).isZero();

        Cli.Result r = Cli.run("demo", "--quick", "--out", dir.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        Demo.Plan plan = Demo.QUICK;
        int runs = plan.cells() * Demo.PRESETS.size();
        assertThat(r.out()).contains("llmbench demo: 3 simulated endpoints, " + plan.cells() + " cells",
                "stored " + runs + " runs", "at the reference workload", "predicted for a workload nobody measured",
                "recommended for that workload", "report: " + dir.resolve("report.html").toAbsolutePath());
        assertThat(r.out()).contains("fast-small", "big-slow", "saturating");
        assertThat(r.err()).contains(plan.cells() + "/" + plan.cells() + "]");

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("E2E latency vs load: fast-small", "Predicted ttft vs concurrency", "Ranking by ttft", "Pareto front");
        assertThat(html).as("the simulators' vLLM metrics were scraped").contains("<h2>Server metrics</h2>",
                "Server load and client concurrency over time", "TTFT: client vs server");

        try (ResultStore store = ResultStore.h2File(dir.resolve("llmbench"))) {
            List<StoredRun> stored = store.runs(RunQuery.all());
            assertThat(stored).hasSize(runs);   // a fresh store: the run imported before is gone
            Map<String, Long> perEndpoint = stored.stream().collect(Collectors.groupingBy(s -> s.result().name(), Collectors.counting()));
            assertThat(perEndpoint).containsOnlyKeys("fast-small", "big-slow", "saturating").allSatisfy((k, v) -> assertThat(v).isEqualTo(plan.cells()));
            // the simulated characters show: the big model decodes slower than the small one at the same workload
            double fastTpot = meanTpot(stored, "fast-small");
            double bigTpot = meanTpot(stored, "big-slow");
            assertThat(bigTpot).isGreaterThan(1.5 * fastTpot);
            StoredRun one = store.find(stored.get(0).id()).orElseThrow();
            assertThat(one.result().serverMetrics().series("vllm:num_requests_running")).hasSize(1);
            assertThat(io.llmbench.core.server.ServerSummary.of(one.result()).value("ttft.server_count_minus_client")).isZero();
        }
    }

    private static double meanTpot(List<StoredRun> runs, String name) {
        return runs.stream().filter(s -> s.result().name().equals(name)).mapToDouble(s -> s.result().metric(Metric.TPOT).mean())
                .average().orElseThrow();
    }
}
