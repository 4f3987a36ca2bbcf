package io.llmbench.core.workload;

import java.util.List;
import java.util.Map;

/**
 * The sequence of prompts a benchmark sends. {@link #prompt(long)} is a pure function of the
 * index, so every endpoint in a benchmark, and every repetition of a run, gets the same sequence.
 * Implementations must be thread-safe.
 */
public interface Workload {
    /** The prompt at a position of the request sequence (0-based). */
    Prompt prompt(long index);

    /** A short human-readable description, stored with runs, e.g. {@code synthetic in=512 out=128}. */
    String description();

    /** How many distinct prompts there are before the sequence repeats, or -1 for an unbounded generator. */
    default int distinctPrompts() {
        return -1;
    }

    /** Cycles through a fixed list of prompts; one pass is {@linkplain #plannedRequests() planned}. */
    static Workload of(List<Prompt> prompts) {
        List<Prompt> copy = List.copyOf(prompts);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("prompts must not be empty");
        }
        return new Workload() {
            @Override
            public Prompt prompt(long index) {
                return copy.get((int) (index % copy.size()));
            }

            @Override
            public String description() {
                return "fixed " + copy.size() + " prompt" + (copy.size() == 1 ? "" : "s");
            }

            @Override
            public int distinctPrompts() {
                return copy.size();
            }

            @Override
            public long plannedRequests() {
                return copy.size();
            }
        };
    }

    /** Cycles through the given texts as single user messages, ids {@code p0, p1, ...}. */
    static Workload ofTexts(String... texts) {
        Prompt[] prompts = new Prompt[texts.length];
        for (int i = 0; i < texts.length; i++) {
            prompts[i] = Prompt.of("p" + i, texts[i]);
        }
        return of(List.of(prompts));
    }

    /**
     * How many requests the workload is meant to send, e.g. prompts × iterations for a prompt
     * suite, or -1 when it has no natural end (synthetic workloads). A benchmark may use it when no
     * request count or duration is given.
     */
    default long plannedRequests() {
        return -1;
    }

    /**
     * The same prompts with extra top-level body fields on every request; they replace fields of
     * the same name the prompts carry.
     *
     * @throws IllegalArgumentException when a field is one of {@link Sampling#RESERVED_FIELDS}
     */
    default Workload withBodyFields(Map<String, ?> fields) {
        return WorkloadWithFields.of(this, new Sampling(new java.util.LinkedHashMap<>(fields)));
    }

    /** The same prompts with sampling settings ({@code temperature}, {@code top_p}, ...) on every request. */
    default Workload withSampling(Sampling sampling) {
        return WorkloadWithFields.of(this, sampling);
    }

    /**
     * A synthetic prompt of exactly {@code inputTokens} tokens under {@code cl100k_base} asking for
     * exactly {@code outputTokens} output tokens ({@code max_tokens} plus {@code ignore_eos} and
     * {@code min_tokens}, which vLLM-style servers honour). Each request gets a different text of
     * the same size, reproducible from the index, so prefix caches do not flatter the server.
     * Shorthand for {@code synthetic().inputTokens(inputTokens).outputTokens(outputTokens).build()}.
     */
    static Workload synthetic(int inputTokens, int outputTokens) {
        if (inputTokens < 1) {
            throw new IllegalArgumentException("inputTokens must be >= 1, but was " + inputTokens);
        }
        if (outputTokens < 1) {
            throw new IllegalArgumentException("outputTokens must be >= 1, but was " + outputTokens);
        }
        return synthetic().inputTokens(inputTokens).outputTokens(outputTokens).build();
    }

    /** Starts a synthetic workload: input and output length distributions, tokenizer, seed, shared prefix. */
    static SyntheticWorkload.Builder synthetic() {
        return SyntheticWorkload.builder();
    }
}
