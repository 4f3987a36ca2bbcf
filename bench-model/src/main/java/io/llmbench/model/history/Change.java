package io.llmbench.model.history;

import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import java.util.Locale;
import java.util.Objects;

/**
 * How one statistic changed from the baseline run to the candidate: both values, the relative
 * change with its confidence interval, and the verdict under the threshold. Immutable and thread-safe.
 *
 * @param measure        what was compared
 * @param statistic      which statistic of its per-request distribution; null for job measures (throughputs)
 * @param baseline       the baseline's value, in the measure's unit (NaN when the run lacks it)
 * @param candidate      the candidate's value
 * @param relativeChange candidate / baseline − 1 (0.1 = 10% larger), NaN when not comparable
 * @param lower          lower end of the confidence interval of the relative change, NaN when there is none
 * @param upper          upper end of it, NaN when there is none
 * @param method         how the interval was found ({@link IntervalMethod#NONE}: there is none)
 * @param threshold      the threshold the verdict applied
 * @param verdict        better, worse, no significant change, or not compared
 * @param note           something to know about this statistic (few samples, why no interval); may be null
 */
public record Change(Measure measure, Statistic statistic, double baseline, double candidate, double relativeChange,
                     double lower, double upper, IntervalMethod method, Threshold threshold, Verdict verdict, String note) {
    public Change {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** Candidate − baseline, in the measure's unit. */
    public double difference() {
        return candidate - baseline;
    }

    /** Whether there is a confidence interval. */
    public boolean hasInterval() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }

    /** Whether this is a regression (verdict {@link Verdict#WORSE}). */
    public boolean regressed() {
        return verdict == Verdict.WORSE;
    }

    /** E.g. {@code ttft p95} or {@code output_throughput}. */
    public String label() {
        return measure.key() + (statistic == null ? "" : " " + Threshold.key(statistic));
    }

    /** E.g. {@code ttft:p95}, the form thresholds and trends name it by. */
    public String key() {
        return measure.key() + (statistic == null ? "" : ":" + Threshold.key(statistic));
    }

    /** E.g. {@code +10.2% [+7.9%, +12.6%]}, or {@code +10.2% (no interval)}. */
    public String describeChange() {
        if (Double.isNaN(relativeChange)) {
            return "–";
        }
        String c = pct(relativeChange);
        return hasInterval() ? c + " [" + pct(lower) + ", " + pct(upper) + "]" : c + " (no interval)";
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%+.1f%%", f * 100);
    }
}
