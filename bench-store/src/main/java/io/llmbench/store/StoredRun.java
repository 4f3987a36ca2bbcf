package io.llmbench.store;

import io.llmbench.core.EndpointResult;
import java.time.Instant;
import java.util.Objects;

/**
 * A run as the store holds it: its id, when it was saved, how many request records are kept and
 * the result. Immutable and thread-safe.
 *
 * <p>The result's {@link EndpointResult#records() records} are empty unless the run was read with
 * {@link ResultStore#findWithRecords}; {@link #recordCount()} says how many are stored, and
 * {@link ResultStore#records} streams them.
 *
 * @param id          the run's id, unique in the store (a UUID unless imported with another id)
 * @param savedAt     wall-clock time the run was first saved (kept on export and import), to the microsecond
 * @param recordCount request records stored with the run
 * @param result      the run's deployment, run info, job figures, metric distributions and warnings
 */
public record StoredRun(String id, Instant savedAt, long recordCount, EndpointResult result) {
    public StoredRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(savedAt, "savedAt");
        Objects.requireNonNull(result, "result");
        if (recordCount < 0) {
            throw new IllegalArgumentException("recordCount must be >= 0, but was " + recordCount);
        }
    }

    /** The model the run measured. */
    public String model() {
        return result.deployment().model();
    }
}
