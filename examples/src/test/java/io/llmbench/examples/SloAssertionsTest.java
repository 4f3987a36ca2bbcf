package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Deployment;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import io.llmbench.core.sim.SimFault;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SloAssertionsTest {
    static SimulatedEndpoint sim;
    static EndpointResult run;

    @BeforeAll
    static void benchmark() {
        sim = SimulatedEndpoint.builder().model("sim").timing(TimingModel.builder().prefill(2, 0.001).decode(0.5, 0.01).build()).start();
        run = Benchmark.builder().endpoints(Endpoint.openAi(sim.baseUrl()).model("sim").name("sim").build())
                .workload(Workload.synthetic(64, 16)).load(Load.concurrency(4)).requests(40).run().endpoint("sim");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    @Test
    void passesWhenEveryObjectiveIsMet() {
        assertThatCode(() -> SloAssertions.assertMeets(run, Slo.of(Metric.TTFT, 60_000), Slo.of(Metric.USER_TPS, 0)))
                .doesNotThrowAnyException();
    }

    @Test
    void failureListsTheMissedSloWithItsMeasuredValueAndTheMetOnes() {
        double ttftP95 = run.metric(Metric.TTFT).percentile(95);
        double e2eP99 = run.metric(Metric.E2E).percentile(99);

        assertThatThrownBy(() -> SloAssertions.assertMeets(run, Slo.at(Metric.E2E, 99, 60_000), Slo.of(Metric.TTFT, 0.001)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("endpoint 'sim' missed 1 of 2 SLOs over 40 requests (40 succeeded):\n"
                        + "  MISSED ttft p95 = " + oneDecimal(ttftP95) + " ms, must be <= 0.001 ms [only 40 samples: p95 is uncertain]\n"
                        + "  met    e2e p99 = " + oneDecimal(e2eP99) + " ms, must be <= 60000 ms [only 40 samples: p99 is uncertain]");
    }

    @Test
    void aMinimumSpeedIsCheckedAtTheValueThatShareOfRequestsReached() {
        double reachedBy95 = run.metric(Metric.USER_TPS).percentile(5);

        assertThatThrownBy(() -> SloAssertions.assertMeets(run, Slo.of(Metric.USER_TPS, 1e9)))
                .hasMessageContaining("MISSED user_tps p95 = " + oneDecimal(reachedBy95)
                        + " tok/s (95% of requests reached at least this), must be >= 1000000000 tok/s");
    }

    @Test
    void warnsOnlyWhenThePercentileRestsOnTooFewSamples() {
        // 40 samples leave 10 above p75 but only 2 above p95
        assertThatThrownBy(() -> SloAssertions.assertMeets(run, Slo.at(Metric.TTFT, 75, 0.001), Slo.at(Metric.E2E, 95, 0.001)))
                .hasMessageNotContaining("p75 is uncertain")
                .hasMessageContaining("[only 40 samples: p95 is uncertain]");
    }

    @Test
    void failedRequestsMissTheSuccessRateWithTheirKinds() {
        try (SimulatedEndpoint flaky = SimulatedEndpoint.builder().model("sim").timing(MatrixShardWorker.FAST).seed(7)
                .fault(SimFault.SERVER_ERROR, 0.5).start()) {
            EndpointResult r = Benchmark.builder().endpoints(Endpoint.openAi(flaky.baseUrl()).model("sim").name("flaky").build())
                    .workload(Workload.synthetic(16, 4)).requests(20).run().endpoint("flaky");
            long failed = r.job().failed();
            assertThat(failed).as("the seeded fault draws fail some requests").isBetween(1L, 19L);

            assertThatThrownBy(() -> SloAssertions.assertMeets(r, Slo.of(Metric.TTFT, 60_000)))
                    .hasMessageStartingWith("endpoint 'flaky' met all 1 SLOs but missed the success rate over 20 requests ("
                            + (20 - failed) + " succeeded):\n")
                    .hasMessageContaining("  MISSED success rate = " + String.format(Locale.ROOT, "%.2f%%", 100.0 * (20 - failed) / 20)
                            + " (failed: HTTP_5XX=" + r.job().failures().get(io.llmbench.core.FailureKind.HTTP_5XX))
                    .hasMessageContaining("), must be >= 100.00%");
            assertThatCode(() -> SloAssertions.assertMeets(r, 0.0, Slo.of(Metric.TTFT, 60_000))).doesNotThrowAnyException();
        }
    }

    @Test
    void aRunWithoutSamplesMissesEveryLatencySlo() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        EndpointResult empty = EndpointResult.of(Deployment.of("idle", null, "m"),
                new RunInfo(new Traffic(Traffic.Mode.SEQUENTIAL, 1), "none", Map.of(), null, null, t, t), List.of(), List.of());

        assertThatThrownBy(() -> SloAssertions.assertMeets(empty, 0.0, Slo.of(Metric.TTFT, 500)))
                .hasMessageContaining("MISSED ttft p95: no samples (no request succeeded, or the metric does not apply), must be <= 500 ms");
    }

    @Test
    void rejectsAnEmptyListAndAnOutOfRangeSuccessRate() {
        assertThatThrownBy(() -> SloAssertions.assertMeets(run))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slos must not be empty");
        assertThatThrownBy(() -> SloAssertions.assertMeets(run, 1.5, Slo.of(Metric.TTFT, 1)))
                .hasMessage("minSuccessRate must be in [0, 1], but was 1.5");
    }
}
