package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour every {@link Predictor} shares, run against each implementation. */
class PredictorCompatibilityTest {
    static Stream<Predictor> predictors() {
        return Stream.of(Predictor.linear(), Predictor.nearestNeighbour(), Predictor.nearestNeighbour(3),
                Predictor.physical(), Predictor.auto());
    }

    private static final List<Observation> GRID = Synthetic.serverGrid(0.02, 1);

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void rejectsFewerThanTwoObservations(Predictor p) {
        assertThatThrownBy(() -> p.fit(List.of(GRID.get(0))))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessage("observations must number >= 2, but was 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void rejectsObservationsWhereNothingVaries(Predictor p) {
        List<Observation> same = List.of(Synthetic.obs(512, 64, 4.0, Measure.TTFT, 50), Synthetic.obs(514, 65, 4.1, Measure.TTFT, 52));
        assertThatThrownBy(() -> p.fit(same))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessage("observations must vary in at least one of input tokens, output tokens, concurrency by at least 5%, "
                        + "but all 2 were measured at input tokens 514, output tokens 65, concurrency 4.1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void holdsADimensionThatNeverVariesAndCallsPredictionsAwayFromItLow(Predictor p) {
        List<Observation> atOneInput = Synthetic.grid(new double[] {512}, Synthetic.OUTPUTS, Synthetic.CONCURRENCIES, Synthetic::server, 0, 1);
        FittedModel model = p.fit(atOneInput);
        Prediction at = model.predict(Point.atConcurrency(512, 400, 8));
        assertThat(at.extrapolations()).isEmpty();
        Prediction away = model.predict(Point.atConcurrency(4096, 400, 8));
        assertThat(away.confidence()).isEqualTo(Confidence.LOW);
        assertThat(away.values().values()).allMatch(v -> v.confidence() == Confidence.LOW);
        assertThat(away.extrapolations()).containsExactly(new Extrapolation("input tokens", 4096, 512, 512, true));
        assertThat(away.reason()).contains("input tokens held at 512 (it never varied in the runs); predicting at 4096");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void rejectsObservationsWithAndWithoutTraffic(Predictor p) {
        List<Observation> mixed = List.of(Synthetic.obs(128, 64, 1.0, Measure.E2E, 50), Synthetic.obs(4096, 256, null, Measure.E2E, 70));
        assertThatThrownBy(() -> p.fit(mixed))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessage("observations must all carry a traffic level or none, but 1 of 2 carry one");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void rejectsTwoTrafficModes(Predictor p) {
        List<Observation> mixed = List.of(Synthetic.obs(128, 64, 1.0, Measure.E2E, 50),
                Observation.builder().inputTokens(4096).outputTokens(256).rate(2).value(Measure.E2E, 70).build());
        assertThatThrownBy(() -> p.fit(mixed))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessage("observations must all share one traffic mode, but both concurrency and qps occur");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void predictsTheMeasuresEveryObservationCarries(Predictor p) {
        List<Observation> obs = new ArrayList<>(GRID);
        obs.set(0, Synthetic.obs(128, 64, 1.0, Measure.TTFT, 21));   // this one has only TTFT
        FittedModel model = p.fit(obs);
        assertThat(model.measures()).containsExactly(Measure.TTFT);
        assertThat(model.size()).isEqualTo(obs.size());
        assertThat(model.predictorName()).isEqualTo(p.name());
        Prediction pr = model.predict(Point.atConcurrency(1000, 300, 8));
        assertThat(pr.values()).containsOnlyKeys(Measure.TTFT);
        assertThatThrownBy(() -> pr.value(Measure.E2E)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was E2E");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void intervalsHoldTheValueAndWidenWithTheLevel(Predictor p) {
        FittedModel model = p.fit(GRID);
        Point point = Point.atConcurrency(1000, 300, 8);
        Prediction p90 = model.predict(point);
        Prediction p50 = model.predict(point, 0.5);
        assertThat(p90.level()).isEqualTo(Predictor.DEFAULT_LEVEL);
        for (Measure m : model.measures()) {
            PredictedValue v = p90.value(m);
            assertThat(v.lower()).isLessThanOrEqualTo(v.value());
            assertThat(v.upper()).isGreaterThanOrEqualTo(v.value());
            assertThat(v.upper() - v.lower()).isGreaterThanOrEqualTo(p50.value(m).upper() - p50.value(m).lower());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void confidenceFallsWithDistanceAndNamesTheDimension(Predictor p) {
        FittedModel model = p.fit(GRID);
        Prediction at = model.predict(Point.atConcurrency(512, 256, 4));
        Prediction near = model.predict(Point.atConcurrency(512, 256, 80));   // 5% of the log range out
        Prediction far = model.predict(Point.atConcurrency(512, 256, 1024));
        // outside the measured range nothing is HIGH; each value is also judged on its own interval
        for (Measure m : model.measures()) {
            assertThat(near.value(m).confidence()).as("%s", m).isNotEqualTo(Confidence.HIGH);
        }
        assertThat(far.confidence()).isEqualTo(Confidence.LOW);
        assertThat(at.reason()).startsWith("inside the measured range");
        assertThat(far.reason()).startsWith("extrapolated to concurrency 1024; measured up to 64");
        assertThat(model.nearest(Point.atConcurrency(520, 250, 4)).point()).isEqualTo(Point.atConcurrency(512, 256, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void aPredictionIsAsConfidentAsItsLeastConfidentValue(Predictor p) {
        Prediction pr = p.fit(GRID).predict(Point.atConcurrency(1000, 300, 8));
        Confidence lowest = pr.values().values().stream().map(PredictedValue::confidence).max(Enum::compareTo).orElseThrow();
        assertThat(pr.confidence()).isEqualTo(lowest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void noIntervalWiderThanTenTimesUnlessLow(Predictor p) {
        FittedModel model = p.fit(GRID);
        for (double c : new double[] {1, 3, 8, 30, 64, 200, 5000}) {
            for (PredictedValue v : model.predict(Point.atConcurrency(700, 300, c)).values().values()) {
                if (v.confidence() != Confidence.LOW) {
                    assertThat(v.widthRatio()).as("%s at concurrency %s", v, c).isLessThanOrEqualTo(10);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void pointsMustCarryATrafficLevelWhenItVaried(Predictor p) {
        FittedModel model = p.fit(GRID);
        assertThat(model.trafficMode()).contains(Traffic.Mode.CONCURRENCY);
        assertThatThrownBy(() -> model.predict(Point.of(512, 256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point traffic must be a concurrency level, as the model was fitted on, but was none");
        assertThatThrownBy(() -> model.predict(Point.atConcurrency(512, 256, 3), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("level must be in (0, 1), but was 1.0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void oneSharedTrafficLevelIsHeldAndOthersAreLow(Predictor p) {
        List<Observation> atSixteen = Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, new double[] {16}, Synthetic::server, 0, 1);
        FittedModel model = p.fit(atSixteen);
        assertThat(model.trafficMode()).isEmpty();
        assertThat(model.fixedTraffic()).contains(new Traffic(Traffic.Mode.CONCURRENCY, 16));
        assertThat(model.predict(Point.atConcurrency(700, 100, 16)).extrapolations()).isEmpty();
        assertThat(model.predict(Point.of(700, 100)).values()).isNotEmpty();
        Prediction other = model.predict(Point.atConcurrency(700, 100, 32));
        assertThat(other.confidence()).isEqualTo(Confidence.LOW);
        assertThat(other.reason()).contains("concurrency held at 16 (it never varied in the runs); predicting at 32");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void withoutTrafficPointsMustCarryNone(Predictor p) {
        List<Observation> obs = List.of(Synthetic.obs(128, 64, null, Measure.E2E, 500), Synthetic.obs(1024, 256, null, Measure.E2E, 2100),
                Synthetic.obs(4096, 128, null, Measure.E2E, 1900));
        FittedModel model = p.fit(obs);
        assertThat(model.fixedTraffic()).isEmpty();
        assertThat(model.predict(Point.of(1000, 100)).value(Measure.E2E).value()).isPositive();
        assertThatThrownBy(() -> model.predict(Point.atConcurrency(700, 100, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point traffic must be none, as the observations carry no traffic level, but was concurrency 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void fitsAreDeterministic(Predictor p) {
        Point point = Point.atConcurrency(900, 700, 10);
        assertThat(p.fit(GRID).predict(point)).isEqualTo(p.fit(new ArrayList<>(GRID)).predict(point));
    }
}
