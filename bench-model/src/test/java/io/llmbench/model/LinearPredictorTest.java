package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearPredictorTest {
    /** e2e = 40 + 0.03·in + 9·out + 2.5·concurrency, exactly. */
    private static Map<Measure, Double> law(Point p) {
        Map<Measure, Double> m = new EnumMap<>(Measure.class);
        m.put(Measure.E2E, 40 + 0.03 * p.inputTokens() + 9 * p.outputTokens() + 2.5 * p.traffic().level());
        return m;
    }

    @Test
    void recoversTheCoefficientsOfALinearLaw() {
        List<Observation> obs = Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, Synthetic.CONCURRENCIES, LinearPredictorTest::law, 0, 1);
        FittedModel model = Predictor.linear().fit(obs);
        // predictions away from the data follow the law, so the coefficients are the law's
        for (Point p : List.of(Point.atConcurrency(300, 10, 2), Point.atConcurrency(20_000, 5000, 300))) {
            assertThat(model.predict(p).value(Measure.E2E).value()).isCloseTo(law(p).get(Measure.E2E), within(1e-6));
        }
        assertThat(model.methods().get(Measure.E2E)).isEqualTo("linear: 40 + 0.03 x input tokens + 9 x output tokens + 2.5 x concurrency");
    }

    @Test
    void exactDataGivesZeroWidthIntervals() {
        List<Observation> obs = Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, Synthetic.CONCURRENCIES, LinearPredictorTest::law, 0, 1);
        PredictedValue v = Predictor.linear().fit(obs).predict(Point.atConcurrency(1000, 100, 8)).value(Measure.E2E);
        assertThat(v.upper() - v.lower()).isLessThan(1e-6);
    }

    @Test
    void collinearInputAndOutputStillFit() {
        // input = output in every observation (as in LLM-Inference-Bench): the minimum-norm solution splits the slope
        List<Observation> obs = List.of(
                Synthetic.obs(128, 128, null, Measure.E2E, 100 + 2 * 256),
                Synthetic.obs(512, 512, null, Measure.E2E, 100 + 2 * 1024),
                Synthetic.obs(2048, 2048, null, Measure.E2E, 100 + 2 * 4096));
        FittedModel model = Predictor.linear().fit(obs);
        assertThat(model.predict(Point.of(1024, 1024)).value(Measure.E2E).value()).isCloseTo(100 + 2 * 2048, within(1e-6));
    }
}
