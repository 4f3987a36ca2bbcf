package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationTest {
    private static EndpointResult run(Traffic traffic, long succeeded) {
        Map<Metric, MetricStats> metrics = new EnumMap<>(Metric.class);
        metrics.put(Metric.TTFT, MetricStats.of(Metric.TTFT, 100, 200, 600));
        metrics.put(Metric.E2E, MetricStats.of(Metric.E2E, 1000, 2000, 3000));
        metrics.put(Metric.TPOT, MetricStats.of(Metric.TPOT, 10, 12, 14));
        metrics.put(Metric.INPUT_TOKENS, MetricStats.of(Metric.INPUT_TOKENS, 500, 510, 520));
        metrics.put(Metric.OUTPUT_TOKENS, MetricStats.of(Metric.OUTPUT_TOKENS, 100, 120, 140));
        JobStats job = new JobStats(30, 3, succeeded, 3 - succeeded, Map.of(), 1530, 360, succeeded / 30.0, 12, 63, 20,
                succeeded, succeeded / 30.0, 0, Map.of());
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        return new EndpointResult(Deployment.of("vllm-a", "vllm", "llama"), new RunInfo(traffic, "synthetic", Map.of(), null, null, t, t),
                job, metrics, List.of(), List.of());
    }

    @Test
    void takesMeansTrafficAndJobThroughputFromARun() {
        Observation o = Observation.from(run(new Traffic(Traffic.Mode.CONCURRENCY, 4), 3));
        assertThat(o.point().inputTokens()).isCloseTo(510, within(0.5));
        assertThat(o.point().outputTokens()).isCloseTo(120, within(0.2));
        assertThat(o.point().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 4));
        assertThat(o.value(Measure.TTFT).getAsDouble()).isCloseTo(300, within(0.5));
        assertThat(o.value(Measure.E2E).getAsDouble()).isCloseTo(2000, within(2.0));
        assertThat(o.value(Measure.OUTPUT_THROUGHPUT).getAsDouble()).isEqualTo(12);
        assertThat(o.value(Measure.REQUEST_THROUGHPUT).getAsDouble()).isEqualTo(0.1);
        assertThat(o.has(Measure.USER_TPS)).isFalse(); // no samples in the run
        assertThat(o.source()).isEqualTo("vllm-a@2025-01-01T00:00:00Z");
    }

    @Test
    void takesTheChosenStatistic() {
        Observation o = Observation.from(run(new Traffic(Traffic.Mode.RATE, 2), 3), Statistic.P50);
        assertThat(o.value(Measure.TTFT).getAsDouble()).isCloseTo(200, within(0.5));
        assertThat(o.point().traffic().mode()).isEqualTo(Traffic.Mode.RATE);
    }

    @Test
    void storesSequentialAsConcurrencyOne() {
        Observation o = Observation.from(run(new Traffic(Traffic.Mode.SEQUENTIAL, 1), 3));
        assertThat(o.point().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 1));
    }

    @Test
    void rejectsARunWithoutSuccesses() {
        assertThatThrownBy(() -> Observation.from(run(new Traffic(Traffic.Mode.CONCURRENCY, 4), 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("result must have succeeded requests to be an observation, but vllm-a@2025-01-01T00:00:00Z has 0");
    }

    @Test
    void rejectsValuesThatAreNotPositive() {
        assertThatThrownBy(() -> Observation.builder().source("row 3").inputTokens(10).outputTokens(10).value(Measure.TTFT, 0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of ttft must be a finite number > 0, but was 0.0 in row 3");
        assertThatThrownBy(() -> Observation.builder().inputTokens(10).outputTokens(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values must hold at least one measure, but was empty");
    }

    @Test
    void rejectsTokenCountsBelowOne() {
        assertThatThrownBy(() -> Observation.builder().inputTokens(0).outputTokens(10).value(Measure.E2E, 3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inputTokens must be a finite number >= 1, but was 0.0");
        assertThatThrownBy(() -> Point.of(10, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outputTokens must be a finite number >= 1, but was NaN");
    }

    @Test
    void valuesAreAnUnmodifiableCopy() {
        Map<Measure, Double> values = new EnumMap<>(Measure.class);
        values.put(Measure.E2E, 5.0);
        Observation o = new Observation(null, Point.of(1, 1), values);
        values.put(Measure.TTFT, 1.0);
        assertThat(o.values()).containsOnlyKeys(Measure.E2E);
        assertThatThrownBy(() -> o.values().put(Measure.TTFT, 2.0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
