package io.llmbench.model;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.Traffic;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One measured run of one deployment, as a predictor sees it: where it ran ({@link Point}) and one
 * value per measure. Values are in each {@link Measure}'s unit and must be finite and &gt; 0 (the
 * predictors work in log space). Immutable and thread-safe.
 *
 * <pre>{@code
 * Observation o = Observation.builder().source("run 7").inputTokens(512).outputTokens(128).concurrency(16)
 *         .value(Measure.TTFT, 85.0).value(Measure.E2E, 2900.0).build();
 * Observation fromRun = Observation.from(endpointResult);   // means; Observation.from(r, Statistic.P50) for medians
 * }</pre>
 *
 * @param source a label for the benchmark it came from (run id, file and row); may be null
 * @param point  input and output tokens and traffic
 * @param values measured values by measure (an unmodifiable copy; at least one)
 */
public record Observation(String source, Point point, Map<Measure, Double> values) {
    public Observation {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values must hold at least one measure, but was empty"
                    + (source == null ? "" : " for " + source));
        }
        EnumMap<Measure, Double> copy = new EnumMap<>(Measure.class);
        for (Map.Entry<Measure, Double> e : values.entrySet()) {
            Objects.requireNonNull(e.getKey(), "measure");
            Double v = e.getValue();
            if (v == null || !(v > 0) || v.isInfinite()) {
                throw new IllegalArgumentException("value of " + e.getKey().key() + " must be a finite number > 0, but was " + v
                        + (source == null ? "" : " in " + source));
            }
            copy.put(e.getKey(), v);
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** The value of a measure, if this observation has it. */
    public OptionalDouble value(Measure measure) {
        Double v = values.get(measure);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Whether this observation has a value for the measure. */
    public boolean has(Measure measure) {
        return values.containsKey(measure);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@link #from(EndpointResult, Statistic)} with {@link Statistic#MEAN}. */
    public static Observation from(EndpointResult result) {
        return from(result, Statistic.MEAN);
    }

    /**
     * An observation from a stored or fresh run: input and output tokens are the means over succeeded
     * requests, the traffic is {@code result.run().traffic()} (sequential becomes concurrency 1), the
     * latency and per-request speed measures are the given statistic of each metric's distribution,
     * {@link Measure#OUTPUT_THROUGHPUT} and {@link Measure#REQUEST_THROUGHPUT} come from the job
     * figures. Metrics with no samples or a value of 0 are left out.
     *
     * @throws IllegalArgumentException when the run has no succeeded request
     */
    public static Observation from(EndpointResult result, Statistic statistic) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(statistic, "statistic");
        JobStats job = result.job();
        String source = result.name() + "@" + result.run().startedAt();
        if (job.succeeded() <= 0) {
            throw new IllegalArgumentException("result must have succeeded requests to be an observation, but "
                    + source + " has " + job.succeeded());
        }
        double in = tokens(result.metric(Metric.INPUT_TOKENS), job.inputTokens(), job.succeeded());
        double out = tokens(result.metric(Metric.OUTPUT_TOKENS), job.outputTokens(), job.succeeded());
        Builder b = builder().source(source).inputTokens(in).outputTokens(out).traffic(result.run().traffic());
        for (Measure m : new Measure[] {Measure.TTFT, Measure.TPOT, Measure.ITL, Measure.E2E, Measure.USER_TPS}) {
            double v = statistic.of(result.metric(m.metric().orElseThrow()));
            if (v > 0 && !Double.isInfinite(v)) {
                b.value(m, v);
            }
        }
        if (job.outputTokenThroughput() > 0) {
            b.value(Measure.OUTPUT_THROUGHPUT, job.outputTokenThroughput());
        }
        if (job.requestThroughput() > 0) {
            b.value(Measure.REQUEST_THROUGHPUT, job.requestThroughput());
        }
        return b.build();
    }

    private static double tokens(MetricStats stats, long total, long succeeded) {
        return stats.count() > 0 ? stats.mean() : (double) total / succeeded;
    }

    @Override
    public String toString() {
        return (source == null ? "" : source + " ") + point + " " + values;
    }

    /** Builds an {@link Observation}. Not thread-safe. */
    public static final class Builder {
        private String source;
        private double inputTokens = Double.NaN;
        private double outputTokens = Double.NaN;
        private Traffic traffic;
        private final EnumMap<Measure, Double> values = new EnumMap<>(Measure.class);

        private Builder() {
        }

        /** A label for where the observation came from; may be null. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Mean prompt tokens per request. */
        public Builder inputTokens(double inputTokens) {
            this.inputTokens = inputTokens;
            return this;
        }

        /** Mean generated tokens per request. */
        public Builder outputTokens(double outputTokens) {
            this.outputTokens = outputTokens;
            return this;
        }

        /** The traffic; may be null. */
        public Builder traffic(Traffic traffic) {
            this.traffic = traffic;
            return this;
        }

        /** Shorthand for {@code traffic(new Traffic(CONCURRENCY, concurrency))}. */
        public Builder concurrency(double concurrency) {
            return traffic(new Traffic(Traffic.Mode.CONCURRENCY, concurrency));
        }

        /** Shorthand for {@code traffic(new Traffic(RATE, requestsPerSecond))}. */
        public Builder rate(double requestsPerSecond) {
            return traffic(new Traffic(Traffic.Mode.RATE, requestsPerSecond));
        }

        /** A measured value in the measure's unit. */
        public Builder value(Measure measure, double value) {
            values.put(Objects.requireNonNull(measure, "measure"), value);
            return this;
        }

        /** Builds the observation; validation as in the record's constructor. */
        public Observation build() {
            return new Observation(source, new Point(inputTokens, outputTokens, traffic), values);
        }
    }
}
