package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs at request rates: throughput capped at the offered rate, saturation, Little's law both ways. */
class RateModeTest {
    /**
     * An open-loop server with a capacity of 4 req/s: below it requests complete at the offered rate
     * (times an efficiency of 0.95 for ramp and drain) and latency rises as utilisation does; above
     * it the throughput stays at capacity.
     */
    static List<Observation> openLoop(double[] rates) {
        List<Observation> out = new ArrayList<>();
        for (double in : new double[] {500, 2000}) {
            for (double r : rates) {
                double done = 0.95 * Math.min(r, 4);
                double util = Math.min(r / 4, 0.97);
                double e2e = (1500 + in) / (1 - util);
                out.add(Observation.builder().source("rate " + r).inputTokens(in).outputTokens(200).rate(r)
                        .value(Measure.E2E, e2e).value(Measure.TTFT, 0.1 * in / (1 - util))
                        .value(Measure.REQUEST_THROUGHPUT, done).value(Measure.OUTPUT_THROUGHPUT, done * 200).build());
            }
        }
        return out;
    }

    @Test
    void predictedThroughputIsNeverAboveTheOfferedRate() {
        FittedModel model = Predictor.physical().fit(openLoop(new double[] {0.5, 1, 1.5, 2, 2.5, 3}));
        for (double r : new double[] {0.5, 0.75, 1.25, 2.2, 3}) {
            Prediction p = model.predict(Point.atRate(1000, 200, r));
            assertThat(p.value(Measure.REQUEST_THROUGHPUT).value()).isLessThanOrEqualTo(r);
            assertThat(p.value(Measure.REQUEST_THROUGHPUT).upper()).isLessThanOrEqualTo(r);
            assertThat(p.value(Measure.OUTPUT_THROUGHPUT).upper()).isLessThanOrEqualTo(r * 200 * (1 + 1e-12));
            assertThat(p.saturation().saturated()).isFalse();
        }
    }

    @Test
    void reportsSaturationWhereTheRunsFallBehind() {
        FittedModel model = Predictor.physical().fit(openLoop(new double[] {0.5, 1, 2, 3, 5, 6, 8}));
        Prediction light = model.predict(Point.atRate(1000, 200, 1.5));
        assertThat(light.saturated()).isFalse();
        Prediction heavy = model.predict(Point.atRate(1000, 200, 7));
        assertThat(heavy.saturated()).isTrue();
        assertThat(heavy.saturation().capacity()).isCloseTo(3.8, within(0.3));
        assertThat(heavy.value(Measure.E2E).confidence()).isEqualTo(Confidence.LOW);
        assertThat(heavy.reason()).contains("saturated: 7 req/s offered exceeds the capacity of about");
    }

    @Test
    void aClosedLoopModelPredictsAtARateByLittlesLaw() {
        FittedModel model = Predictor.physical().fit(Synthetic.serverGrid(0.01, 4));
        Point sizes = Point.atConcurrency(512, 256, 16);
        double x16 = Synthetic.server(sizes).get(Measure.REQUEST_THROUGHPUT);
        Prediction p = model.predict(Point.atRate(512, 256, x16));
        // the rate the closed loop completes at 16 in flight: the same latency, and 16 in flight
        double e2e16 = Synthetic.server(sizes).get(Measure.E2E);
        assertThat(p.value(Measure.E2E).value()).isCloseTo(e2e16, within(0.05 * e2e16));
        assertThat(p.value(Measure.REQUEST_THROUGHPUT).value()).isCloseTo(x16, within(0.02 * x16)).isLessThanOrEqualTo(x16);
        assertThat(p.confidence()).isNotEqualTo(Confidence.HIGH);
        assertThat(p.reason()).startsWith("converted from " + Point.fmt(x16) + " req/s by Little's law to about 16");
        assertThat(p.saturated()).isFalse();
        Prediction beyond = model.predict(Point.atRate(512, 256, 1000));
        assertThat(beyond.saturated()).isTrue();
        assertThat(beyond.value(Measure.REQUEST_THROUGHPUT).value()).isLessThan(1000);
    }

    @Test
    void anOpenLoopModelPredictsAtAConcurrencyByLittlesLaw() {
        FittedModel model = Predictor.physical().fit(openLoop(new double[] {0.5, 1, 1.5, 2, 2.5, 3}));
        Prediction p = model.predict(Point.atConcurrency(1000, 200, 4));
        double rate = p.value(Measure.REQUEST_THROUGHPUT).value();
        double inFlight = rate / 0.95 * p.value(Measure.E2E).value() / 1000;   // offered rate × latency
        assertThat(inFlight).isCloseTo(4, within(0.4));
        assertThat(p.reason()).startsWith("converted from concurrency 4 by Little's law to about");
    }
}
