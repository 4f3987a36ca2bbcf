package io.llmbench.model.history;

/**
 * What a comparison concludes about one statistic. "Significant" means both statistically (the
 * confidence interval of the change excludes zero) and practically (the change exceeds the
 * {@link Threshold}); a statistic without an interval is judged by its point estimate alone.
 */
public enum Verdict {
    /** Better by more than the threshold, and significantly so. */
    BETTER,
    /** Worse by more than the threshold, and significantly so: a regression. */
    WORSE,
    /** Within the threshold, or not significantly different. */
    NO_SIGNIFICANT_CHANGE,
    /** One of the runs lacks the statistic (or the baseline is zero), so nothing can be said. */
    NOT_COMPARED
}
