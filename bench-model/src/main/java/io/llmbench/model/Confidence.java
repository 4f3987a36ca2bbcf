package io.llmbench.model;

/**
 * How much to trust one predicted value, judged by the predictor that made it from two things: its
 * own calibrated uncertainty there (the {@linkplain Predictor#DEFAULT_LEVEL 90%} interval's half-width,
 * whatever level was asked for) and where the point lies relative to the runs it was fitted on.
 * {@link Prediction#reason()} says which of them decided. Thread-safe.
 *
 * <ul>
 *   <li>{@link #HIGH}: at least {@value #HIGH_MIN_RUNS} runs; inside the measured range of every
 *       dimension that varied, with runs on both sides of the point along each of them among the runs
 *       near it (not at the edge of its own sweep), no farther from a run than {@value #NEAR_SPACINGS}
 *       times the runs' typical spacing; and the 90% interval within ±{@value #HIGH_HALF_WIDTH} (as a
 *       fraction) of the value.</li>
 *   <li>{@link #MEDIUM}: at most {@value #EXTRAPOLATION_LIMIT} of a dimension's (log) range beyond the
 *       data, and the 90% interval within ±{@value #MEDIUM_HALF_WIDTH}; also the best a prediction
 *       converted between a concurrency and a request rate by Little's law can get.</li>
 *   <li>{@link #LOW}: everything else: farther out, a wide interval, a dimension that never varied
 *       moved away from its value, or a request rate the deployment cannot keep up with.</li>
 * </ul>
 * Measured on public data (docs/MODEL-ACCURACY.md): HIGH values miss by more than 25% in about 1%
 * of cases and MEDIUM ones in a few percent; LOW values' intervals still hold the truth about as
 * often as their level says, but are wide.
 */
public enum Confidence {
    /** Interpolation near runs, with a narrow interval. */
    HIGH,
    /** Near the data with a moderate interval. */
    MEDIUM,
    /** Extrapolation, a wide interval, or an unmeasured dimension. */
    LOW;

    /** The largest 90% half-width, as a fraction of the value, of a {@link #HIGH} value: ±10%. */
    public static final double HIGH_HALF_WIDTH = 0.10;
    /** The largest 90% half-width, as a fraction of the value, of a {@link #MEDIUM} value: ±20%. */
    public static final double MEDIUM_HALF_WIDTH = 0.20;
    /** How far beyond the measured range (as a fraction of it, in log space) a {@link #MEDIUM} point may lie. */
    public static final double EXTRAPOLATION_LIMIT = 0.25;
    /** The fewest runs a model needs for {@link #HIGH} values: fewer cannot show a 90% interval is right often enough. */
    public static final int HIGH_MIN_RUNS = 10;
    /** How far from the nearest run, in typical spacings between runs, a {@link #HIGH} point may lie. */
    public static final double NEAR_SPACINGS = 2;

    /** The lower of two confidences. */
    public Confidence min(Confidence other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
