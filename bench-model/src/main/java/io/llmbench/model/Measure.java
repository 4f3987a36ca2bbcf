package io.llmbench.model;

import io.llmbench.core.Metric;
import java.util.Optional;

/**
 * A quantity the model layer predicts, ranks and compares: the per-request {@link Metric}s that make
 * sense for a run as a whole, plus job-level throughputs and a cost figure.
 *
 * <p>Units: milliseconds for latencies, tokens per second for {@link #USER_TPS} and
 * {@link #OUTPUT_THROUGHPUT}, requests per second for {@link #REQUEST_THROUGHPUT}, and price units
 * (whatever currency the {@link Pricing} is in) per million output tokens for
 * {@link #COST_PER_MILLION_OUTPUT_TOKENS}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Measure {
    /** Time to first token, {@link Metric#TTFT}. Milliseconds; lower is better. */
    TTFT(Metric.TTFT, "ms", true),
    /** Time per output token, {@link Metric#TPOT} (GenAI-Perf's and GuideLLM's "ITL"). Milliseconds; lower is better. */
    TPOT(Metric.TPOT, "ms", true),
    /** Gaps between content chunks, {@link Metric#ITL}. Milliseconds; lower is better. */
    ITL(Metric.ITL, "ms", true),
    /** End-to-end latency, {@link Metric#E2E}. Milliseconds; lower is better. */
    E2E(Metric.E2E, "ms", true),
    /** Per-request decode speed, {@link Metric#USER_TPS}. Tokens per second; higher is better. */
    USER_TPS(Metric.USER_TPS, "tok/s", false),
    /** Output tokens per second of the whole job (all requests together). Higher is better. */
    OUTPUT_THROUGHPUT(null, "tok/s", false),
    /** Completed requests per second of the whole job. Higher is better. */
    REQUEST_THROUGHPUT(null, "req/s", false),
    /**
     * Price of a million output tokens at the job's output throughput, given a {@link Pricing}.
     * Observations made from runs do not carry it; {@link Alternative#withCost} computes it. Lower is better.
     */
    COST_PER_MILLION_OUTPUT_TOKENS(null, "price/Mtok", true);

    private final Metric metric;
    private final String unitSymbol;
    private final boolean lowerIsBetter;

    Measure(Metric metric, String unitSymbol, boolean lowerIsBetter) {
        this.metric = metric;
        this.unitSymbol = unitSymbol;
        this.lowerIsBetter = lowerIsBetter;
        if (metric != null && metric.lowerIsBetter() != lowerIsBetter) {
            throw new AssertionError("direction of " + name() + " disagrees with Metric." + metric.name());
        }
    }

    /** The core metric this measure is, when it is one. */
    public Optional<Metric> metric() {
        return Optional.ofNullable(metric);
    }

    /** Whether a smaller value is better; for metrics this is {@link Metric#lowerIsBetter()}. */
    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** A short unit symbol for tables, e.g. {@code ms}. */
    public String unitSymbol() {
        return unitSymbol;
    }

    /** A stable snake_case key, e.g. {@code ttft}, {@code output_throughput}. */
    public String key() {
        return metric != null ? metric.key() : name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The measure for a core metric.
     *
     * @throws IllegalArgumentException for metrics the model layer does not predict (token counts, schedule lag, ...)
     */
    public static Measure of(Metric metric) {
        for (Measure m : values()) {
            if (m.metric == metric) {
                return m;
            }
        }
        throw new IllegalArgumentException("metric must be one of TTFT, TPOT, ITL, E2E, USER_TPS to be modelled, but was " + metric);
    }

    /** The measure with the given {@link #key()}. */
    public static Measure ofKey(String key) {
        for (Measure m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("measure key must be one of the Measure keys, but was '" + key + "'");
    }
}
