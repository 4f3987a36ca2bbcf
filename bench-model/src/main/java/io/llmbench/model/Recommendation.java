package io.llmbench.model;

/**
 * A deployment that meets every constraint, with its place. Immutable and thread-safe.
 *
 * @param rank        1 for the best
 * @param alternative the deployment and its values
 * @param score       its TOPSIS closeness among the deployments that met the constraints, in [0, 1]
 */
public record Recommendation(int rank, Alternative alternative, double score) {
    /** The deployment's name. */
    public String name() {
        return alternative.name();
    }
}
