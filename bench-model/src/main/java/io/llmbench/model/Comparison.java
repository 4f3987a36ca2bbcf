package io.llmbench.model;

/**
 * One row of {@link Estimates#compare}: a candidate's estimate against the slowest one. Immutable and thread-safe.
 *
 * @param rank                  1 for the fastest
 * @param estimate              the candidate's estimate
 * @param speedUpVsSlowest      the slowest candidate's time divided by this one's (1 for the slowest)
 * @param secondsSavedVsSlowest the slowest candidate's time minus this one's
 */
public record Comparison(int rank, TimeEstimate estimate, double speedUpVsSlowest, double secondsSavedVsSlowest) {
}
