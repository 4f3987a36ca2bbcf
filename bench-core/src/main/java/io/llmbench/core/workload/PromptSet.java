package io.llmbench.core.workload;

import java.util.List;
import java.util.Objects;

/**
 * Prompts read from a file, with the lines that were skipped and why. Immutable and thread-safe.
 *
 * @param source   the file name
 * @param prompts  the prompts in file order
 * @param skipped  lines that were not used: invalid lines when skipping was asked for, and
 *                 ShareGPT conversations with no human turn followed by an answer
 */
public record PromptSet(String source, List<Prompt> prompts, List<PromptFileProblem> skipped) {
    public PromptSet {
        Objects.requireNonNull(source, "source");
        prompts = List.copyOf(prompts);
        skipped = List.copyOf(skipped);
    }

    /** The prompts as a suite, to filter and iterate. */
    public PromptSuite suite() {
        return PromptSuite.of(source, prompts);
    }

    /** One pass over the prompts in file order. */
    public Workload workload() {
        return suite().workload(1);
    }
}
