package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricStatsTest {
    @Test
    void summarisesKnownValuesInTheMetricsUnit() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;   // 1..100 ms
        }
        MetricStats s = MetricStats.of(Metric.TTFT, values);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.mean()).isCloseTo(50.5, within(0.1));
        assertThat(s.min()).isCloseTo(1.0, within(0.001));
        assertThat(s.max()).isCloseTo(100.0, within(0.1));
        assertThat(s.p50()).isCloseTo(50.0, within(0.1));
        assertThat(s.p95()).isCloseTo(95.0, within(0.1));
        assertThat(s.percentile(90)).isCloseTo(90.0, within(0.1));
    }

    @Test
    void mergesShardHistogramsExactly() {
        SplittableRandom r = new SplittableRandom(7);
        double[] all = new double[2000];
        for (int i = 0; i < all.length; i++) {
            all[i] = 5 + r.nextDouble() * 500;
        }
        double[] a = java.util.Arrays.copyOfRange(all, 0, 700);
        double[] b = java.util.Arrays.copyOfRange(all, 700, 2000);
        MetricStats merged = MetricStats.merge(List.of(MetricStats.of(Metric.E2E, a), MetricStats.of(Metric.E2E, b)));
        MetricStats whole = MetricStats.of(Metric.E2E, all);
        assertThat(merged).isEqualTo(whole);
    }

    @Test
    void refusesToMergeStatsWithoutHistograms() {
        MetricStats imported = new MetricStats(Metric.TTFT, 10, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, null);
        assertThatThrownBy(() -> MetricStats.merge(List.of(imported, imported)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttft").hasMessageContaining("10 samples");
    }

    @Test
    void flagsPercentilesThatRestOnTooFewSamples() {
        MetricStats fifty = MetricStats.of(Metric.TTFT, new double[50]);
        assertThat(fifty.tooFewSamplesFor(99)).isTrue();
        assertThat(fifty.tooFewSamplesFor(50)).isFalse();
        assertThat(fifty.highestReliablePercentile()).isEqualTo(50);
        MetricStats thousand = MetricStats.of(Metric.TTFT, new double[1000]);
        assertThat(thousand.tooFewSamplesFor(99)).isFalse();
        assertThat(thousand.tooFewSamplesFor(99.9)).isTrue();
    }

    @Test
    void percentileCurveIsMonotone() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(i / 100.0);
        }
        List<double[]> curve = MetricStats.of(Metric.E2E, values).percentileCurve(5);
        assertThat(curve).hasSizeGreaterThan(10);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i)[0]).isGreaterThanOrEqualTo(curve.get(i - 1)[0]);
            assertThat(curve.get(i)[1]).isGreaterThanOrEqualTo(curve.get(i - 1)[1]);
        }
        assertThat(curve.get(curve.size() - 1)[1]).isCloseTo(Math.exp(9.99), within(Math.exp(9.99) * 0.002));
    }
}
