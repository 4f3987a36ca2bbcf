package io.llmbench.model.internal;

/**
 * One measure's fitted function of the raw coordinates, with its leave-one-out predictions on the
 * rows it was fitted on. Immutable.
 */
interface Curve {
    /** The value (natural units) and the local spread of its error at raw coordinates. */
    ValueSpread at(double[] raw);

    /** Leave-one-out predictions at each row it was fitted on, natural units; NaN where undefined. */
    double[] loo();

    /** Local spread at each row under leave-one-out (1 when the curve has no local spread). */
    double[] looSpread();

    /**
     * Whether residuals are log ratios (relative error; interval = value·exp(±half)) rather than
     * differences (absolute error; interval = value ± half).
     */
    boolean logScale();

    /** Whether its settings were chosen on its own leave-one-out residuals. */
    default boolean tuned() {
        return false;
    }

    /**
     * The same kind of curve with the same settings fitted on some rows of the dataset only (indices
     * into it), to see how it extrapolates; null when the rows are too few.
     */
    Curve refit(int[] rows);

    /** How it predicts, in words for users (no internal settings). */
    String describe();

    /** A value and the local spread of its error (log-space or absolute, per {@link #logScale()}). */
    record ValueSpread(double value, double spread) {
    }
}
