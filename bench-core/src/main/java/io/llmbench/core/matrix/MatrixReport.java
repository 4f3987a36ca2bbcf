package io.llmbench.core.matrix;

import java.util.List;

/**
 * The outcome of running a list of matrix cells. Immutable.
 *
 * @param outcomes    one outcome per cell attempted or skipped, in run order
 * @param notReached  cells not attempted because the run stopped early (interrupted, or a failure
 *                    with {@link MatrixRunner#stopOnFailure(boolean) stopOnFailure})
 */
public record MatrixReport(List<CellOutcome> outcomes, List<MatrixCell> notReached) {
    public MatrixReport {
        outcomes = List.copyOf(outcomes);
        notReached = List.copyOf(notReached);
    }

    /** Cells whose task ran and returned normally. */
    public long done() {
        return count(CellOutcome.Status.DONE);
    }

    /** Cells found already complete. */
    public long skipped() {
        return count(CellOutcome.Status.SKIPPED);
    }

    /** Cells whose task threw. */
    public long failed() {
        return count(CellOutcome.Status.FAILED);
    }

    /** Whether every cell is now done or was already: nothing failed and nothing was left. */
    public boolean complete() {
        return failed() == 0 && notReached.isEmpty();
    }

    private long count(CellOutcome.Status s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }

    @Override
    public String toString() {
        return "MatrixReport[done=" + done() + ", skipped=" + skipped() + ", failed=" + failed()
                + ", notReached=" + notReached.size() + "]";
    }
}
