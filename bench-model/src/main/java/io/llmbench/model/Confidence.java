package io.llmbench.model;

/**
 * How far a prediction reaches beyond the observations it rests on, in the normalised log space of
 * (input tokens, output tokens[, traffic level]) where each dimension's observed range maps to [0, 1].
 * Thread-safe.
 */
public enum Confidence {
    /** Interpolation: inside the observed range in every dimension and close to observations (within twice their typical spacing). */
    HIGH,
    /** Inside the observed range but far from any observation, or up to {@value #EXTRAPOLATION_LIMIT} of a range beyond it. */
    MEDIUM,
    /** Extrapolation: more than {@value #EXTRAPOLATION_LIMIT} of a dimension's observed (log) range beyond the data. */
    LOW;

    /** How far beyond the observed range (as a fraction of it, in log space) a point may lie and still be {@link #MEDIUM}. */
    public static final double EXTRAPOLATION_LIMIT = 0.10;
}
