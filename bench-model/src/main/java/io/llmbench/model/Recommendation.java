package io.llmbench.model;

import java.util.List;

/**
 * A deployment that meets every constraint, with its place, and the constraints it is at risk of
 * missing (its predicted value meets them but its interval crosses the limit). Immutable and
 * thread-safe.
 *
 * @param rank        1 for the best
 * @param alternative the deployment and its values
 * @param score       its TOPSIS closeness among the deployments that met the constraints, in [0, 1]
 * @param atRisk      the checks whose status is {@link Check.Status#AT_RISK}, in constraint order (empty when none)
 */
public record Recommendation(int rank, Alternative alternative, double score, List<Check> atRisk) {
    public Recommendation {
        atRisk = List.copyOf(atRisk);
    }

    /** The deployment's name. */
    public String name() {
        return alternative.name();
    }

    /** Whether some constraint may be missed. */
    public boolean risky() {
        return !atRisk.isEmpty();
    }
}
