package io.llmbench.model;

/**
 * A deployment that missed a constraint. Immutable and thread-safe.
 *
 * @param name     the deployment's name
 * @param violated the first constraint it missed
 * @param value    the value checked (central or pessimistic, per {@link Compliance}); NaN when the deployment has no value for it
 */
public record Rejection(String name, Constraint violated, double value) {
    @Override
    public String toString() {
        return name + ": " + violated.measure().key() + " " + (Double.isNaN(value) ? "not predicted" : Point.fmt(value)) + " misses " + violated;
    }
}
