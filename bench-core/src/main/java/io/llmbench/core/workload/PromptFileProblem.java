package io.llmbench.core.workload;

import java.util.Objects;

/**
 * A line of a prompt file that could not be used, and why. Immutable.
 *
 * @param source  the file name (or the name given for a stream)
 * @param line    the 1-based line the record starts on
 * @param field   the offending field, e.g. {@code max_tokens} or {@code messages[1].role}; null
 *                when the whole line is at fault (not JSON, not an object)
 * @param message what is wrong: the field, the rule and the value
 */
public record PromptFileProblem(String source, long line, String field, String message) {
    public PromptFileProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** E.g. {@code prompts.jsonl line 7: field 'max_tokens' must be an integer >= 1, but was "abc"}. */
    @Override
    public String toString() {
        return source + " line " + line + ": " + message;
    }
}
