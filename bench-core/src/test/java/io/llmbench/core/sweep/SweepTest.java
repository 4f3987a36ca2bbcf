package io.llmbench.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {
    // 4 slots, each request holds one for 10 + 2 x 25 = 60 ms: capacity 66.7 requests/s. Margins
    // in the assertions are tens of milliseconds, as the build machine is shared and busy.
    private static final int SLOTS = 4;
    private static final long PREFILL = 10;
    private static final long GAP = 25;
    private static final int TOKENS = 3;

    private static Benchmark template(int requests, Endpoint... endpoints) {
        return Benchmark.builder().endpoints(endpoints).workload(Workload.synthetic(16, TOKENS))
                .requests(requests).warmup(4).label("suite", "sweep-test").build();
    }

    @Test
    void concurrencySweepIsMonotoneInThroughputAndLatencyAndSaturatesAtCapacity() {
        Endpoint a = CapacityClient.endpoint("a", SLOTS, PREFILL, GAP, TOKENS);
        Endpoint b = CapacityClient.endpoint("b", 2 * SLOTS, PREFILL, GAP, TOKENS);
        List<SweepPoint> seen = new ArrayList<>();
        SweepResult sweep = Sweep.of(template(48, a, b)).concurrencies(2, 4, 8, 16).onLevel(seen::add).run();

        assertThat(sweep.stopped()).isNull();
        assertThat(sweep.levels()).containsExactly(2.0, 4.0, 8.0, 16.0);
        assertThat(seen).isEqualTo(sweep.points());
        assertThat(sweep.endpointNames()).containsExactly("a", "b");
        List<EndpointResult> results = sweep.endpoint("a");
        assertThat(results).extracting(r -> r.run().traffic().level()).containsExactly(2.0, 4.0, 8.0, 16.0);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.job().succeeded()).isEqualTo(48);
            assertThat(r.run().labels()).containsEntry("suite", "sweep-test").containsKey(Sweep.LEVEL_LABEL);
        });
        // monotone in offered load, up to noise: no level falls below 80% of the best throughput or
        // 85% of the previous level's median latency
        double bestThroughput = 0;
        for (int i = 1; i < results.size(); i++) {
            EndpointResult prev = results.get(i - 1);
            EndpointResult cur = results.get(i);
            bestThroughput = Math.max(bestThroughput, prev.job().requestThroughput());
            assertThat(cur.job().requestThroughput()).as("throughput at level %d", i)
                    .isGreaterThanOrEqualTo(bestThroughput * 0.8);
            assertThat(cur.metric(Metric.E2E).p50()).as("median latency at level %d", i)
                    .isGreaterThanOrEqualTo(prev.metric(Metric.E2E).p50() * 0.85);
        }
        double capacity = CapacityClient.capacity(SLOTS, PREFILL, GAP, TOKENS);
        // up to the slots nobody waits; beyond them latency grows with the queue while throughput stays at capacity
        assertThat(results.get(1).metric(Metric.TTFT).p50()).isLessThan(PREFILL + 25);
        assertThat(results.get(3).metric(Metric.TTFT).p50()).isGreaterThan(PREFILL + 60);
        SteadyState saturated = SteadyState.of(results.get(3));
        assertThat(saturated.requestThroughput()).isBetween(capacity * 0.75, capacity * 1.15);
        assertThat(saturated.meanInFlight()).isBetween(12.0, 16.0);
        // the endpoint with twice the slots does not wait at 8 in flight
        assertThat(sweep.endpoint("b").get(2).metric(Metric.TTFT).p50()).isLessThan(PREFILL + 25);
    }

    @Test
    void rateSweepLatencyRisesPastCapacity() {
        Endpoint a = CapacityClient.endpoint("a", SLOTS, PREFILL, GAP, TOKENS);
        // capacity 66.7/s: at 160/s the i-th request waits about i x (15 - 6.25) ms
        SweepResult sweep = Sweep.of(template(24, a)).rateLoad(Load::constantRate).rates(20, 40, 160).run();
        List<EndpointResult> results = sweep.endpoint("a");
        assertThat(results).extracting(r -> r.run().traffic().mode()).containsOnly(Traffic.Mode.RATE);
        assertThat(results.get(0).metric(Metric.TTFT).p50()).isLessThan(PREFILL + 25);
        assertThat(results.get(1).metric(Metric.TTFT).p50()).isLessThan(PREFILL + 25);
        assertThat(results.get(2).metric(Metric.TTFT).p50()).isGreaterThan(PREFILL + 50);
        assertThat(results.get(2).job().requestThroughput()).isGreaterThan(results.get(0).job().requestThroughput());
    }

    @Test
    void stopsEarlyWhenTheConditionHolds() {
        Endpoint a = CapacityClient.endpoint("a", SLOTS, PREFILL, GAP, TOKENS);
        SweepResult sweep = Sweep.of(template(16, a)).concurrencies(2, 16, 32, 64)
                .stopWhen(p -> p.endpoint("a").metric(Metric.TTFT).p50() > PREFILL + 40).run();
        assertThat(sweep.levels()).containsExactly(2.0, 16.0);
        assertThat(sweep.stopped()).isEqualTo("stop condition met at concurrency 16");
    }

    @Test
    void rejectsAnEmptySweep() {
        Endpoint a = CapacityClient.endpoint("a", SLOTS, PREFILL, GAP, TOKENS);
        assertThatThrownBy(() -> Sweep.of(template(4, a)).run()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sweep levels must not be empty");
        assertThatThrownBy(() -> Sweep.of(template(4, a)).rates(0)).hasMessageContaining("but was 0.0");
    }
}
