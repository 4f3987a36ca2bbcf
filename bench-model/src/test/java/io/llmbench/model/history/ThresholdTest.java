package io.llmbench.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import org.junit.jupiter.api.Test;

class ThresholdTest {
    @Test
    void parsesRelativeAndAbsoluteThresholdsForAStatisticAMeasureOrEverything() {
        assertThat(Threshold.parse("ttft:p95=5%")).isEqualTo(Threshold.relative(Measure.TTFT, Statistic.P95, 0.05));
        assertThat(Threshold.parse(" e2e = 200ms ")).isEqualTo(Threshold.absolute(Measure.E2E, null, 200));
        assertThat(Threshold.parse("user_tps:p50=2tok/s")).isEqualTo(Threshold.absolute(Measure.USER_TPS, Statistic.P50, 2));
        assertThat(Threshold.parse("output_throughput=10%")).isEqualTo(Threshold.relative(Measure.OUTPUT_THROUGHPUT, null, 0.10));
        assertThat(Threshold.parse("3%")).isEqualTo(Threshold.relative(null, null, 0.03));
        assertThat(Threshold.parse("tpot:mean=2.5%").toString()).isEqualTo("tpot:mean=2.5%");
    }

    @Test
    void rejectsWhatItCannotReadNamingThePart() {
        assertThatThrownBy(() -> Threshold.parse("latency:p95=5%")).hasMessageContaining("measure must be one of ttft").hasMessageContaining("'latency'");
        assertThatThrownBy(() -> Threshold.parse("ttft:p90=5%")).hasMessage("statistic must be p50, p95, p99 or mean, but was 'p90' in 'ttft:p90=5%'");
        assertThatThrownBy(() -> Threshold.parse("ttft=5")).hasMessage("threshold amount must end in % or ms, but was '5' in 'ttft=5'");
        assertThatThrownBy(() -> Threshold.parse("ttft=-5%")).hasMessageContaining("must be >= 0");
        assertThatThrownBy(() -> Threshold.parse("output_throughput:p95=5%")).hasMessageContaining("takes no statistic");
        assertThatThrownBy(() -> Threshold.parse("20ms")).hasMessage("threshold amount must end in %, but was '20ms' in '20ms'");
    }

    @Test
    void theMostSpecificThresholdWins() {
        DiffOptions o = DiffOptions.custom().maxRegression(Threshold.parse("ttft:p95=2%")).maxRegression(Threshold.parse("ttft=8%"))
                .maxRegression(Threshold.parse("1%")).build();
        assertThat(o.thresholdFor(Measure.TTFT, Statistic.P95).amount()).isEqualTo(0.02);
        assertThat(o.thresholdFor(Measure.TTFT, Statistic.P50).amount()).isEqualTo(0.08);
        assertThat(o.thresholdFor(Measure.E2E, Statistic.P50).amount()).isEqualTo(0.01);
        assertThat(o.thresholdFor(Measure.OUTPUT_THROUGHPUT, null).amount()).isEqualTo(DiffOptions.DEFAULT_MAX_THROUGHPUT_REGRESSION);
        assertThat(DiffOptions.ofDefaults().thresholdFor(Measure.ITL, Statistic.P99).amount()).isEqualTo(DiffOptions.DEFAULT_MAX_REGRESSION);
    }

    @Test
    void aThresholdOnAStatisticNotComparedByDefaultAddsIt() {
        DiffOptions o = DiffOptions.custom().maxRegression(Threshold.parse("ttft:mean=5%")).build();
        assertThat(o.compared().get(Measure.TTFT)).contains(Statistic.MEAN, Statistic.P95);
    }
}
