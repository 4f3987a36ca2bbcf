package io.llmbench.core.sim;

/**
 * The timing model of a {@link SimulatedEndpoint}: an inference engine with continuous batching.
 * Immutable and thread-safe. All durations are milliseconds ({@code double}), rates are per second.
 *
 * <h2>The model</h2>
 * A request with {@code n} prompt tokens that asks for {@code m} output tokens goes through:
 * <ol>
 *   <li><b>Admission.</b> At most {@link #maxRunning()} requests run at once (prefilling or
 *       decoding); the rest wait in one FIFO queue and are admitted as running requests finish.</li>
 *   <li><b>Prefill.</b> An admitted request is prefilled on one of {@link #prefillConcurrency()}
 *       prefill lanes (FIFO when all are busy; by default as many lanes as running slots, so
 *       prefills do not wait for each other). It takes
 *       <pre>  prefill(n) = (prefillBase + prefillPerToken·n + prefillPerTokenSquared·n²) · J</pre>
 *       and ends with the <b>first token</b>, so
 *       <pre>  TTFT = wait for a running slot + wait for a prefill lane + prefill(n)</pre></li>
 *   <li><b>Decode.</b> Decoding runs in global steps. A step starts as soon as the previous one
 *       ends (or, after an idle period, when a request joins); it includes every request that was
 *       decoding when it started, and at its end every one of them receives
 *       {@link #tokensPerStep()} more tokens ({@code k}; more than 1 mimics speculative decoding),
 *       sent as one chunk. A request that finishes its prefill during a step joins the next one.
 *       A step with {@code B} requests whose contexts (prompt plus tokens generated so far) sum to
 *       {@code C} tokens lasts
 *       <pre>  step(B, C) = (stepBase + stepPerRequest·B + stepPerContextToken·C) · J</pre>
 *       so per-request decode slows down as the batch grows. A request needs
 *       {@code ceil((m − 1) / k)} steps after its first token; with a constant batch {@code B},
 *       <pre>  TPOT = (E2E − TTFT) / (m − 1) ≈ step(B, C) · ceil((m − 1) / k) / (m − 1)</pre>
 *       plus at most one step spent waiting to join the running batch.</li>
 * </ol>
 * {@code J} is a multiplicative jitter drawn independently for every prefill and every step,
 * uniform in {@code [1 − jitter, 1 + jitter]} (mean 1, so the formulas above hold for means),
 * from the endpoint's seeded generator.
 *
 * <p>The steady-state helpers ({@link #atConcurrency}, {@link #atRate}, {@link #maxRequestRate})
 * apply Little's law to these formulas for identical requests, taking the mean context of a
 * decoding request as {@code n + m/2}; they ignore jitter and the wait to join a step, and
 * {@link #atRate} ignores queueing caused by bursts, so they are estimates, good to a step or so.
 *
 * <p>Defaults: {@value #DEFAULT_PREFILL_BASE_MILLIS} ms + {@value #DEFAULT_PREFILL_PER_TOKEN_MILLIS}
 * ms/token prefill, {@value #DEFAULT_STEP_BASE_MILLIS} ms + {@value #DEFAULT_STEP_PER_REQUEST_MILLIS}
 * ms/request steps, {@value #DEFAULT_MAX_RUNNING} running requests, 1 token per step, jitter
 * {@value #DEFAULT_JITTER}.
 */
public final class TimingModel {
    /** Default fixed part of a prefill, milliseconds. */
    public static final double DEFAULT_PREFILL_BASE_MILLIS = 10.0;
    /** Default prefill cost per prompt token, milliseconds. */
    public static final double DEFAULT_PREFILL_PER_TOKEN_MILLIS = 0.02;
    /** Default fixed part of a decode step, milliseconds. */
    public static final double DEFAULT_STEP_BASE_MILLIS = 8.0;
    /** Default decode step cost per request in the batch, milliseconds. */
    public static final double DEFAULT_STEP_PER_REQUEST_MILLIS = 0.08;
    /** Default cap on running requests. */
    public static final int DEFAULT_MAX_RUNNING = 256;
    /** Default jitter amplitude (a fraction of each duration). */
    public static final double DEFAULT_JITTER = 0.05;
    /** {@link Builder#prefillConcurrency} value meaning "one lane per running slot". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private static final TimingModel DEFAULTS = builder().build();
    private static final TimingModel INSTANT = builder().prefill(0, 0).decode(0, 0).jitter(0)
            .maxRunning(1_000_000).build();

    private final double prefillBase;
    private final double prefillPerToken;
    private final double prefillPerTokenSquared;
    private final double stepBase;
    private final double stepPerRequest;
    private final double stepPerContextToken;
    private final int maxRunning;
    private final int prefillConcurrency;
    private final int tokensPerStep;
    private final double jitter;

    private TimingModel(Builder b) {
        this.prefillBase = b.prefillBase;
        this.prefillPerToken = b.prefillPerToken;
        this.prefillPerTokenSquared = b.prefillPerTokenSquared;
        this.stepBase = b.stepBase;
        this.stepPerRequest = b.stepPerRequest;
        this.stepPerContextToken = b.stepPerContextToken;
        this.maxRunning = b.maxRunning;
        this.prefillConcurrency = b.prefillConcurrency;
        this.tokensPerStep = b.tokensPerStep;
        this.jitter = b.jitter;
    }

    /** A new builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s values. */
    public static Builder from(TimingModel base) {
        Builder b = new Builder();
        b.prefillBase = base.prefillBase;
        b.prefillPerToken = base.prefillPerToken;
        b.prefillPerTokenSquared = base.prefillPerTokenSquared;
        b.stepBase = base.stepBase;
        b.stepPerRequest = base.stepPerRequest;
        b.stepPerContextToken = base.stepPerContextToken;
        b.maxRunning = base.maxRunning;
        b.prefillConcurrency = base.prefillConcurrency;
        b.tokensPerStep = base.tokensPerStep;
        b.jitter = base.jitter;
        return b;
    }

    /** The defaults listed in the class documentation. */
    public static TimingModel ofDefaults() {
        return DEFAULTS;
    }

    /**
     * No modelled cost at all: every token is sent as fast as the endpoint can, through the same
     * scheduler, with a cap of 1,000,000 running requests and no jitter.
     */
    public static TimingModel instant() {
        return INSTANT;
    }

    /** Fixed part of a prefill, ms. */
    public double prefillBaseMillis() {
        return prefillBase;
    }

    /** Prefill cost per prompt token, ms. */
    public double prefillPerTokenMillis() {
        return prefillPerToken;
    }

    /** Prefill cost per squared prompt token (the super-linear term), ms. */
    public double prefillPerTokenSquaredMillis() {
        return prefillPerTokenSquared;
    }

    /** Fixed part of a decode step, ms. */
    public double stepBaseMillis() {
        return stepBase;
    }

    /** Decode step cost per request in the batch, ms. */
    public double stepPerRequestMillis() {
        return stepPerRequest;
    }

    /** Decode step cost per context token in the batch, ms. */
    public double stepPerContextTokenMillis() {
        return stepPerContextToken;
    }

    /** Cap on requests running (prefilling or decoding) at once; the rest queue FIFO. */
    public int maxRunning() {
        return maxRunning;
    }

    /** Prefill lanes; {@link #UNLIMITED} means one per running slot. */
    public int prefillConcurrency() {
        return prefillConcurrency;
    }

    /** Tokens each decoding request receives per step, sent as one chunk. */
    public int tokensPerStep() {
        return tokensPerStep;
    }

    /** Jitter amplitude: every duration is multiplied by a factor uniform in [1 − jitter, 1 + jitter]. */
    public double jitter() {
        return jitter;
    }

    /** Mean prefill time of a prompt of {@code inputTokens} tokens, ms (no jitter). */
    public double prefillMillis(int inputTokens) {
        double n = inputTokens;
        return prefillBase + prefillPerToken * n + prefillPerTokenSquared * n * n;
    }

    /** Mean step time with {@code batch} decoding requests, ignoring the context term, ms. */
    public double stepMillis(int batch) {
        return stepMillis(batch, 0);
    }

    /**
     * Mean step time with {@code batch} decoding requests whose contexts sum to
     * {@code contextTokens} tokens, ms.
     */
    public double stepMillis(int batch, long contextTokens) {
        return stepBase + stepPerRequest * batch + stepPerContextToken * contextTokens;
    }

    /** Decode steps a request of {@code outputTokens} tokens needs after its first token. */
    public int decodeSteps(int outputTokens) {
        return outputTokens <= 1 ? 0 : (outputTokens - 1 + tokensPerStep - 1) / tokensPerStep;
    }

    /**
     * Mean TPOT of requests of {@code inputTokens}/{@code outputTokens} tokens decoding in a
     * constant batch of {@code batch} such requests, ms; NaN when {@code outputTokens <= 1}.
     */
    public double tpotMillis(int batch, int inputTokens, int outputTokens) {
        if (outputTokens <= 1) {
            return Double.NaN;
        }
        return decodeMillis(batch, inputTokens, outputTokens) / (outputTokens - 1);
    }

    /** Mean time from first to last token in a constant batch of {@code batch} identical requests, ms. */
    public double decodeMillis(double batch, int inputTokens, int outputTokens) {
        double context = batch * (inputTokens + outputTokens / 2.0);
        return decodeSteps(outputTokens)
                * (stepBase + stepPerRequest * batch + stepPerContextToken * context);
    }

    /**
     * Steady state of a closed loop of {@code concurrency} clients, each sending identical
     * requests back to back. Solves {@code B = R · D(B) / (P + D(B))} for the decode batch
     * {@code B}, where {@code R = min(concurrency, maxRunning)} requests run, {@code P} is the
     * prefill time and {@code D(B)} the decode time; throughput is {@code R / (P + D)} and the
     * {@code concurrency − R} others wait (Little's law). Prefill lanes are ignored.
     */
    public OperatingPoint atConcurrency(int concurrency, int inputTokens, int outputTokens) {
        requirePositive("concurrency", concurrency);
        requirePositive("inputTokens", inputTokens);
        requirePositive("outputTokens", outputTokens);
        int running = Math.min(concurrency, maxRunning);
        double p = prefillMillis(inputTokens);
        double lo = 0;
        double hi = running;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            double d = decodeMillis(mid, inputTokens, outputTokens);
            double g = (p + d) == 0 ? 0 : running * d / (p + d) - mid;
            if (g > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double batch = (lo + hi) / 2;
        double d = decodeMillis(batch, inputTokens, outputTokens);
        double service = p + d;
        double rate = service == 0 ? Double.POSITIVE_INFINITY : running * 1000.0 / service;
        double e2e = service * concurrency / running;
        double ttft = e2e - d;
        return new OperatingPoint(rate, running, batch, concurrency - running, ttft,
                outputTokens > 1 ? d / (outputTokens - 1) : Double.NaN, e2e, rate * outputTokens,
                false);
    }

    /**
     * Steady state of an open loop sending {@code requestsPerSecond} identical requests. Solves
     * {@code B = λ · D(B)} for the decode batch (linear in {@code B}); the running count is
     * {@code B + λ·P}. When that exceeds {@link #maxRunning()} or a prefill lane's capacity, the
     * queue grows without bound: the result is {@code saturated} with infinite TTFT.
     */
    public OperatingPoint atRate(double requestsPerSecond, int inputTokens, int outputTokens) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException(
                    "requestsPerSecond must be > 0 and finite, but was " + requestsPerSecond);
        }
        requirePositive("inputTokens", inputTokens);
        requirePositive("outputTokens", outputTokens);
        double lambda = requestsPerSecond / 1000.0;
        double p = prefillMillis(inputTokens);
        int steps = decodeSteps(outputTokens);
        double perBatch = stepPerRequest + stepPerContextToken * (inputTokens + outputTokens / 2.0);
        double denominator = 1 - lambda * steps * perBatch;
        double batch = denominator <= 0 ? Double.POSITIVE_INFINITY : lambda * steps * stepBase / denominator;
        double running = batch + lambda * p;
        boolean saturated = running > maxRunning
                || (prefillConcurrency != UNLIMITED && lambda * p >= prefillConcurrency);
        if (saturated) {
            return new OperatingPoint(requestsPerSecond, maxRunning, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, true);
        }
        double d = decodeMillis(batch, inputTokens, outputTokens);
        return new OperatingPoint(requestsPerSecond, running, batch, 0, p,
                outputTokens > 1 ? d / (outputTokens - 1) : Double.NaN, p + d,
                requestsPerSecond * outputTokens, false);
    }

    /**
     * The highest request rate (per second) of identical requests that {@link #atRate} does not
     * report as saturated: where the running requests reach {@link #maxRunning()}, the decode
     * batch diverges, or the prefill lanes are fully busy, whichever comes first.
     */
    public double maxRequestRate(int inputTokens, int outputTokens) {
        requirePositive("inputTokens", inputTokens);
        requirePositive("outputTokens", outputTokens);
        double lo = 0;
        double hi = 1;
        while (!atRate(hi, inputTokens, outputTokens).saturated()) {
            lo = hi;
            hi *= 2;
            if (hi > 1e12) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (mid <= 0 || !atRate(mid, inputTokens, outputTokens).saturated()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long prefillNanos(int inputTokens, double jitterFactor) {
        return Math.round(prefillMillis(inputTokens) * jitterFactor * 1e6);
    }

    long stepNanos(int batch, long contextTokens, double jitterFactor) {
        return Math.round(stepMillis(batch, contextTokens) * jitterFactor * 1e6);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
        }
    }

    @Override
    public String toString() {
        return "TimingModel[prefill=" + prefillBase + "+" + prefillPerToken + "·n+" + prefillPerTokenSquared
                + "·n² ms, step=" + stepBase + "+" + stepPerRequest + "·B+" + stepPerContextToken
                + "·C ms, maxRunning=" + maxRunning + ", prefillConcurrency="
                + (prefillConcurrency == UNLIMITED ? "unlimited" : prefillConcurrency)
                + ", tokensPerStep=" + tokensPerStep + ", jitter=" + jitter + "]";
    }

    /**
     * A steady-state estimate. Times in ms, {@code requestRate} in requests/s,
     * {@code outputTokensPerSecond} in tokens/s; {@code running}, {@code decodeBatch} and
     * {@code waiting} are mean counts of requests.
     */
    public record OperatingPoint(double requestRate, double running, double decodeBatch, double waiting,
                              double ttftMillis, double tpotMillis, double e2eMillis,
                              double outputTokensPerSecond, boolean saturated) {
    }

    /** Builds a {@link TimingModel}. Not thread-safe. */
    public static final class Builder {
        private double prefillBase = DEFAULT_PREFILL_BASE_MILLIS;
        private double prefillPerToken = DEFAULT_PREFILL_PER_TOKEN_MILLIS;
        private double prefillPerTokenSquared;
        private double stepBase = DEFAULT_STEP_BASE_MILLIS;
        private double stepPerRequest = DEFAULT_STEP_PER_REQUEST_MILLIS;
        private double stepPerContextToken;
        private int maxRunning = DEFAULT_MAX_RUNNING;
        private int prefillConcurrency = UNLIMITED;
        private int tokensPerStep = 1;
        private double jitter = DEFAULT_JITTER;

        private Builder() {
        }

        /** Prefill time {@code baseMillis + perTokenMillis · promptTokens}. */
        public Builder prefill(double baseMillis, double perTokenMillis) {
            this.prefillBase = nonNegative("prefill baseMillis", baseMillis);
            this.prefillPerToken = nonNegative("prefill perTokenMillis", perTokenMillis);
            return this;
        }

        /** The super-linear prefill term: adds {@code millis · promptTokens²} (default 0). */
        public Builder prefillQuadratic(double millisPerTokenSquared) {
            this.prefillPerTokenSquared = nonNegative("prefillQuadratic millisPerTokenSquared", millisPerTokenSquared);
            return this;
        }

        /** Step time {@code baseMillis + perRequestMillis · batch}. */
        public Builder decode(double baseMillis, double perRequestMillis) {
            this.stepBase = nonNegative("decode baseMillis", baseMillis);
            this.stepPerRequest = nonNegative("decode perRequestMillis", perRequestMillis);
            return this;
        }

        /** Adds {@code millis} per context token of the batch to every step (default 0). */
        public Builder decodePerContextToken(double millis) {
            this.stepPerContextToken = nonNegative("decodePerContextToken millis", millis);
            return this;
        }

        /** Cap on running requests (default {@value #DEFAULT_MAX_RUNNING}); the rest queue FIFO. */
        public Builder maxRunning(int maxRunning) {
            if (maxRunning < 1) {
                throw new IllegalArgumentException("maxRunning must be >= 1, but was " + maxRunning);
            }
            this.maxRunning = maxRunning;
            return this;
        }

        /** Prefill lanes (default {@link #UNLIMITED}); 1 prefills one request at a time. */
        public Builder prefillConcurrency(int lanes) {
            if (lanes < 1) {
                throw new IllegalArgumentException("prefillConcurrency must be >= 1, but was " + lanes);
            }
            this.prefillConcurrency = lanes;
            return this;
        }

        /** Tokens per decode step and chunk (default 1; more mimics speculative decoding). */
        public Builder tokensPerStep(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("tokensPerStep must be >= 1, but was " + tokens);
            }
            this.tokensPerStep = tokens;
            return this;
        }

        /** Jitter amplitude in [0, 1) (default {@value #DEFAULT_JITTER}); 0 makes timing exact. */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be >= 0 and < 1, but was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** The model. */
        public TimingModel build() {
            return new TimingModel(this);
        }

        private static double nonNegative(String name, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be >= 0 and finite, but was " + value);
            }
            return value;
        }
    }
}
