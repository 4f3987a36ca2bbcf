package io.llmbench.store;

import java.util.Objects;

/**
 * One model in the store: how many runs measured it and its latest run (the one that started
 * last). Immutable and thread-safe.
 *
 * @param model    the model id, as in {@link io.llmbench.core.Deployment#model()}
 * @param runCount runs of the model, at least 1
 * @param latest   the latest run, without request records
 */
public record ModelSummary(String model, long runCount, StoredRun latest) {
    public ModelSummary {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latest, "latest");
        if (runCount < 1) {
            throw new IllegalArgumentException("runCount must be >= 1, but was " + runCount);
        }
    }
}
