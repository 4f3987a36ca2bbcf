package io.llmbench.model.history;

/** How the confidence interval of a change was found. */
public enum IntervalMethod {
    /**
     * Both runs' request records were resampled with replacement (a bootstrap): every resample
     * draws as many requests as the run has, in blocks of consecutive requests (send order), and
     * the statistic is computed on it. Blocks keep together requests that shared the machine's and
     * the server's state; for ITL the gaps of a drawn request stay together too, since one
     * request's gaps are not independent.
     */
    REQUEST_BOOTSTRAP,
    /**
     * At least one run had no records but an encoded histogram: that run's resamples were drawn from
     * its histogram (the exact bootstrap distribution of a percentile of {@code n} draws from the
     * histogram, via the Beta distribution of the order statistic; a normal approximation for the mean).
     */
    HISTOGRAM_BOOTSTRAP,
    /**
     * No interval is possible: a run holds only quoted summary figures (imported from another tool or
     * from a summary CSV), or the quantity is one number per run (job throughputs). The verdict rests
     * on the point estimate alone.
     */
    NONE
}
