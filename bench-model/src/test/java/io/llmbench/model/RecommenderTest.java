package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderTest {
    private static Alternative alt(String name, double ttft, double ttftUpper, double throughput) {
        return new Alternative(name, Map.of(Measure.TTFT, ttft, Measure.OUTPUT_THROUGHPUT, throughput),
                Map.of(Measure.TTFT, ttftUpper, Measure.OUTPUT_THROUGHPUT, throughput));
    }

    private final List<Alternative> alts = List.of(
            alt("sure", 300, 400, 1000),
            alt("risky", 450, 600, 3000),   // meets 500 ms at its centre, not at its interval's upper end
            alt("slow", 900, 1000, 5000),
            alt("best", 200, 250, 2000));

    @Test
    void keepsButMarksADeploymentWhoseIntervalCrossesTheLimit() {
        RecommendationResult r = Recommender.builder().slo(Slo.of(Metric.TTFT, 500))
                .criteria(Criterion.of(Measure.OUTPUT_THROUGHPUT, 1)).build().recommend(alts);
        assertThat(r.recommended()).extracting(Recommendation::name).containsExactly("risky", "best", "sure");
        assertThat(r.recommended()).extracting(Recommendation::risky).containsExactly(true, false, false);
        Check risk = r.recommended().get(0).atRisk().get(0);
        assertThat(risk.status()).isEqualTo(Check.Status.AT_RISK);
        assertThat(risk.toString()).isEqualTo("ttft p95 450 [450, 600] ms crosses ttft p95 <= 500 ms");
        assertThat(r.rejected()).extracting(Rejection::name).containsExactly("slow");
        assertThat(r.rejected().get(0).toString()).isEqualTo("slow: ttft p95 900 [900, 1000] ms misses ttft p95 <= 500 ms");
    }

    @Test
    void strictComplianceRejectsWhatIsAtRisk() {
        RecommendationResult r = Recommender.builder().slo(Slo.of(Metric.TTFT, 500)).compliance(Compliance.INTERVAL)
                .criteria(Criterion.of(Measure.OUTPUT_THROUGHPUT, 1)).limit(2).build().recommend(alts);
        assertThat(r.recommended()).extracting(Recommendation::name).containsExactly("best", "sure");
        assertThat(r.rejected()).extracting(Rejection::name).containsExactly("risky", "slow");
        assertThat(r.rejected().get(0).check().status()).isEqualTo(Check.Status.AT_RISK);
        assertThat(r.rejected().get(0).value()).isEqualTo(450);
    }

    private static Prediction prediction(double ttft, double lower, double upper, Confidence c) {
        return Prediction.of(Point.atConcurrency(100, 100, 4), 0.9, Map.of(Measure.TTFT, new PredictedValue(Measure.TTFT, ttft, lower, upper, c),
                Measure.OUTPUT_THROUGHPUT, new PredictedValue(Measure.OUTPUT_THROUGHPUT, 1000, 900, 1100, c)), "test");
    }

    @Test
    void checksEachSloAtItsOwnPercentile() {
        // a deployment fast on average and at the median, slow in the tail
        Alternative tail = Alternative.predicted("tail", Map.of(
                Statistic.MEAN, prediction(120, 110, 130, Confidence.HIGH),
                Statistic.P50, prediction(100, 95, 105, Confidence.HIGH),
                Statistic.P95, prediction(700, 600, 800, Confidence.MEDIUM)));
        RecommendationResult median = Recommender.builder().slo(Slo.at(Metric.TTFT, 50, 500)).build().recommend(List.of(tail));
        assertThat(median.recommended()).extracting(Recommendation::name).containsExactly("tail");
        RecommendationResult p95 = Recommender.builder().slo(Slo.at(Metric.TTFT, 95, 500)).build().recommend(List.of(tail));
        assertThat(p95.recommended()).isEmpty();
        assertThat(p95.rejected().get(0).toString()).isEqualTo("tail: ttft p95 700 [600, 800] ms (medium) misses ttft p95 <= 500 ms");
        RecommendationResult p99 = Recommender.builder().slo(Slo.at(Metric.TTFT, 99, 5000)).build().recommend(List.of(tail));
        assertThat(p99.rejected().get(0).toString()).isEqualTo("tail: ttft p99 not predicted, so it misses ttft p99 <= 5000 ms");
        assertThat(Recommender.builder().slo(Slo.at(Metric.TTFT, 99, 5000)).slo(Slo.at(Metric.USER_TPS, 95, 10)).build().statistics())
                .containsExactly(Statistic.MEAN, Statistic.P05, Statistic.P99);
    }

    @Test
    void rankingUsesTheMeanPrediction() {
        Alternative a = Alternative.predicted("a", Map.of(Statistic.P95, prediction(700, 600, 800, Confidence.LOW),
                Statistic.MEAN, prediction(120, 110, 130, Confidence.HIGH)));
        assertThat(a.values()).containsEntry(Measure.TTFT, 120.0);
        assertThat(a.pessimistic()).containsEntry(Measure.TTFT, 130.0);
    }

    @Test
    void defaultCriteriaAreTheConstrainedMeasures() {
        Recommender r = Recommender.builder().slo(Slo.of(Metric.TTFT, 2000))
                .constraint(Constraint.atLeast(Measure.OUTPUT_THROUGHPUT, 1500)).build();
        assertThat(r.criteria()).containsExactly(Criterion.of(Measure.TTFT, 1), Criterion.of(Measure.OUTPUT_THROUGHPUT, 1));
        RecommendationResult res = r.recommend(alts);
        assertThat(res.rejected()).extracting(Rejection::name).containsExactly("sure");
        assertThat(res.recommended()).hasSize(3);   // "risky" is kept: its interval crosses nothing here
        assertThat(res.recommended().get(0).score()).isGreaterThanOrEqualTo(res.recommended().get(1).score());
    }

    @Test
    void aMissingMeasureIsARejection() {
        RecommendationResult r = Recommender.builder().constraint(Constraint.atMost(Measure.E2E, 1000)).build().recommend(alts);
        assertThat(r.recommended()).isEmpty();
        assertThat(r.rejected()).hasSize(4);
        assertThat(r.rejected().get(0).toString()).isEqualTo("sure: e2e not predicted, so it misses e2e <= 1000 ms");
    }

    @Test
    void recommendsFromFittedModels() {
        Map<String, FittedModel> models = new LinkedHashMap<>();
        models.put("small", Predictor.physical().fit(Synthetic.serverGrid(0.01, 1)));
        // a server twice as slow to first token
        models.put("slow-prefill", Predictor.physical().fit(Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, Synthetic.CONCURRENCIES, p -> {
            Map<Measure, Double> m = new java.util.EnumMap<>(Synthetic.server(p));
            m.put(Measure.TTFT, 2 * m.get(Measure.TTFT));
            return m;
        }, 0.01, 2)));
        Point workload = Point.atConcurrency(2048, 256, 16);
        double ttft = Synthetic.server(workload).get(Measure.TTFT);
        RecommendationResult r = Recommender.builder().slo(Slo.of(Metric.TTFT, 1.5 * ttft)).build().recommend(workload, models);
        assertThat(r.recommended()).extracting(Recommendation::name).containsExactly("small");
        assertThat(r.rejected()).extracting(Rejection::name).containsExactly("slow-prefill");
    }

    @Test
    void needsSomethingToRankBy() {
        assertThatThrownBy(() -> Recommender.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("constraints or criteria must be given to recommend deployments, but neither was");
        assertThatThrownBy(() -> Recommender.builder().limit(0)).hasMessage("limit must be >= 1, but was 0");
    }
}
