package io.llmbench.model;

/**
 * How well one measure was predicted on held-out runs. Errors are fractions (0.05 = 5%). Immutable
 * and thread-safe.
 *
 * @param measure             the measure
 * @param count               held-out observations that carried it
 * @param medianApe           median absolute percentage error |predicted − actual| / actual, as a fraction
 * @param p90Ape              90th percentile of the absolute percentage error, as a fraction
 * @param coverage            fraction of held-out values inside their predicted interval
 * @param medianRelativeWidth median of (upper − lower) / value of the intervals
 * @param medianWidthRatio    median of upper / lower (infinite where lower &lt;= 0)
 * @param p90WidthRatio       90th percentile of upper / lower
 * @param wideShare           fraction of intervals with upper / lower &gt; 10
 * @param missShare           fraction of values predicted more than 25% off
 */
public record Accuracy(Measure measure, int count, double medianApe, double p90Ape, double coverage, double medianRelativeWidth,
                       double medianWidthRatio, double p90WidthRatio, double wideShare, double missShare) {
    /** The error beyond which a prediction counts as a miss in {@link #missShare()}: 25%. */
    public static final double MISS = 0.25;
    /** The width ratio beyond which an interval counts as wide in {@link #wideShare()}: 10×. */
    public static final double WIDE = 10;
}
