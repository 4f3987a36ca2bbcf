package io.llmbench.model;

/**
 * What a {@link BatchJob} costs on a deployment, in the currency of its {@link Pricing}. Immutable and thread-safe.
 *
 * @param perJob                 the whole job
 * @param perMillionOutputTokens per million generated tokens
 * @param perMillionTokens       per million input plus output tokens
 */
public record Cost(double perJob, double perMillionOutputTokens, double perMillionTokens) {
}
