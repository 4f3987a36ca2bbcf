package io.llmbench.core.workload;

import io.llmbench.core.Endpoint;
import io.llmbench.core.internal.Seeds;
import io.llmbench.core.internal.SyntheticText;
import io.llmbench.core.internal.Tokenizers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic prompts of a target size in tokens asking for a forced number of output tokens.
 * Immutable and thread-safe.
 *
 * <ul>
 *   <li><b>Input</b>: each prompt is one user message of exactly the sampled number of tokens
 *       under the chosen tokenizer encoding ({@value Endpoint#DEFAULT_TOKENIZER} by default, or
 *       {@code o200k_base}, ...); use the encoding of the model behind the endpoint. The server adds
 *       its chat template, so its {@code prompt_tokens} are a few more.</li>
 *   <li><b>Output</b>: the sampled target is sent as {@code max_tokens} (or
 *       {@code max_completion_tokens}), with {@code ignore_eos: true} and {@code min_tokens} so that
 *       vLLM-style servers generate exactly that many tokens; both extras can be turned off for
 *       servers that reject unknown fields.</li>
 *   <li><b>Reproducible</b>: prompt {@code i} is a pure function of the seed and {@code i}; each
 *       request gets a different text, so prefix caches do not flatter the server, except for an
 *       optional shared prefix of {@link Builder#sharedPrefixTokens(int) N tokens} common to all
 *       requests, for prefix-cache tests.</li>
 * </ul>
 *
 * <pre>{@code
 * Workload w = Workload.synthetic()
 *         .inputTokens(1024, 64)          // mean, stdev (bounded to mean ± 4 stdev)
 *         .outputTokens(256)
 *         .tokenizer("o200k_base")
 *         .seed(7)
 *         .build();
 * }</pre>
 */
public final class SyntheticWorkload implements Workload {
    /** Which body field carries the output limit. */
    public enum OutputLimit {
        /** {@code max_tokens} (via {@link Prompt#maxTokens()}), understood by every OpenAI-compatible server. */
        MAX_TOKENS,
        /**
         * {@code max_completion_tokens}, the newer OpenAI name (required by some OpenAI models); sent as a
         * body field, and {@link Prompt#maxTokens()} is left unset (-1).
         */
        MAX_COMPLETION_TOKENS
    }

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 0;

    private final LengthDistribution input;
    private final LengthDistribution output;
    private final String tokenizer;
    private final long seed;
    private final int sharedPrefixTokens;
    private final boolean ignoreEos;
    private final boolean minTokens;
    private final OutputLimit outputLimit;
    private final String[] vocabulary;
    private final String prefix;

    private SyntheticWorkload(Builder b) {
        this.input = b.input;
        this.output = b.output;
        this.tokenizer = b.tokenizer;
        this.seed = b.seed;
        this.sharedPrefixTokens = b.sharedPrefixTokens;
        this.ignoreEos = b.ignoreEos;
        this.minTokens = b.minTokens;
        this.outputLimit = b.outputLimit;
        this.vocabulary = SyntheticText.vocabulary(tokenizer);
        StringBuilder sb = new StringBuilder();
        SyntheticText.appendWords(sb, vocabulary, sharedPrefixTokens, new SplittableRandom(Seeds.mix(seed, Long.MIN_VALUE)));
        this.prefix = sb.toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Prompt prompt(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("prompt index must be >= 0, but was " + index);
        }
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, index));
        int in = input.sample(random);
        int out = output.sample(random);
        StringBuilder text = new StringBuilder(in * 7);
        text.append(prefix);
        SyntheticText.appendWords(text, vocabulary, in - sharedPrefixTokens, random);
        Map<String, Object> body = new LinkedHashMap<>();
        int maxTokens = out;
        if (outputLimit == OutputLimit.MAX_COMPLETION_TOKENS) {
            maxTokens = -1;
            body.put("max_completion_tokens", out);
        }
        if (ignoreEos) {
            body.put("ignore_eos", true);
        }
        if (minTokens) {
            body.put("min_tokens", out);
        }
        return new Prompt(new PromptInfo("synthetic-" + index, "synthetic", null, null),
                List.of(Prompt.Message.user(text.toString())), maxTokens, in, body);
    }

    /**
     * E.g. {@code synthetic in=512 out=128}, or with every non-default setting:
     * {@code synthetic in=1024±64[768..1280] out=256 tokenizer=o200k_base prefix=128 seed=7 max_completion_tokens}.
     */
    @Override
    public String description() {
        StringBuilder sb = new StringBuilder("synthetic in=").append(input).append(" out=").append(output);
        if (!tokenizer.equals(Endpoint.DEFAULT_TOKENIZER)) {
            sb.append(" tokenizer=").append(tokenizer);
        }
        if (sharedPrefixTokens > 0) {
            sb.append(" prefix=").append(sharedPrefixTokens);
        }
        if (seed != DEFAULT_SEED) {
            sb.append(" seed=").append(seed);
        }
        if (outputLimit == OutputLimit.MAX_COMPLETION_TOKENS) {
            sb.append(" max_completion_tokens");
        }
        if (!ignoreEos) {
            sb.append(" eos");
        }
        return sb.toString();
    }

    /** The input length distribution in tokens. */
    public LengthDistribution inputTokens() {
        return input;
    }

    /** The output length distribution in tokens. */
    public LengthDistribution outputTokens() {
        return output;
    }

    /** The JTokkit encoding the input lengths hold under. */
    public String tokenizer() {
        return tokenizer;
    }

    public long seed() {
        return seed;
    }

    /** Tokens at the start of every prompt that are the same for all requests; 0 for none. */
    public int sharedPrefixTokens() {
        return sharedPrefixTokens;
    }

    /** Builds a {@link SyntheticWorkload}. Not thread-safe. */
    public static final class Builder {
        private LengthDistribution input;
        private LengthDistribution output;
        private String tokenizer = Endpoint.DEFAULT_TOKENIZER;
        private long seed = DEFAULT_SEED;
        private int sharedPrefixTokens;
        private boolean ignoreEos = true;
        private boolean minTokens = true;
        private OutputLimit outputLimit = OutputLimit.MAX_TOKENS;

        private Builder() {
        }

        /** Every prompt has exactly {@code tokens} input tokens. */
        public Builder inputTokens(int tokens) {
            return inputTokens(LengthDistribution.fixed(tokens));
        }

        /** Input lengths normally distributed, bounded to mean ± 4 stdev and at least 1. */
        public Builder inputTokens(int mean, int stdev) {
            return inputTokens(LengthDistribution.normal(mean, stdev));
        }

        /** Input lengths normally distributed, truncated to {@code [min, max]}. */
        public Builder inputTokens(int mean, int stdev, int min, int max) {
            return inputTokens(LengthDistribution.normal(mean, stdev, min, max));
        }

        public Builder inputTokens(LengthDistribution lengths) {
            this.input = Objects.requireNonNull(lengths, "inputTokens");
            return this;
        }

        /** Every request asks for exactly {@code tokens} output tokens. */
        public Builder outputTokens(int tokens) {
            return outputTokens(LengthDistribution.fixed(tokens));
        }

        /** Output targets normally distributed, bounded to mean ± 4 stdev and at least 1. */
        public Builder outputTokens(int mean, int stdev) {
            return outputTokens(LengthDistribution.normal(mean, stdev));
        }

        /** Output targets normally distributed, truncated to {@code [min, max]}. */
        public Builder outputTokens(int mean, int stdev, int min, int max) {
            return outputTokens(LengthDistribution.normal(mean, stdev, min, max));
        }

        public Builder outputTokens(LengthDistribution lengths) {
            this.output = Objects.requireNonNull(lengths, "outputTokens");
            return this;
        }

        /** The JTokkit encoding input lengths are exact under: {@code cl100k_base} (default), {@code o200k_base}, ... */
        public Builder tokenizer(String encoding) {
            this.tokenizer = Objects.requireNonNull(encoding, "tokenizer");
            return this;
        }

        /** The seed the texts and lengths are drawn from (default {@value SyntheticWorkload#DEFAULT_SEED}). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Starts every prompt with the same {@code tokens} tokens (counted in the input length),
         * so a server's prefix cache can serve them; the rest of each prompt differs. Default 0.
         */
        public Builder sharedPrefixTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("sharedPrefixTokens must be >= 0, but was " + tokens);
            }
            this.sharedPrefixTokens = tokens;
            return this;
        }

        /** Send {@code ignore_eos: true} (default true), so generation does not stop early. */
        public Builder ignoreEos(boolean on) {
            this.ignoreEos = on;
            return this;
        }

        /** Send {@code min_tokens} equal to the output target (default true). */
        public Builder minTokens(boolean on) {
            this.minTokens = on;
            return this;
        }

        /** Which field carries the output limit (default {@link OutputLimit#MAX_TOKENS}). */
        public Builder outputLimit(OutputLimit field) {
            this.outputLimit = Objects.requireNonNull(field, "outputLimit");
            return this;
        }

        /**
         * @throws IllegalStateException when the input or output lengths are not set, or the shared
         *                               prefix leaves no distinct tokens in the shortest prompt
         * @throws IllegalArgumentException when the tokenizer is not a JTokkit encoding
         */
        public SyntheticWorkload build() {
            if (input == null) {
                throw new IllegalStateException("synthetic workload inputTokens must be set, but was not");
            }
            if (output == null) {
                throw new IllegalStateException("synthetic workload outputTokens must be set, but was not");
            }
            if (sharedPrefixTokens >= input.min()) {
                throw new IllegalStateException("sharedPrefixTokens must be < the minimum input length ("
                        + input.min() + ") so each prompt keeps distinct tokens, but was " + sharedPrefixTokens);
            }
            Tokenizers.encoding(tokenizer);
            return new SyntheticWorkload(this);
        }
    }
}
