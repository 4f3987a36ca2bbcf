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
    void rejectsInputTokensThatDoNotVary(Predictor p) {
        List<Observation> same = List.of(
                Synthetic.obs(512, 64, 1.0, Measure.TTFT, 50), Synthetic.obs(514, 256, 4.0, Measure.TTFT, 70),
                Synthetic.obs(512, 1024, 16.0, Measure.TTFT, 90));
        assertThatThrownBy(() -> p.fit(same))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessage("input tokens must vary by at least 5% across observations, but all 3 lie between 512 and 514");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void rejectsOutputTokensThatDoNotVary(Predictor p) {
        List<Observation> same = List.of(Synthetic.obs(128, 200, 1.0, Measure.E2E, 50), Synthetic.obs(4096, 200, 4.0, Measure.E2E, 70));
        assertThatThrownBy(() -> p.fit(same))
                .isInstanceOf(InsufficientDataException.class)
                .hasMessageContaining("output tokens must vary by at least 5%")
                .hasMessageContaining("200");
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
    void confidenceIsHighAtDataAndLowFarOutside(Predictor p) {
        FittedModel model = p.fit(GRID);
        assertThat(model.predict(Point.atConcurrency(512, 256, 4)).confidence()).isEqualTo(Confidence.HIGH);
        assertThat(model.predict(Point.atConcurrency(512, 256, 80)).confidence()).isEqualTo(Confidence.MEDIUM); // 5% of the log range out
        assertThat(model.predict(Point.atConcurrency(100_000, 256, 4)).confidence()).isEqualTo(Confidence.LOW);
        assertThat(model.nearest(Point.atConcurrency(520, 250, 4)).point()).isEqualTo(Point.atConcurrency(512, 256, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void pointsMustCarryTheFittedTrafficMode(Predictor p) {
        FittedModel model = p.fit(GRID);
        assertThat(model.trafficMode()).contains(Traffic.Mode.CONCURRENCY);
        assertThatThrownBy(() -> model.predict(Point.of(512, 256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point traffic must be a concurrency level, as the model was fitted on, but was none");
        assertThatThrownBy(() -> model.predict(Point.atRate(512, 256, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point traffic must be a concurrency level, as the model was fitted on, but was 3 req/s");
        assertThatThrownBy(() -> model.predict(Point.atConcurrency(512, 256, 3), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("level must be in (0, 1), but was 1.0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("predictors")
    void oneSharedTrafficLevelIsFixedAndOthersAreRejected(Predictor p) {
        List<Observation> atSixteen = Synthetic.grid(Synthetic.INPUTS, Synthetic.OUTPUTS, new double[] {16}, Synthetic::server, 0, 1);
        FittedModel model = p.fit(atSixteen);
        assertThat(model.trafficMode()).isEmpty();
        assertThat(model.fixedTraffic()).contains(new Traffic(Traffic.Mode.CONCURRENCY, 16));
        assertThat(model.predict(Point.atConcurrency(700, 100, 16)).values()).isNotEmpty();
        assertThat(model.predict(Point.of(700, 100)).values()).isNotEmpty();
        assertThatThrownBy(() -> model.predict(Point.atConcurrency(700, 100, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point traffic must be concurrency 16, the only level the observations were measured at, but was concurrency 32");
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
