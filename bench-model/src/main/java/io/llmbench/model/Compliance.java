package io.llmbench.model;

/** How a predicted value must meet a {@link Constraint} for {@link Recommender}. Thread-safe. */
public enum Compliance {
    /** The central value meets it. */
    POINT,
    /** The pessimistic end of the value's interval meets it (for measured values the same as POINT). */
    INTERVAL
}
