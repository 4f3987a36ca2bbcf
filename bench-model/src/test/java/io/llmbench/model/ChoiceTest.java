package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rankings, TOPSIS and the Pareto front on examples small enough to work out by hand. */
class ChoiceTest {
    private static Alternative alt(String name, double ttft, double throughput) {
        return Alternative.of(name, Map.of(Measure.TTFT, ttft, Measure.OUTPUT_THROUGHPUT, throughput));
    }

    @Test
    void ranksLowerIsBetterAscendingAndHigherIsBetterDescending() {
        List<Alternative> alts = List.of(alt("a", 300, 1000), alt("b", 100, 500), alt("c", 200, 2000),
                Alternative.of("d", Map.of(Measure.TTFT, 200.0)));
        assertThat(Rankings.rank(alts, Measure.TTFT)).containsExactly(
                new Ranked(1, "b", 100), new Ranked(2, "c", 200), new Ranked(2, "d", 200), new Ranked(4, "a", 300));
        assertThat(Rankings.rank(alts, Measure.OUTPUT_THROUGHPUT)).extracting(Ranked::name).containsExactly("c", "a", "b");
        assertThat(Rankings.rankAll(alts)).containsOnlyKeys(Measure.TTFT, Measure.OUTPUT_THROUGHPUT);
    }

    @Test
    void topsisMatchesAHandComputedExample() {
        // benefit column (1, 2, 2), cost column (2, 1, 2); both norms are 3.
        // Equal weights: v = (1/6, 1/3), (1/3, 1/6), (1/3, 1/3); ideal (1/3, 1/6), anti-ideal (1/6, 1/3).
        // A: D+ = √2/6, D- = 0 → 0.   B: D+ = 0 → 1.   C: D+ = D- = 1/6 → 0.5.
        List<Alternative> alts = List.of(
                Alternative.of("A", Map.of(Measure.OUTPUT_THROUGHPUT, 1.0, Measure.TTFT, 2.0)),
                Alternative.of("B", Map.of(Measure.OUTPUT_THROUGHPUT, 2.0, Measure.TTFT, 1.0)),
                Alternative.of("C", Map.of(Measure.OUTPUT_THROUGHPUT, 2.0, Measure.TTFT, 2.0)));
        List<Ranked> equal = Topsis.rank(alts, List.of(Criterion.of(Measure.OUTPUT_THROUGHPUT, 1), Criterion.of(Measure.TTFT, 1)));
        assertThat(equal).extracting(Ranked::name).containsExactly("B", "C", "A");
        assertThat(equal.get(0).value()).isCloseTo(1.0, within(1e-12));
        assertThat(equal.get(1).value()).isCloseTo(0.5, within(1e-12));
        assertThat(equal.get(2).value()).isCloseTo(0.0, within(1e-12));
        // Weights 3:1 → v = (1/4, 1/6), (1/2, 1/12), (1/2, 1/6); ideal (1/2, 1/12), anti (1/4, 1/6).
        // C: D+ = 1/12, D- = 1/4 → 0.75.
        List<Ranked> weighted = Topsis.rank(alts, List.of(Criterion.of(Measure.OUTPUT_THROUGHPUT, 3), Criterion.of(Measure.TTFT, 1)));
        assertThat(weighted.get(1)).isEqualTo(new Ranked(2, "C", weighted.get(1).value()));
        assertThat(weighted.get(1).value()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void topsisDirectionCanBeOverridden() {
        List<Alternative> alts = List.of(alt("low", 100, 1), alt("high", 300, 1));
        assertThat(Topsis.rank(alts, List.of(Criterion.of(Measure.TTFT, 1))).get(0).name()).isEqualTo("low");
        assertThat(Topsis.rank(alts, List.of(Criterion.benefit(Measure.TTFT, 1))).get(0).name()).isEqualTo("high");
    }

    @Test
    void topsisRejectsMissingValuesAndEmptyCriteria() {
        List<Alternative> alts = List.of(alt("a", 1, 1), Alternative.of("b", Map.of(Measure.TTFT, 2.0)));
        assertThatThrownBy(() -> Topsis.rank(alts, List.of(Criterion.of(Measure.OUTPUT_THROUGHPUT, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alternative 'b' must have a value for every criterion, but lacks output_throughput");
        assertThatThrownBy(() -> Topsis.rank(alts, List.of())).hasMessage("criteria must not be empty");
        assertThatThrownBy(() -> Criterion.of(Measure.TTFT, 0)).hasMessage("weight of ttft must be a finite number > 0, but was 0.0");
    }

    @Test
    void paretoFrontKeepsTheUndominated() {
        List<Alternative> alts = List.of(
                alt("A", 100, 1000),
                alt("B", 200, 2000),
                alt("C", 150, 900),   // A is faster and has more throughput
                alt("D", 300, 1500),  // B dominates
                alt("E", 100, 1000),  // equal to A: neither dominates the other
                alt("F", 400, 2500)); // slowest, but the most throughput
        assertThat(Pareto.front(alts, Measure.TTFT, Measure.OUTPUT_THROUGHPUT)).extracting(Alternative::name)
                .containsExactly("A", "E", "B", "F");
        assertThat(Pareto.front(alts, Measure.TTFT)).extracting(Alternative::name).containsExactly("A", "E");
    }

    @Test
    void costComesFromThroughputAndPrice() {
        Alternative a = Alternative.predicted("x", Prediction.of(Point.of(10, 10), 0.9, Map.of(
                Measure.OUTPUT_THROUGHPUT, new PredictedValue(Measure.OUTPUT_THROUGHPUT, 1000, 500, 1500, Confidence.HIGH)), "test"));
        Alternative c = a.withCost(Pricing.perGpuHour(3.6, 1));
        // 3.6 per hour at 1000 tok/s = 3.6 per 3.6 M tokens = 1 per M; pessimistic at 500 tok/s = 2 per M
        assertThat(c.values().get(Measure.COST_PER_MILLION_OUTPUT_TOKENS)).isCloseTo(1.0, within(1e-12));
        assertThat(c.pessimistic().get(Measure.COST_PER_MILLION_OUTPUT_TOKENS)).isCloseTo(2.0, within(1e-12));
        assertThat(c.pessimistic().get(Measure.OUTPUT_THROUGHPUT)).isEqualTo(500);
    }
}
