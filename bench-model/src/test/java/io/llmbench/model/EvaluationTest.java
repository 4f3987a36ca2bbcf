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
    void theUpperTrafficSplitPredictsTheUpperHalfOfLevelsFromTheLowerHalf() {
        // concurrencies 1, 4, 16, 64: fitted on 1 and 4, 16 and 64 predicted
        AccuracyReport r = Evaluation.evaluate(Predictor.physical(), Map.of("grid", Synthetic.serverGrid(0.01, 2)), Split.UPPER_TRAFFIC, 0.9, 1);
        assertThat(r.split()).isEqualTo(Split.UPPER_TRAFFIC);
        assertThat(r.heldOut()).hasSize(24).allMatch(h -> h.observed().point().traffic().level() >= 16);
        // everything predicted lies beyond the fitted range of concurrency, and says so
        assertThat(r.heldOut()).allMatch(h -> h.prediction().reason().contains("extrapolated to concurrency"));
        assertThat(r.heldOut()).noneMatch(h -> h.prediction().confidence() == Confidence.HIGH);
    }

    @Test
    void theLongestSplitsPredictTheLongestInputOrOutputFromTheRest() {
        Map<String, List<Observation>> g = Map.of("grid", Synthetic.serverGrid(0.01, 3));
        AccuracyReport in = Evaluation.evaluate(Predictor.linear(), g, Split.LONGEST_INPUT, 0.9, 1);
        assertThat(in.heldOut()).hasSize(12).allMatch(h -> h.observed().point().inputTokens() == 8192);
        AccuracyReport out = Evaluation.evaluate(Predictor.linear(), g, Split.LONGEST_OUTPUT, 0.9, 1);
        assertThat(out.heldOut()).hasSize(16).allMatch(h -> h.observed().point().outputTokens() == 1024);
    }

    @Test
    void aGroupTheSplitDoesNotApplyToIsSkippedWithTheReason() {
        List<Observation> oneLevel = Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, new double[] {8}, Synthetic::server, 0, 1);
        AccuracyReport r = Evaluation.evaluate(Predictor.linear(), Map.of("flat", oneLevel), Split.UPPER_TRAFFIC, 0.9, 1);
        assertThat(r.heldOut()).isEmpty();
        assertThat(r.skipped()).containsExactly("flat: upper half of traffic levels from the lower half needs two or more values, but the runs have one");
    }

    @Test
    void accuracyByConfidenceCountsEachValueByItsOwnWord() {
        AccuracyReport r = Evaluation.leaveOneOut(Predictor.physical(), Synthetic.serverGrid(0.02, 4));
        for (Measure m : r.measures()) {
            int total = 0;
            for (Confidence c : Confidence.values()) {
                total += r.accuracy(m, c).map(Accuracy::count).orElse(0);
            }
            assertThat(total).isEqualTo(r.accuracy(m).orElseThrow().count());
        }
        Accuracy a = r.accuracy(Measure.TTFT).orElseThrow();
        assertThat(a.p90WidthRatio()).isGreaterThanOrEqualTo(a.medianWidthRatio()).isGreaterThanOrEqualTo(1);
        assertThat(a.missShare()).isBetween(0.0, 1.0);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Evaluation.leaveOneOut(Predictor.linear(), Map.of(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("level must be in (0, 1), but was 0.0");
        assertThatThrownBy(() -> Evaluation.leaveOneOut(Predictor.linear(), Map.of(), 0.9, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1, but was 0");
    }
}
