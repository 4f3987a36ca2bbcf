package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    private static Map<Measure, Double> linearLaw(Point p) {
        Map<Measure, Double> m = new EnumMap<>(Measure.class);
        m.put(Measure.E2E, 40 + 0.03 * p.inputTokens() + 9 * p.outputTokens() + 2.5 * p.traffic().level());
        return m;
    }

    @Test
    void linearDataHasNoLeaveOneOutErrorUnderTheLinearPredictor() {
        List<Observation> obs = Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, Synthetic.CONCURRENCIES, EvaluationTest::linearLaw, 0, 1);
        AccuracyReport r = Evaluation.leaveOneOut(Predictor.linear(), obs);
        Accuracy a = r.accuracy(Measure.E2E).orElseThrow();
        assertThat(a.count()).isEqualTo(48);
        assertThat(a.medianApe()).isLessThan(1e-9);
        assertThat(a.p90Ape()).isLessThan(1e-9);
        assertThat(r.heldOut()).hasSize(48);
        assertThat(r.skipped()).isEmpty();
        assertThat(r.predictor()).isEqualTo("linear");
    }

    @Test
    void reportsMedianAndP90OfTheErrors() {
        // Two groups whose held-out errors are known: kNN(k=1) on 1-D data predicts each point from its neighbour.
        List<Observation> g = List.of(
                Synthetic.obs(100, 100, null, Measure.TTFT, 100),
                Synthetic.obs(1000, 1000, null, Measure.TTFT, 110),
                Synthetic.obs(10_000, 10_000, null, Measure.TTFT, 220));
        AccuracyReport r = Evaluation.leaveOneOut(Predictor.nearestNeighbour(1), Map.of("g", g));
        // held out 100 → predicted 110: 10%; 110 → its first equidistant neighbour, 100: 1/11; 220 → 110: 50%
        Accuracy a = r.accuracy(Measure.TTFT).orElseThrow();
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.medianApe()).isCloseTo(0.1, within(1e-12));
        assertThat(a.p90Ape()).isCloseTo(0.1 + 0.8 * (0.5 - 0.1), within(1e-12)); // type-7 quantile between the 2nd and 3rd
    }

    @Test
    void skipsFoldsThatBreakTheRules() {
        List<Observation> two = List.of(Synthetic.obs(100, 100, null, Measure.TTFT, 100), Synthetic.obs(1000, 1000, null, Measure.TTFT, 110));
        AccuracyReport r = Evaluation.leaveOneOut(Predictor.physical(), Map.of("tiny", two));
        assertThat(r.heldOut()).isEmpty();
        assertThat(r.skipped()).containsExactly("tiny #0: observations must number >= 2, but was 1",
                "tiny #1: observations must number >= 2, but was 1");
        assertThat(r.accuracy(Measure.TTFT)).isEmpty();
    }

    @Test
    void parallelEvaluationMatchesSequential() {
        List<Observation> a = Synthetic.serverGrid(0.03, 5);
        List<Observation> b = Synthetic.serverGrid(0.03, 6);
        Map<String, List<Observation>> groups = new java.util.LinkedHashMap<>();
        groups.put("a", a);
        groups.put("b", b);
        AccuracyReport seq = Evaluation.leaveOneOut(Predictor.nearestNeighbour(), groups, 0.8, 1);
        AccuracyReport par = Evaluation.leaveOneOut(Predictor.nearestNeighbour(), groups, 0.8, 2);
        assertThat(par.heldOut()).isEqualTo(seq.heldOut());
        assertThat(par.level()).isEqualTo(0.8);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Evaluation.leaveOneOut(Predictor.linear(), Map.of(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("level must be in (0, 1), but was 0.0");
        assertThatThrownBy(() -> Evaluation.leaveOneOut(Predictor.linear(), Map.of(), 0.9, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1, but was 0");
    }
}
