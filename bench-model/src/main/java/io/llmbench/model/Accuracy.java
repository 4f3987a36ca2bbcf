package io.llmbench.model;

/**
 * Leave-one-out accuracy of one measure. Errors are fractions (0.05 = 5%). Immutable and thread-safe.
 *
 * @param measure   the measure
 * @param count     held-out observations that carried it
 * @param medianApe median absolute percentage error, as a fraction
 * @param p90Ape    90th percentile of the absolute percentage error, as a fraction
 * @param coverage  fraction of held-out values inside their predicted interval
 * @param medianRelativeWidth median of (upper − lower) / value of the intervals
 */
public record Accuracy(Measure measure, int count, double medianApe, double p90Ape, double coverage, double medianRelativeWidth) {
}
