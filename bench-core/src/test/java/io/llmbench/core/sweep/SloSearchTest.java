package io.llmbench.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Searches over {@link CapacityClient} endpoints whose knee is known from their shape. A request
 * holds a slot for {@code 10 + 2 x 25 = 60 ms}; with {@code C} slots, up to {@code C} requests in
 * flight never wait (TTFT = the 10 ms prefill), while at {@code C + 1} one request in each wave
 * waits a whole 60 ms, so TTFT p90 jumps to about 70 ms. The SLO, TTFT p90 &le; 40 ms, sits in
 * the middle, leaving 30 ms either side for a busy build machine.
 */
class SloSearchTest {
    private static final Slo TTFT_P90 = Slo.at(Metric.TTFT, 90, 40);

    private static Endpoint endpoint(String name, int slots) {
        return CapacityClient.endpoint(name, slots, 10, 25, 3);
    }

    private static Benchmark template(int requests, Endpoint... endpoints) {
        return Benchmark.builder().endpoints(endpoints).workload(Workload.synthetic(16, 3)).requests(requests).warmup(4).build();
    }

    @Test
    void findsTheConcurrencyKneeOfAnEndpointWithKnownSlots() {
        List<SloProbe> seen = new ArrayList<>();
        SloSearchResult result = SloSearch.of(template(30, endpoint("four-slots", 4))).slos(TTFT_P90).concurrency(2, 64)
                .onProbe(seen::add).run();
        SloKnee knee = result.endpoint("four-slots");
        assertThat(knee.outcome()).isEqualTo(SloKnee.Outcome.FOUND);
        assertThat(knee.knee()).hasValue(4);
        assertThat(knee.lowestMissed()).isEqualTo(5);
        assertThat(knee.probes()).isEqualTo(seen);
        assertThat(knee.probes()).extracting(SloProbe::level).containsExactly(2.0, 4.0, 8.0, 6.0, 5.0);
        assertThat(knee.probes()).filteredOn(p -> !p.met())
                .allSatisfy(p -> assertThat(p.violations()).anySatisfy(v -> assertThat(v).startsWith("ttft p90 = ").endsWith(" > 40 ms")));
        assertThat(knee.kneeProbe()).hasValueSatisfying(p -> assertThat(p.result().metric(Metric.TTFT).percentile(90)).isLessThanOrEqualTo(40));
        assertThat(result.slos()).containsExactly(TTFT_P90);
    }

    @Test
    void reportsKneesOutsideTheRange() {
        Endpoint fast = CapacityClient.endpoint("fast", 64, 5, 1, 2);
        Benchmark template = Benchmark.builder().endpoints(fast).workload(Workload.synthetic(16, 2)).requests(12).build();
        SloKnee above = SloSearch.of(template).slos(Slo.of(Metric.TTFT, 200)).concurrency(1, 4).run().endpoint("fast");
        assertThat(above.outcome()).isEqualTo(SloKnee.Outcome.ABOVE_RANGE);
        assertThat(above.knee()).hasValue(4);
        assertThat(above.probes()).extracting(SloProbe::level).containsExactly(1.0, 2.0, 4.0);

        SloKnee below = SloSearch.of(template).slos(Slo.of(Metric.TTFT, 1)).concurrency(1, 4).run().endpoint("fast");
        assertThat(below.outcome()).isEqualTo(SloKnee.Outcome.BELOW_RANGE);
        assertThat(below.knee()).isEmpty();
        assertThat(below.probes()).hasSize(1);
    }

    @Test
    void stopsAtTheProbeLimitWithTheBestBracket() {
        SloKnee knee = SloSearch.of(template(30, endpoint("e", 4))).slos(TTFT_P90).concurrency(2, 64).maxProbes(2).run().endpoint("e");
        assertThat(knee.outcome()).isEqualTo(SloKnee.Outcome.PROBE_LIMIT);
        assertThat(knee.probes()).hasSize(2);
        assertThat(knee.knee()).hasValue(4);
        assertThat(knee.lowestMissed()).isNaN();
    }

    @Test
    void searchesEachEndpointOnItsOwn() {
        SloSearchResult result = SloSearch.of(template(20, endpoint("two", 2), endpoint("four", 4))).slos(TTFT_P90)
                .concurrency(2, 8).run();
        assertThat(result.endpoints()).extracting(SloKnee::endpoint).containsExactly("two", "four");
        assertThat(result.endpoint("two").knee()).hasValue(2);
        assertThat(result.endpoint("four").knee()).hasValue(4);
        assertThat(result.endpoint("two").probes()).allSatisfy(p -> assertThat(p.result().name()).isEqualTo("two"));
        assertThatThrownBy(() -> result.endpoint("nine")).hasMessage("endpoint must be one of [two, four], but was 'nine'");
    }

    @Test
    void rejectsIncompleteSettings() {
        Benchmark template = template(2, endpoint("e", 1));
        assertThatThrownBy(() -> SloSearch.of(template).slos(Slo.of(Metric.TTFT, 5)).run())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("search range must be set");
        assertThatThrownBy(() -> SloSearch.of(template).concurrency(1, 4).run())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SLOs must be set");
        assertThatThrownBy(() -> SloSearch.of(template).rate(0, 4)).hasMessage("search min rate must be a finite number > 0, but was 0.0");
        assertThatThrownBy(() -> SloSearch.of(template).concurrency(4, 2)).hasMessage("search max concurrency must be >= min (4), but was 2");
        assertThatThrownBy(() -> SloSearch.of(template).growth(1)).hasMessage("growth must be a finite number > 1, but was 1.0");
        assertThatThrownBy(() -> SloSearch.of(template).precision(0)).hasMessage("precision must be a finite number > 0, but was 0.0");
        assertThatThrownBy(() -> SloSearch.of(template).minSuccessRate(1.5)).hasMessage("minSuccessRate must be in [0, 1], but was 1.5");
        assertThatThrownBy(() -> SloSearch.of(template).maxProbes(1)).hasMessage("maxProbes must be >= 2, but was 1");
    }
}
