package io.llmbench.core;

import io.llmbench.core.internal.SyntheticText;
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

    /** Cycles through a fixed list of prompts. */
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
     * A synthetic prompt of about {@code inputTokens} tokens (cl100k) asking for exactly
     * {@code outputTokens} output tokens ({@code max_tokens} plus {@code ignore_eos} and
     * {@code min_tokens}, which vLLM-style servers honour). Each request gets a different text of
     * the same size, reproducible from the index, so prefix caches do not flatter the server.
     */
    static Workload synthetic(int inputTokens, int outputTokens) {
        if (inputTokens < 1) {
            throw new IllegalArgumentException("inputTokens must be >= 1, but was " + inputTokens);
        }
        if (outputTokens < 1) {
            throw new IllegalArgumentException("outputTokens must be >= 1, but was " + outputTokens);
        }
        return new Workload() {
            @Override
            public Prompt prompt(long index) {
                String text = SyntheticText.ofTokens(inputTokens, index);
                return new Prompt(new PromptInfo("synthetic-" + index, "synthetic", null, null),
                        List.of(Prompt.Message.user(text)), outputTokens, inputTokens,
                        Map.of("ignore_eos", true, "min_tokens", outputTokens));
            }

            @Override
            public String description() {
                return "synthetic in=" + inputTokens + " out=" + outputTokens;
            }
        };
    }
}
