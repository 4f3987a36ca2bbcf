package io.llmbench.core.workload;

/**
 * What a request's prompt was, for grouping results: an id and optional tags.
 *
 * @param id         the prompt's id within its workload, never null
 * @param category   e.g. {@code coding}; may be null
 * @param length     length class, e.g. {@code short}; may be null
 * @param complexity e.g. {@code complex}; may be null
 */
public record PromptInfo(String id, String category, String length, String complexity) {
    public PromptInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("prompt id must not be blank, but was '" + id + "'");
        }
    }

    /** A prompt with an id and no tags. */
    public static PromptInfo of(String id) {
        return new PromptInfo(id, null, null, null);
    }
}
