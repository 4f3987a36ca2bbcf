package io.llmbench.core.sim;

import io.llmbench.core.internal.Tokenizers;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OpenAI-compatible inference server simulated in-process, for demos, tests and load
 * benchmarks without a GPU. It serves {@code POST /v1/chat/completions} and
 * {@code POST /v1/completions} (streaming as server-sent events, or JSON), {@code GET /v1/models},
 * {@code GET /health} and {@code GET /metrics} (vLLM's Prometheus metrics, see {@link #metricsUrl()})
 * over HTTP/1.1 with keep-alive, times every response with a
 * {@link TimingModel} (continuous batching: queueing, prefill, shared decode steps) and can inject
 * {@link SimFault faults}.
 *
 * <pre>{@code
 * try (SimulatedEndpoint sim = SimulatedEndpoint.builder()
 *         .model("sim-8b")
 *         .timing(TimingModel.builder().prefill(10, 0.02).decode(8, 0.08).maxRunning(64).jitter(0.05).build())
 *         .seed(42)
 *         .fault(SimFault.RATE_LIMIT, 0.01)
 *         .start()) {
 *     String url = sim.baseUrl();        // "http://127.0.0.1:PORT/v1"
 *     double tpot = sim.timing().tpotMillis(16, 512, 128);
 * }
 * }</pre>
 *
 * <p><b>Requests.</b> Output length is {@code max_completion_tokens} or {@code max_tokens} when
 * given (finish reason {@code length}); otherwise it is drawn from a normal distribution
 * ({@link Builder#outputTokens}, finish reason {@code stop}), and {@code min_tokens} is a floor.
 * With {@link Builder#stopAtEos(boolean)} a request with {@code max_tokens} may stop earlier at its
 * drawn length unless {@code ignore_eos} is true. Prompt tokens are counted with a real tokenizer
 * (chat: OpenAI's rule of 3 tokens per message plus role and content, plus 3). The text and length
 * depend only on the seed and the request (prompt, {@code max_tokens}, {@code seed}), so the same
 * request gets the same answer. A stream is: a role-only chunk (chat), one chunk per decode step
 * ({@link TimingModel#tokensPerStep()} tokens), a chunk with {@code finish_reason}, a usage-only
 * chunk with {@code "choices": []} when {@code stream_options.include_usage} is true, then
 * {@code data: [DONE]}.
 *
 * <p><b>Determinism.</b> Text, lengths and fault draws follow the seed; jitter draws follow the
 * seed in the order the scheduler needs them, so the same requests in the same order get the same
 * schedule.
 *
 * <p><b>Capacity.</b> One I/O thread ({@code llmbench-sim-io}) accepts, parses and answers
 * immediately; one scheduler thread ({@code llmbench-sim-engine}) drives all timed requests and
 * writes their chunks. Both are daemon threads stopped by {@link #close()}. No thread per
 * connection: thousands of concurrent streams cost memory for their sockets only.
 *
 * <p>Thread-safe. Lengths are tokens, times milliseconds unless a name ends in {@code Nanos}.
 */
public interface SimulatedEndpoint extends AutoCloseable {
    /** Header that injects a fault into one request, e.g. {@code X-Sim-Fault: stall; after=0; ms=500}. */
    String FAULT_HEADER = "X-Sim-Fault";
    /** Default model name. */
    String DEFAULT_MODEL = "llmbench-sim";
    /** Default seed. */
    long DEFAULT_SEED = 42;
    /** Default mean output length when a request sets no {@code max_tokens}. */
    int DEFAULT_OUTPUT_TOKENS_MEAN = 128;
    /** Default standard deviation of that length. */
    int DEFAULT_OUTPUT_TOKENS_STDEV = 32;
    /** Default context window: prompt plus {@code max_tokens} beyond it is refused with HTTP 400. */
    int DEFAULT_MAX_MODEL_LEN = 32_768;
    /** Default tokenizer (a JTokkit encoding name). */
    String DEFAULT_TOKENIZER = "cl100k_base";
    /** Default {@code Retry-After} of a simulated 429. */
    Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /** Default number of {@link #traces()} kept. */
    int DEFAULT_TRACE_CAPACITY = 1024;

    /** A builder with the defaults named above, {@link TimingModel#ofDefaults()}, port 0 on 127.0.0.1. */
    static Builder builder() {
        return new Builder();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:54321/v1}. */
    String baseUrl();

    /**
     * The URL of its Prometheus metrics, vLLM's names with values of its own timing model, e.g.
     * {@code http://127.0.0.1:54321/metrics}; give it to {@code Benchmark.Builder.serverMetrics}.
     */
    default String metricsUrl() {
        String base = baseUrl();
        return base.substring(0, base.length() - "/v1".length()) + "/metrics";
    }

    /** The port listened on. */
    int port();

    /** The model name served. */
    String model();

    /** The timing model in use; query it for expected TTFT, TPOT and capacity. */
    TimingModel timing();

    /** A snapshot of the counters. */
    SimStats stats();

    /** The most recent finished requests (at most {@link Builder#traceCapacity}), oldest first. */
    List<RequestTrace> traces();

    /** Stops listening, closes every connection (open streams end abruptly) and stops the threads. */
    @Override
    void close();

    /** Configures and starts a {@link SimulatedEndpoint}. Not thread-safe. */
    final class Builder {
        String host = "127.0.0.1";
        int port;
        String model = DEFAULT_MODEL;
        TimingModel timing = TimingModel.ofDefaults();
        long seed = DEFAULT_SEED;
        int outputMean = DEFAULT_OUTPUT_TOKENS_MEAN;
        int outputStdev = DEFAULT_OUTPUT_TOKENS_STDEV;
        boolean stopAtEos;
        int maxModelLen = DEFAULT_MAX_MODEL_LEN;
        String tokenizer = DEFAULT_TOKENIZER;
        final Map<SimFault, Double> faults = new EnumMap<>(SimFault.class);
        int faultAfterTokens = -1;
        long stallNanos = -1;
        Duration retryAfter = DEFAULT_RETRY_AFTER;
        int fixedChunks;
        int fixedTokensPerChunk = 1;
        String apiKey;
        int traceCapacity = DEFAULT_TRACE_CAPACITY;
        int maxWaiting = -1;

        Builder() {
        }

        /** Address to bind (default {@code 127.0.0.1}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 0 (the default) for an ephemeral one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        /** Model name served; requests naming another model get HTTP 404 (a missing one is accepted). */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank, but was '" + model + "'");
            }
            this.model = model;
            return this;
        }

        /** The timing model (default {@link TimingModel#ofDefaults()}). */
        public Builder timing(TimingModel timing) {
            this.timing = Objects.requireNonNull(timing, "timing");
            return this;
        }

        /** Seed for text, lengths, fault draws and jitter (default {@value SimulatedEndpoint#DEFAULT_SEED}). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Output length distribution for requests without {@code max_tokens}: normal, at least 1. */
        public Builder outputTokens(int mean, int stdev) {
            if (mean < 1) {
                throw new IllegalArgumentException("outputTokens mean must be >= 1, but was " + mean);
            }
            if (stdev < 0) {
                throw new IllegalArgumentException("outputTokens stdev must be >= 0, but was " + stdev);
            }
            this.outputMean = mean;
            this.outputStdev = stdev;
            return this;
        }

        /**
         * Whether a request with {@code max_tokens} stops at its drawn natural length when that is
         * shorter (finish reason {@code stop}) unless it sets {@code ignore_eos} (default false:
         * output is exactly {@code max_tokens}).
         */
        public Builder stopAtEos(boolean stopAtEos) {
            this.stopAtEos = stopAtEos;
            return this;
        }

        /** Context window in tokens (default {@value SimulatedEndpoint#DEFAULT_MAX_MODEL_LEN}). */
        public Builder maxModelLen(int tokens) {
            if (tokens < 2) {
                throw new IllegalArgumentException("maxModelLen must be >= 2, but was " + tokens);
            }
            this.maxModelLen = tokens;
            return this;
        }

        /** JTokkit encoding that counts prompt tokens (default {@value SimulatedEndpoint#DEFAULT_TOKENIZER}). */
        public Builder tokenizer(String encoding) {
            Tokenizers.encoding(Objects.requireNonNull(encoding, "tokenizer"));
            this.tokenizer = encoding;
            return this;
        }

        /**
         * Injects {@code fault} into each completion request with {@code probability}, drawn from
         * the seeded generator. The probabilities of all faults must sum to at most 1.
         */
        public Builder fault(SimFault fault, double probability) {
            Objects.requireNonNull(fault, "fault");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("fault probability of " + fault.token()
                        + " must be between 0 and 1, but was " + probability);
            }
            faults.put(fault, probability);
            return this;
        }

        /**
         * Tokens sent before a mid-stream fault (disconnect, malformed, error, stall); 0 means before
         * the first token. Default: half of the request's output, rounded down.
         */
        public Builder faultAfterTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("faultAfterTokens must be >= 0, but was " + tokens);
            }
            this.faultAfterTokens = tokens;
            return this;
        }

        /** How long a stall lasts (default: forever, until the client closes the connection). */
        public Builder stallFor(Duration duration) {
            Objects.requireNonNull(duration, "stallFor");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("stallFor must be > 0, but was " + duration);
            }
            this.stallNanos = duration.toNanos();
            return this;
        }

        /** A stall lasts until the client closes the connection (the default). */
        public Builder stallForever() {
            this.stallNanos = -1;
            return this;
        }

        /** {@code Retry-After} of a simulated 429, sent in whole seconds rounded up (default 1 s). */
        public Builder retryAfter(Duration retryAfter) {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must be >= 0, but was " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /**
         * Fixed-response mode, for measuring a client's capacity: every completion request gets the
         * same pre-encoded response of {@code chunks} content chunks of {@code tokensPerChunk} tokens
         * (plus role, finish and usage chunks and {@code [DONE]}; or the equivalent JSON when not
         * streaming), written as fast as the socket takes it. The body is not parsed beyond the
         * {@code stream} flag: no timing model, no validation, no faults, and usage reports 0
         * prompt tokens.
         */
        public Builder fixedResponse(int chunks, int tokensPerChunk) {
            if (chunks < 1) {
                throw new IllegalArgumentException("fixedResponse chunks must be >= 1, but was " + chunks);
            }
            if (tokensPerChunk < 1) {
                throw new IllegalArgumentException("fixedResponse tokensPerChunk must be >= 1, but was " + tokensPerChunk);
            }
            this.fixedChunks = chunks;
            this.fixedTokensPerChunk = tokensPerChunk;
            return this;
        }

        /** Requires {@code Authorization: Bearer <apiKey>} on every request (HTTP 401 otherwise). */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isEmpty()) {
                throw new IllegalArgumentException("apiKey must not be empty");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Overload behaviour of servers with a bounded queue (TGI's {@code max_concurrent_requests},
         * a gateway): when {@code maxWaiting} requests already wait for a running slot, further
         * completion requests get HTTP 429 with {@code code: "queue_full"} at once. Default:
         * unbounded queue.
         */
        public Builder maxWaiting(int maxWaiting) {
            if (maxWaiting < 0) {
                throw new IllegalArgumentException("maxWaiting must be >= 0, but was " + maxWaiting);
            }
            this.maxWaiting = maxWaiting;
            return this;
        }

        /** How many {@link SimulatedEndpoint#traces()} to keep (default 1024, 0 for none). */
        public Builder traceCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("traceCapacity must be >= 0, but was " + capacity);
            }
            this.traceCapacity = capacity;
            return this;
        }

        /**
         * Binds and starts the endpoint.
         *
         * @throws IllegalStateException when the fault probabilities sum to more than 1
         * @throws UncheckedIOException  when the address cannot be bound
         */
        public SimulatedEndpoint start() {
            double sum = faults.values().stream().mapToDouble(Double::doubleValue).sum();
            if (sum > 1 + 1e-9) {
                throw new IllegalStateException("fault probabilities must sum to <= 1, but summed to " + sum);
            }
            return SimServer.start(this);
        }
    }
}
