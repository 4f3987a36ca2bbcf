package io.llmbench.model;

/**
 * A place in a ranking. Immutable and thread-safe.
 *
 * @param rank  1 for the best; equal values share a rank (1, 2, 2, 4)
 * @param name  the alternative's name
 * @param value what was ranked: the measure's value for {@link Rankings}, the closeness in [0, 1] for {@link Topsis}
 */
public record Ranked(int rank, String name, double value) {
}
