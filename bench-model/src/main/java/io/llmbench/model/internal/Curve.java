package io.llmbench.model.internal;

/**
 * One measure's fitted function of the raw coordinates, with its leave-one-out predictions on the
 * data it was fitted on. Immutable.
 */
interface Curve {
    /** The value (natural units) and a spread for the interval at raw coordinates. */
    ValueSpread at(double[] raw);

    /** Leave-one-out predictions at each training observation, natural units; NaN where undefined. */
    double[] loo();

    /** Spread at each training observation under leave-one-out (1 when the curve has no local spread). */
    double[] looSpread();

    /**
     * Whether residuals are log ratios (relative error; interval = value·exp(±q·spread)) rather than
     * differences (absolute error; interval = value ± q·spread).
     */
    boolean logScale();

    /** Whether its hyper-parameters were chosen on its own leave-one-out residuals. */
    default boolean tuned() {
        return false;
    }

    /** How it predicts, for {@link io.llmbench.model.FittedModel#methods()}. */
    String describe();

    /** A value and the spread of its interval (log-space or absolute, per {@link #logScale()}). */
    record ValueSpread(double value, double spread) {
    }
}
