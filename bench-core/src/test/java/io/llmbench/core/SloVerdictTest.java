package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.assertions.BenchmarkAssertions;
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

/** {@link SloVerdict} and the fluent assertions of {@code io.llmbench.core.assertions}, over a real simulated run. */
class SloVerdictTest {
    static SimulatedEndpoint sim;
    static BenchmarkResult benchmark;
    static EndpointResult run;

    @BeforeAll
    static void benchmark() {
        sim = SimulatedEndpoint.builder().model("sim").timing(TimingModel.builder().prefill(2, 0.001).decode(0.5, 0.01).build()).start();
        benchmark = Benchmark.builder().endpoints(Endpoint.openAi(sim.baseUrl()).model("sim").name("sim").build())
                .workload(Workload.synthetic(64, 16)).load(Load.concurrency(4)).requests(40).run();
        run = benchmark.endpoint("sim");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void passesWhenEveryObjectiveIsMet() {
        SloVerdict v = SloVerdict.of(run, Slo.of(Metric.TTFT, 60_000), Slo.of(Metric.USER_TPS, 0));

        assertThat(v.passed()).isTrue();
        assertThat(v.missed()).isEmpty();
        assertThat(v.checks()).allSatisfy(c -> assertThat(c.excess()).isZero());
        assertThat(v.orThrow()).isSameAs(v);
        assertThatCode(() -> BenchmarkAssertions.assertThat(run).meets(Slo.of(Metric.TTFT, 60_000))).doesNotThrowAnyException();
    }

    @Test
    void aMissNamesTheSloItsPercentileTheValueAndByHowMuch() {
        double ttftP95 = run.metric(Metric.TTFT).percentile(95);
        double e2eP99 = run.metric(Metric.E2E).percentile(99);

        SloVerdict v = SloVerdict.of(run, Slo.at(Metric.E2E, 99, 60_000), Slo.of(Metric.TTFT, 1));

        assertThat(v.passed()).isFalse();
        SloVerdict.Check miss = v.missed().get(0);
        assertThat(miss.slo()).isEqualTo(Slo.of(Metric.TTFT, 1));
        assertThat(miss.value()).isEqualTo(ttftP95);
        assertThat(miss.excess()).isCloseTo(ttftP95 - 1, within(1e-9));
        assertThat(miss.relativeExcess()).isCloseTo(ttftP95 - 1, within(1e-9));
        assertThat(v.message()).isEqualTo("endpoint 'sim' (concurrency 4) missed 1 of 2 SLOs over 40 requests (40 succeeded):\n"
                + "  MISSED ttft p95 = " + SloVerdict.num(ttftP95) + " ms, must be <= 1 ms: " + SloVerdict.num(ttftP95 - 1)
                + " ms over " + (ttftP95 >= 10 ? "(" + SloVerdict.num(ttftP95) + "x the limit)"
                        : "(" + String.format(Locale.ROOT, "%.1f%%", 100 * (ttftP95 - 1)) + ")") + " [only 40 samples: p95 is uncertain]\n"
                + "  met    e2e p99 = " + SloVerdict.num(e2eP99) + " ms, must be <= 60000 ms [only 40 samples: p99 is uncertain]");
        assertThatThrownBy(v::orThrow).isInstanceOf(AssertionError.class).hasMessage(v.message());
    }

    @Test
    void aMinimumSpeedIsCheckedAtTheValueThatShareOfRequestsReachedAndReportedAsShort() {
        double reachedBy95 = run.metric(Metric.USER_TPS).percentile(5);

        SloVerdict v = SloVerdict.of(run, Slo.of(Metric.USER_TPS, 1e9));

        assertThat(v.missed().get(0).value()).isEqualTo(reachedBy95);
        assertThat(v.missed().get(0).excess()).isCloseTo(1e9 - reachedBy95, within(1e-3));
        assertThat(v.message()).contains("MISSED user_tps p95 = " + SloVerdict.num(reachedBy95)
                + " tok/s (95% of requests reached at least this), must be >= 1000000000 tok/s: "
                + SloVerdict.num(1e9 - reachedBy95) + " tok/s short (");
    }

    @Test
    void warnsOnlyWhenThePercentileRestsOnTooFewSamples() {
        // 40 samples leave 10 above p75 but only 2 above p95
        SloVerdict v = SloVerdict.of(run, Slo.at(Metric.TTFT, 75, 0.001), Slo.at(Metric.E2E, 95, 0.001));

        assertThat(v.checks().get(0).uncertain()).isFalse();
        assertThat(v.checks().get(1).uncertain()).isTrue();
        assertThat(v.message()).doesNotContain("p75 is uncertain").contains("[only 40 samples: p95 is uncertain]");
    }

    @Test
    void failedRequestsMissTheSuccessRateWithTheirKinds() {
        try (SimulatedEndpoint flaky = SimulatedEndpoint.builder().model("sim")
                .timing(TimingModel.builder().prefill(1, 0).decode(0.2, 0).build()).seed(7)
                .fault(SimFault.SERVER_ERROR, 0.5).start()) {
            EndpointResult r = Benchmark.builder().endpoints(Endpoint.openAi(flaky.baseUrl()).model("sim").name("flaky").build())
                    .workload(Workload.synthetic(16, 4)).requests(20).run().endpoint("flaky");
            long failed = r.job().failed();
            assertThat(failed).as("the seeded fault draws fail some requests").isBetween(1L, 19L);

            SloVerdict v = SloVerdict.of(r, Slo.of(Metric.TTFT, 60_000));

            assertThat(v.successRateMet()).isFalse();
            assertThat(v.missed()).isEmpty();
            assertThat(v.message())
                    .startsWith("endpoint 'flaky' (sequential) met all 1 SLOs but missed the success rate over 20 requests ("
                            + (20 - failed) + " succeeded):\n")
                    .contains("  MISSED success rate = " + String.format(Locale.ROOT, "%.2f%%", 100.0 * (20 - failed) / 20)
                            + " (failed: HTTP_5XX=" + r.job().failures().get(FailureKind.HTTP_5XX) + "), must be >= 100.00%");
            assertThat(SloVerdict.of(r, 0.0, List.of(Slo.of(Metric.TTFT, 60_000))).passed()).isTrue();
            assertThatThrownBy(() -> BenchmarkAssertions.assertThat(r).hasNoFailures())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("endpoint 'flaky' (sequential): " + (20 - failed) + " of 20 requests succeeded")
                    .hasMessageContaining("HTTP_5XX");
            assertThatCode(() -> BenchmarkAssertions.assertThat(r).withMinSuccessRate(0).meets(Slo.of(Metric.TTFT, 60_000)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aRunWithoutSamplesMissesEveryLatencySlo() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        EndpointResult empty = EndpointResult.of(Deployment.of("idle", null, "m"),
                new RunInfo(new Traffic(Traffic.Mode.SEQUENTIAL, 1), "none", Map.of(), null, null, t, t), List.of(), List.of());

        SloVerdict v = SloVerdict.of(empty, 0.0, List.of(Slo.of(Metric.TTFT, 500)));

        assertThat(v.passed()).isFalse();
        assertThat(v.missed().get(0).excess()).isNaN();
        assertThat(v.message()).contains(
                "MISSED ttft p95: no samples (no request succeeded, or the metric does not apply), must be <= 500 ms");
    }

    @Test
    void benchmarkAssertionReportsEveryEndpointThatMissed() {
        assertThatThrownBy(() -> BenchmarkAssertions.assertThat(benchmark).meets(Slo.of(Metric.E2E, 0.001)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 of 1 endpoints missed their objectives:\nendpoint 'sim' (concurrency 4) missed 1 of 1 SLOs");
        assertThatThrownBy(() -> BenchmarkAssertions.assertThat(benchmark).endpoint("other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 'other'");
    }

    @Test
    void rejectsAnEmptyListAndAnOutOfRangeSuccessRate() {
        assertThatThrownBy(() -> SloVerdict.of(run))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slos must not be empty");
        assertThatThrownBy(() -> SloVerdict.of(run, 1.5, List.of(Slo.of(Metric.TTFT, 1))))
                .hasMessage("minSuccessRate must be in [0, 1], but was 1.5");
        assertThatThrownBy(() -> BenchmarkAssertions.assertThat(run).withMinSuccessRate(-0.1))
                .hasMessage("minSuccessRate must be in [0, 1], but was -0.1");
    }
}
