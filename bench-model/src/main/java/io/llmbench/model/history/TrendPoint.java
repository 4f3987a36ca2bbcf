package io.llmbench.model.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One run in a {@link Trend}: its value of the statistic and how it changed from the run before.
 * Immutable and thread-safe.
 *
 * @param id        the run's id as the caller named it (e.g. the store's run id)
 * @param startedAt when the run started
 * @param value     the statistic, in the measure's unit (NaN when the run lacks it)
 * @param change    the change from the previous run; null for the first point
 */
public record TrendPoint(String id, Instant startedAt, double value, Change change) {
    public TrendPoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** Whether this run regressed against the one before it. */
    public boolean regressed() {
        return change != null && change.regressed();
    }
}
