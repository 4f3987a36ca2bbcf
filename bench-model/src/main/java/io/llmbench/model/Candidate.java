package io.llmbench.model;

import java.util.Objects;

/**
 * A deployment to estimate a job on: either a fitted model (the job's point is predicted) or one
 * measured benchmark (used as it is), optionally with its pricing. Immutable and thread-safe.
 *
 * @param name     a label for tables
 * @param model    the fitted model; null when {@code measured} is given
 * @param measured the benchmark run to rest on; null when {@code model} is given
 * @param pricing  the price, or null when unknown
 */
public record Candidate(String name, FittedModel model, Observation measured, Pricing pricing) {
    public Candidate {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("candidate name must not be blank, but was '" + name + "'");
        }
        if ((model == null) == (measured == null)) {
            throw new IllegalArgumentException("candidate '" + name + "' must have exactly one of a model and a measured run, but had "
                    + (model == null ? "neither" : "both"));
        }
    }

    /** A candidate predicted by a model. */
    public static Candidate of(String name, FittedModel model) {
        return new Candidate(name, Objects.requireNonNull(model, "model"), null, null);
    }

    /** A candidate resting on one measured run. */
    public static Candidate measured(String name, Observation run) {
        return new Candidate(name, null, Objects.requireNonNull(run, "run"), null);
    }

    /** This candidate with a price. */
    public Candidate withPricing(Pricing newPricing) {
        return new Candidate(name, model, measured, Objects.requireNonNull(newPricing, "pricing"));
    }
}
