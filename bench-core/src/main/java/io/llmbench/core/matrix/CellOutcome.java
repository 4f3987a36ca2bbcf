package io.llmbench.core.matrix;

import java.time.Duration;
import java.util.Objects;

/**
 * What happened to one matrix cell in a {@link MatrixRunner} run. Immutable.
 *
 * @param cell    the cell
 * @param status  done, skipped (already complete) or failed
 * @param elapsed how long the cell's task took; zero when skipped
 * @param error   why it failed (exception type and message); null unless failed
 */
public record CellOutcome(MatrixCell cell, Status status, Duration elapsed, String error) {
    /** A cell's fate. */
    public enum Status {
        /** The task ran and returned normally. */
        DONE,
        /** The "already done" check said the cell was complete; the task did not run. */
        SKIPPED,
        /** The task threw. */
        FAILED
    }

    public CellOutcome {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(elapsed, "elapsed");
        if (status == Status.FAILED && error == null) {
            throw new IllegalArgumentException("error of a failed cell outcome must not be null");
        }
    }

    @Override
    public String toString() {
        return status + " " + cell.key() + (status == Status.SKIPPED ? "" : " in " + elapsed.toMillis() + " ms")
                + (error == null ? "" : ": " + error);
    }
}
