package io.llmbench.model;

/**
 * How a predicted value must meet a {@link Constraint} for {@link Recommender}. Thread-safe.
 */
public enum Compliance {
    /**
     * The predicted value decides: a value that misses is rejected; one that meets it while its
     * interval crosses the limit is recommended but marked at risk ({@link Recommendation#atRisk()}).
     * The default.
     */
    POINT,
    /** Strict: the whole interval must meet it; at-risk deployments are rejected too (for measured values the same as POINT). */
    INTERVAL
}
