package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import io.llmbench.model.history.DiffOptions;
import io.llmbench.model.history.Threshold;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The performance-regression gate example: benchmark an endpoint, keep the run in an H2 file, and
 * fail the build when it regressed against the stored baseline. The first test is the example as
 * a project would write it: its store ({@code target/llmbench-gate/results.mv.db}, or the path in
 * the system property {@code llmbench.gate.store}) outlives the test, so the first build records
 * the baseline and every later build is compared with it. The other tests show the gate catching
 * a slower endpoint and letting a faster one pass.
 */
class RegressionGateTest {
    /** The simulated endpoint: about 50 ms to the first token for 512-token prompts. */
    static final TimingModel CHAT = DiffCalibration.PRESET;
    /** What the gate checks: TTFT and E2E medians and p95 may grow by 10% at most. */
    static final DiffOptions GATE = DiffOptions.custom()
            .onlyCompare(Measure.TTFT, Statistic.P50, Statistic.P95)
            .compare(Measure.E2E, Statistic.P50, Statistic.P95)
            .maxRegression(Threshold.parse("10%"))
            .build();

    static EndpointResult benchmark(TimingModel timing, long seed) {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().model("sim-8b").timing(timing).seed(seed).start()) {
            Endpoint chat = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("chat").build();
            return Benchmark.builder().endpoints(chat).workload(Workload.synthetic(512, 32)).load(Load.concurrency(8))
                    .requests(120).warmup(8).run().endpoint("chat");
        }
    }

    @Test
    void chatEndpointHasNotRegressedAgainstItsBaseline() {
        Path file = Path.of(System.getProperty("llmbench.gate.store", "target/llmbench-gate/results"));
        EndpointResult run = benchmark(CHAT, 7);
        try (ResultStore store = ResultStore.h2File(file)) {
            RegressionGate.Outcome o = RegressionGate.assertNoRegression(store, run, "chat-sim", GATE);
            assertThat(store.find(o.runId())).isPresent();
        }
    }

    @Test
    void theGateFailsWhenTheEndpointGetsSlowerAndSaysWhat(@TempDir Path dir) {
        TimingModel slower = TimingModel.from(CHAT).prefill(80, 0.04).build();   // twice the prefill
        try (ResultStore store = ResultStore.h2File(dir.resolve("results"))) {
            RegressionGate.Outcome first = RegressionGate.assertNoRegression(store, benchmark(CHAT, 7), "chat", GATE);
            assertThat(first.baselineId()).isEmpty();
            assertThatThrownBy(() -> RegressionGate.assertNoRegression(store, benchmark(slower, 7), "chat", GATE))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("series 'chat' regressed against baseline " + first.runId())
                    .hasMessageContaining("ttft p50 ")
                    .hasMessageContaining(", max 10%")
                    .hasMessageMatching("(?s).*ttft p50 [0-9.]+ -> [0-9.]+ ms \\+[0-9.]+% \\[\\+[0-9.]+%, \\+[0-9.]+%\\].*");
            // the failed run is kept, labelled, for the history
            assertThat(store.count(RunQuery.builder().label(RegressionGate.LABEL_VERDICT, "regressed").build())).isEqualTo(1);
        }
    }

    @Test
    void aFasterEndpointPassesAndCanBecomeTheNewBaseline(@TempDir Path dir) {
        TimingModel faster = TimingModel.from(CHAT).prefill(20, 0.01).build();   // half the prefill
        try (ResultStore store = ResultStore.h2File(dir.resolve("results"))) {
            String baseline = RegressionGate.assertNoRegression(store, benchmark(CHAT, 7), "chat", GATE).runId();
            RegressionGate.Outcome o = RegressionGate.assertNoRegression(store, benchmark(faster, 7), "chat", GATE);
            assertThat(o.baselineId()).contains(baseline);
            assertThat(o.diff().orElseThrow().change(Measure.TTFT, Statistic.P50).orElseThrow()
                    .relativeChange()).isNegative();
            RegressionGate.Outcome accepted = RegressionGate.check(store, benchmark(faster, 8), "chat", GATE, true);
            RegressionGate.Outcome next = RegressionGate.check(store, benchmark(faster, 9), "chat", GATE, false);
            assertThat(next.baselineId()).contains(accepted.runId());
        }
    }
}
