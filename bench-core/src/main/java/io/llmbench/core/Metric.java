package io.llmbench.core;

/**
 * The per-request metrics llmbench measures, each defined once.
 *
 * <p>For each request, {@code t0} is the moment the request is handed to the network (monotonic
 * clock) and {@code ts} the moment it was scheduled to be sent. A <em>content chunk</em> is a
 * streamed chunk that carries generated content: text, reasoning text or a tool call. Role-only
 * chunks, empty deltas, the usage-only final chunk and {@code [DONE]} are not content.
 *
 * <p>Where tools disagree, the names differ: what GuideLLM, GenAI-Perf and AIPerf call "ITL" is
 * {@link #TPOT} here and in vLLM; vLLM's "TTFT" is {@link #TIME_TO_FIRST_CHUNK} here.
 *
 * <p>Times are reported in milliseconds, rates in tokens per second, counts in tokens.
 */
public enum Metric {
    /** Time to first token: first content chunk − {@code t0}. Milliseconds. */
    TTFT("ttft", Unit.MILLISECONDS),
    /** First chunk with non-empty {@code choices} (even role-only) − {@code t0}; vLLM's TTFT. Milliseconds. */
    TIME_TO_FIRST_CHUNK("time_to_first_chunk", Unit.MILLISECONDS),
    /** Inter-token latency: gaps between consecutive content chunks, pooled over requests. Milliseconds. */
    ITL("itl", Unit.MILLISECONDS),
    /** Time per output token: (E2E − TTFT) / (output tokens − 1), only when output tokens &gt; 1. Milliseconds. */
    TPOT("tpot", Unit.MILLISECONDS),
    /** End-to-end latency: last content chunk − {@code t0} (non-streaming: response complete − {@code t0}). Milliseconds. */
    E2E("e2e", Unit.MILLISECONDS),
    /** Per-request decode speed: output tokens / (E2E − TTFT). Tokens per second; higher is better. */
    USER_TPS("user_tps", Unit.TOKENS_PER_SECOND),
    /** Prompt tokens per request. Tokens. */
    INPUT_TOKENS("input_tokens", Unit.TOKENS),
    /** Generated tokens per request. Tokens. */
    OUTPUT_TOKENS("output_tokens", Unit.TOKENS),
    /** Output tokens / content chunks per request; above 1 when a server bundles tokens. Tokens. */
    TOKENS_PER_CHUNK("tokens_per_chunk", Unit.TOKENS_PER_CHUNK),
    /** Client-side wait before the send: {@code t0 − ts} (concurrency cap, late scheduler). Milliseconds. */
    SCHEDULE_LAG("schedule_lag", Unit.MILLISECONDS),
    /** TTFT measured from the scheduled send time {@code ts}: what a user of an open-loop load would see. Milliseconds. */
    TTFT_FROM_SCHEDULED("ttft_from_scheduled", Unit.MILLISECONDS),
    /** E2E measured from the scheduled send time {@code ts}. Milliseconds. */
    E2E_FROM_SCHEDULED("e2e_from_scheduled", Unit.MILLISECONDS);

    /** The unit a metric is reported in and how it is stored in an integer histogram. */
    public enum Unit {
        /** Reported in milliseconds, recorded in microseconds. */
        MILLISECONDS("ms", 1_000.0),
        /** Reported in tokens per second, recorded in thousandths. */
        TOKENS_PER_SECOND("tok/s", 1_000.0),
        /** Reported in tokens, recorded as is. */
        TOKENS("tokens", 1.0),
        /** Reported in tokens per chunk, recorded in hundredths. */
        TOKENS_PER_CHUNK("tok/chunk", 100.0);

        private final String symbol;
        private final double scale;

        Unit(String symbol, double scale) {
            this.symbol = symbol;
            this.scale = scale;
        }

        /** A short symbol for tables, e.g. {@code ms}. */
        public String symbol() {
            return symbol;
        }

        /** Histogram counts per reported unit (1,000 for milliseconds recorded in microseconds). */
        public double scale() {
            return scale;
        }
    }

    private final String key;
    private final Unit unit;

    Metric(String key, Unit unit) {
        this.key = key;
        this.unit = unit;
    }

    /** A stable snake_case key used in CSV, JSON and stores, e.g. {@code ttft}. */
    public String key() {
        return key;
    }

    /** The unit values are reported in. */
    public Unit unit() {
        return unit;
    }

    /** Whether a smaller value is better (true for latencies, false for {@link #USER_TPS}). */
    public boolean lowerIsBetter() {
        return this != USER_TPS;
    }

    /** The metric with the given {@link #key()}. */
    public static Metric ofKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("metric key must be one of the Metric keys, but was '" + key + "'");
    }
}
