package io.llmbench.model;

import java.util.Objects;

/**
 * A deployment that missed a constraint (or, under strict {@link Compliance}, was at risk of missing
 * it). Immutable and thread-safe.
 *
 * @param name  the deployment's name
 * @param check the first constraint it failed, with the value, interval and confidence checked
 */
public record Rejection(String name, Check check) {
    public Rejection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
    }

    /** The constraint it failed. */
    public Constraint violated() {
        return check.constraint();
    }

    /** The value checked; NaN when the deployment has no value for it. */
    public double value() {
        return check.value();
    }

    @Override
    public String toString() {
        return name + ": " + check;
    }
}
