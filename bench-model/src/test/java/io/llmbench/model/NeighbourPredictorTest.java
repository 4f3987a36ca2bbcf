package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourPredictorTest {
    // In normalised log space: input 100 → 0, 10 000 → 1; output 10 → 0, 1000 → 1.
    private static final List<Observation> CORNERS = List.of(
            Synthetic.obs(100, 10, null, Measure.TTFT, 10),
            Synthetic.obs(10_000, 10, null, Measure.TTFT, 40),
            Synthetic.obs(100, 1000, null, Measure.TTFT, 100),
            Synthetic.obs(10_000, 1000, null, Measure.TTFT, 400));

    @Test
    void returnsTheValueAtAnObservedPoint() {
        assertThat(Predictor.nearestNeighbour(2).fit(CORNERS).predict(Point.of(10_000, 10)).value(Measure.TTFT).value()).isEqualTo(40);
    }

    @Test
    void weighsNeighboursByInverseDistance() {
        // (in 1000, out 10) is at (0.5, 0): 0.5 from both lower corners → plain mean
        assertThat(Predictor.nearestNeighbour(2).fit(CORNERS).predict(Point.of(1000, 10)).value(Measure.TTFT).value())
                .isCloseTo((10 + 40) / 2.0, within(1e-9));
        // (in 100·10^0.5, out 10) is at (0.25, 0): distances 0.25 and 0.75 → weights 4 and 4/3
        double in = 100 * Math.pow(10, 0.5);
        double expected = (4 * 10 + (4.0 / 3) * 40) / (4 + 4.0 / 3);
        assertThat(Predictor.nearestNeighbour(2).fit(CORNERS).predict(Point.of(in, 10)).value(Measure.TTFT).value())
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void rejectsAZeroNeighbourCount() {
        assertThatThrownBy(() -> Predictor.nearestNeighbour(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be >= 1, but was 0");
    }
}
