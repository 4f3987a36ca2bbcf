package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhysicalPredictorTest {
    /** A pure power law: ttft = 0.5·in^1.2·out^0.1·c^0.3. */
    private static Map<Measure, Double> powerLaw(Point p) {
        Map<Measure, Double> m = new EnumMap<>(Measure.class);
        m.put(Measure.TTFT, 0.5 * Math.pow(p.inputTokens(), 1.2) * Math.pow(p.outputTokens(), 0.1) * Math.pow(p.traffic().level(), 0.3));
        return m;
    }

    @Test
    void recoversAPowerLawInsideAndOutsideTheData() {
        List<Observation> obs = Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, Synthetic.CONCURRENCIES, PhysicalPredictorTest::powerLaw, 0, 1);
        FittedModel model = Predictor.physical().fit(obs);
        for (Point p : List.of(Point.atConcurrency(1000, 100, 8), Point.atConcurrency(300, 700, 2),
                Point.atConcurrency(16_384, 2048, 128))) {   // the last one doubles every dimension's range
            double truth = powerLaw(p).get(Measure.TTFT);
            assertThat(model.predict(p).value(Measure.TTFT).value()).as("%s", p).isCloseTo(truth, within(truth * 0.01));
        }
    }

    @Test
    void derivesE2eFromTtftAndTpot() {
        List<Observation> obs = Synthetic.serverGrid(0, 1);
        FittedModel model = Predictor.physical().fit(obs);
        assertThat(model.methods().get(Measure.E2E)).isEqualTo("TTFT + (output - 1) x TPOT");
        Point p = Point.atConcurrency(1000, 500, 8);
        Map<Measure, Double> truth = Synthetic.server(p);
        Prediction pr = model.predict(p);
        for (Measure m : List.of(Measure.TTFT, Measure.TPOT, Measure.E2E, Measure.USER_TPS, Measure.OUTPUT_THROUGHPUT)) {
            assertThat(pr.value(m).value()).as("%s", m).isCloseTo(truth.get(m), within(truth.get(m) * 0.03));
        }
    }

    /**
     * A server with room for 200 000 tokens in flight: beyond, requests queue and TTFT grows with the
     * excess concurrency. The saturation term finds the knee; without it errors are far larger.
     */
    private static Map<Measure, Double> queueing(Point p) {
        double in = p.inputTokens();
        double out = p.outputTokens();
        double c = p.traffic().level();
        double slots = 200_000 / (in + out);
        double service = 0.1 * in + 10 * out; // ms per request at full batch
        double ttft = 0.1 * in * (1 + 0.05 * c) + Math.max(0, c - slots) * service / slots;
        Map<Measure, Double> m = new EnumMap<>(Measure.class);
        m.put(Measure.TTFT, ttft);
        return m;
    }

    @Test
    void saturationTermBeatsNearestNeighboursOnQueueing() {
        double[] conc = {1, 2, 4, 8, 16, 32, 64, 128, 256};
        List<Observation> obs = Synthetic.grid(new double[] {200, 1000, 4000}, new double[] {200, 1000, 3000}, conc,
                PhysicalPredictorTest::queueing, 0.01, 3);
        AccuracyReport physical = Evaluation.leaveOneOut(Predictor.physical(), obs);
        AccuracyReport knn = Evaluation.leaveOneOut(Predictor.nearestNeighbour(), obs);
        double p = physical.accuracy(Measure.TTFT).orElseThrow().medianApe();
        double k = knn.accuracy(Measure.TTFT).orElseThrow().medianApe();
        assertThat(p).isLessThan(0.1);
        assertThat(p).isLessThan(k / 2);
        assertThat(Predictor.physical().fit(obs).methods().get(Measure.TTFT)).containsAnyOf("(saturation)", "with a KV cache of about");
    }

    @Test
    void intervalsCoverNoisyDataNearTheNominalLevel() {
        // log-normal noise of 5% on the server law; 90% intervals should hold about 90% of held-out points
        List<Observation> obs = Synthetic.grid(new double[] {128, 256, 512, 1024, 2048, 4096}, new double[] {64, 256, 1024},
                new double[] {1, 4, 16, 64}, Synthetic::server, 0.05, 11);
        Accuracy a = Evaluation.leaveOneOut(Predictor.physical(), obs).accuracy(Measure.TTFT).orElseThrow();
        assertThat(a.count()).isEqualTo(72);
        assertThat(a.coverage()).isBetween(0.80, 0.98);
        assertThat(a.medianApe()).isLessThan(0.06); // noise sd 5% → median |noise| about 3.4%, plus fit error
    }
}
