package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Fits whatever dimensions vary: concurrency only, lengths only, all three. */
class SweepShapesTest {
    /** The most common benchmark: one prompt and output size, six concurrencies. */
    static final List<Observation> CONCURRENCY_ONLY = Synthetic.grid(new double[] {512}, new double[] {128},
            new double[] {1, 2, 4, 8, 16, 32}, Synthetic::server, 0.02, 3);

    static Stream<Predictor> predictors() {
        return Stream.of(Predictor.linear(), Predictor.nearestNeighbour(), Predictor.physical(), Predictor.auto());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void fitsAConcurrencyOnlySweep(Predictor p) {
        FittedModel model = p.fit(CONCURRENCY_ONLY);
        assertThat(model.trafficMode()).isPresent();
        Prediction at12 = model.predict(Point.atConcurrency(512, 128, 12));
        assertThat(at12.extrapolations()).isEmpty();
        assertThat(at12.values()).containsKeys(Measure.TTFT, Measure.TPOT, Measure.E2E, Measure.OUTPUT_THROUGHPUT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("physicalAndAuto")
    void predictsAnUnmeasuredConcurrencyInRangeWithinTenPercent(Predictor p) {
        FittedModel model = p.fit(CONCURRENCY_ONLY);
        Point at = Point.atConcurrency(512, 128, 12);
        Prediction pr = model.predict(at);
        Map<Measure, Double> truth = Synthetic.server(at);
        for (PredictedValue v : pr.values().values()) {
            assertThat(v.confidence()).as("%s", v).isIn(Confidence.HIGH, Confidence.MEDIUM);
            assertThat(v.value()).as("%s", v).isCloseTo(truth.get(v.measure()), within(0.10 * truth.get(v.measure())));
        }
    }

    static Stream<Predictor> physicalAndAuto() {
        return Stream.of(Predictor.physical(), Predictor.auto());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void saysHowFarAPointIsExtrapolated(Predictor p) {
        Prediction pr = p.fit(CONCURRENCY_ONLY).predict(Point.atConcurrency(512, 128, 512));
        assertThat(pr.confidence()).isEqualTo(Confidence.LOW);
        assertThat(pr.reason()).startsWith("extrapolated to concurrency 512; measured up to 32");
        assertThat(pr.extrapolations()).containsExactly(new Extrapolation("concurrency", 512, 1, 32, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void heldLengthsMakeOtherLengthsLow(Predictor p) {
        Prediction pr = p.fit(CONCURRENCY_ONLY).predict(Point.atConcurrency(512, 1024, 8));
        assertThat(pr.confidence()).isEqualTo(Confidence.LOW);
        assertThat(pr.reason()).contains("output tokens held at 128");
    }

    @Test
    void e2eFollowsTheOutputLengthThroughItsIdentityEvenWhenOutputWasHeld() {
        FittedModel model = Predictor.physical().fit(CONCURRENCY_ONLY);
        Prediction longer = model.predict(Point.atConcurrency(512, 256, 8));
        PredictedValue ttft = longer.value(Measure.TTFT);
        PredictedValue tpot = longer.value(Measure.TPOT);
        assertThat(longer.value(Measure.E2E).value()).isCloseTo(ttft.value() + 255 * tpot.value(), within(1e-6 * longer.value(Measure.E2E).value()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void fitsALengthsOnlySweepWithoutTraffic(Predictor p) {
        List<Observation> obs = List.of(Synthetic.obs(128, 64, null, Measure.E2E, 500), Synthetic.obs(1024, 256, null, Measure.E2E, 2100),
                Synthetic.obs(4096, 128, null, Measure.E2E, 1900), Synthetic.obs(512, 512, null, Measure.E2E, 3900));
        FittedModel model = p.fit(obs);
        assertThat(model.trafficMode()).isEmpty();
        assertThat(model.fixedTraffic()).isEmpty();
        assertThat(model.predict(Point.of(1000, 200)).value(Measure.E2E).value()).isPositive();
    }
}
