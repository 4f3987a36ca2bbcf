package io.llmbench.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sweeps and SLO searches against the simulated endpoint over loopback HTTP. Its timing model
 * gives the expected capacity: 4 running requests at most, 20 ms prefill, 10 ms decode steps, no
 * jitter; requests ask for 4 tokens, so a request runs about 20 + 3 x 10 = 50 ms (plus up to one
 * step waiting to join the batch) and the endpoint serves about 4 / 0.05 s = 80 requests/s.
 */
class SimSweepTest {
    private static final int IN = 16;
    private static final int OUT = 4;
    private static SimulatedEndpoint sim;
    private static Endpoint endpoint;

    @BeforeAll
    static void start() {
        sim = SimulatedEndpoint.builder().model("sim")
                .timing(TimingModel.builder().prefill(20, 0).decode(10, 0).maxRunning(4).jitter(0).build())
                .start();
        endpoint = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("sim").build();
        // warm the JIT for the HTTP stack on both sides, so the first probe does not pay for it
        Benchmark.builder().endpoints(endpoint).workload(Workload.synthetic(IN, OUT)).load(Load.concurrency(8)).requests(96).run();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Benchmark template(int requests) {
        // 16 warm-up requests open the connections a level needs before it is measured
        return Benchmark.builder().endpoints(endpoint).workload(Workload.synthetic(IN, OUT)).requests(requests).warmup(16).build();
    }

    @Test
    void concurrencySweepIsMonotoneAndSaturatesAtTheModelledCapacity() {
        SweepResult sweep = Sweep.of(template(48)).concurrencies(2, 4, 8, 16).run();
        List<EndpointResult> results = sweep.endpoint("sim");
        assertThat(results).allSatisfy(r -> assertThat(r.job().succeeded()).isEqualTo(48));
        double best = 0;
        for (int i = 1; i < results.size(); i++) {
            best = Math.max(best, results.get(i - 1).job().requestThroughput());
            assertThat(results.get(i).job().requestThroughput()).as("throughput at level %d", i).isGreaterThanOrEqualTo(best * 0.8);
            assertThat(results.get(i).metric(Metric.E2E).p50()).as("median latency at level %d", i)
                    .isGreaterThanOrEqualTo(results.get(i - 1).metric(Metric.E2E).p50() * 0.85);
        }
        double expected = sim.timing().atConcurrency(16, IN, OUT).requestRate();
        SteadyState saturated = SteadyState.of(results.get(3));
        assertThat(saturated.requestThroughput()).isBetween(expected * 0.7, expected * 1.15);
        // four times the clients of the running cap: about four times the latency, not more throughput
        assertThat(results.get(3).metric(Metric.E2E).p50()).isGreaterThan(results.get(1).metric(Metric.E2E).p50() * 2.5);
        assertThat(results.get(0).metric(Metric.TTFT).p50()).isLessThan(40);
    }

    @Test
    void sloSearchFindsTheConcurrencyKneeTheTimingModelPredicts() {
        // Past the running cap, each extra client adds about a quarter of a request's service time to
        // the median TTFT (Little's law, TimingModel.atConcurrency). Put the SLO halfway between the
        // model's TTFT at 6 and 7 clients; the model ignores the wait to join a decode step, hence +-1.
        TimingModel t = sim.timing();
        double threshold = (t.atConcurrency(6, IN, OUT).ttftMillis() + t.atConcurrency(7, IN, OUT).ttftMillis()) / 2;
        SloKnee knee = SloSearch.of(template(30)).slos(Slo.at(Metric.TTFT, 50, threshold)).concurrency(2, 32).run().endpoint("sim");
        assertThat(knee.outcome()).isEqualTo(SloKnee.Outcome.FOUND);
        assertThat(knee.lowestMissed() - knee.highestMet()).isEqualTo(1);
        assertThat(knee.knee().orElseThrow()).isBetween(5.0, 7.0);
    }

    @Test
    void sloSearchFindsTheRateKneeNearTheModelledCapacity() {
        double capacity = sim.timing().maxRequestRate(IN, OUT);
        SloKnee knee = SloSearch.of(template(40)).slos(Slo.at(Metric.TTFT, 90, 60)).rate(capacity / 2, capacity * 4)
                .rateLoad(Load::constantRate).precision(capacity * 0.05).run().endpoint("sim");
        assertThat(knee.outcome()).isEqualTo(SloKnee.Outcome.FOUND);
        assertThat(knee.lowestMissed() - knee.highestMet()).isLessThanOrEqualTo(capacity * 0.05);
        assertThat(knee.knee().orElseThrow()).isBetween(capacity * 0.7, capacity * 1.3);
    }
}
