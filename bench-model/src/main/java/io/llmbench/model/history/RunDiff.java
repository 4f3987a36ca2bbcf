package io.llmbench.model.history;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A comparison of a candidate run against a baseline: for every statistic compared, the change
 * with a confidence interval and a verdict, so a build can fail on a regression.
 *
 * <pre>{@code
 * RunDiff diff = RunDiff.compare(baseline, candidate, DiffOptions.custom().maxRegression(Threshold.parse("ttft:p95=5%")).build());
 * for (Change c : diff.regressions()) {
 *     System.out.println(c.label() + " " + c.describeChange());   // ttft p95 +10.2% [+7.9%, +12.6%]
 * }
 * if (diff.hasRegression()) { ... }
 * }</pre>
 *
 * <h2>How</h2>
 * The relative change of a statistic is candidate / baseline − 1. Its interval is a percentile
 * bootstrap: each run is resampled {@link DiffOptions#resamples()} times independently (seeded,
 * so the same runs give the same answer), the statistic is computed on each resample, and the
 * ratio's {@code (1 − confidence)/2} and {@code (1 + confidence)/2} quantiles bound the interval.
 * Runs with request records are resampled by request ({@link IntervalMethod#REQUEST_BOOTSTRAP}), in
 * blocks of {@link DiffOptions#blockLength()} consecutive requests (√n by default);
 * runs with only histograms (stored without records, or read from a summary CSV with
 * distributions) from their histograms ({@link IntervalMethod#HISTOGRAM_BOOTSTRAP}); runs with
 * only quoted figures (summaries imported from other tools) allow no interval
 * ({@link IntervalMethod#NONE}), nor do job throughputs, which are one number per run.
 *
 * <p>A statistic is {@link Verdict#WORSE} when it moved in its bad direction (up for latencies,
 * down for rates) by more than its {@link Threshold} and the interval lies wholly on the bad side
 * of zero; {@link Verdict#BETTER} likewise the other way; without an interval the point estimate
 * alone decides. The bootstrap captures the spread within each run, not drifts between runs (a
 * busier machine, another server build): the threshold is there for those.
 *
 * <p>Immutable and thread-safe; it holds the two runs it compared.
 *
 * @param baseline  the reference run
 * @param candidate the run under test
 * @param changes   one per statistic compared, in {@link Measure} then {@link Statistic} order
 * @param notes     what differs between the runs besides the measured figures (model, load, workload), and what limits the comparison
 * @param options   the options it was computed with
 */
public record RunDiff(EndpointResult baseline, EndpointResult candidate, List<Change> changes, List<String> notes, DiffOptions options) {
    public RunDiff {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
        Objects.requireNonNull(options, "options");
    }

    /** Compares with the {@linkplain DiffOptions#ofDefaults() default options}. */
    public static RunDiff compare(EndpointResult baseline, EndpointResult candidate) {
        return compare(baseline, candidate, DiffOptions.ofDefaults());
    }

    /** Compares a candidate run with a baseline. */
    public static RunDiff compare(EndpointResult baseline, EndpointResult candidate, DiffOptions options) {
        Samples b = Samples.of(baseline, options.compared(), options.resamples(), options.seed(), options.blockLength());
        Samples c = Samples.of(candidate, options.compared(), options.resamples(), options.seed() + 0x5DEECE66DL, options.blockLength());
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<Measure, Set<Statistic>> e : options.compared().entrySet()) {
            if (e.getValue().isEmpty()) {
                changes.add(change(e.getKey(), null, b, c, options));
            } else {
                for (Statistic s : e.getValue()) {
                    changes.add(change(e.getKey(), s, b, c, options));
                }
            }
        }
        return new RunDiff(baseline, candidate, changes, notes(baseline, candidate), options);
    }

    /** The changes judged {@link Verdict#WORSE}. */
    public List<Change> regressions() {
        return changes.stream().filter(Change::regressed).toList();
    }

    /** Whether any statistic regressed. */
    public boolean hasRegression() {
        return changes.stream().anyMatch(Change::regressed);
    }

    /** The change of one statistic (statistic null for a job measure), if it was compared. */
    public Optional<Change> change(Measure measure, Statistic statistic) {
        return changes.stream().filter(c -> c.measure() == measure && c.statistic() == statistic).findFirst();
    }

    /** Compares one statistic of two runs' samples. */
    static Change change(Measure m, Statistic s, Samples base, Samples cand, DiffOptions options) {
        Threshold t = options.thresholdFor(m, s);
        double bv = base.point(m, s);
        double cv = cand.point(m, s);
        if (Double.isNaN(bv) || Double.isNaN(cv) || bv == 0) {
            String why = Double.isNaN(bv) && Double.isNaN(cv) ? "neither run has it"
                    : Double.isNaN(bv) ? "the baseline does not have it" : Double.isNaN(cv) ? "the candidate does not have it"
                    : "the baseline is 0";
            return new Change(m, s, bv, cv, Double.NaN, Double.NaN, Double.NaN, IntervalMethod.NONE, t, Verdict.NOT_COMPARED, why);
        }
        double rel = cv / bv - 1;
        double[] rb = base.replicates(m, s);
        double[] rc = cand.replicates(m, s);
        double lower = Double.NaN;
        double upper = Double.NaN;
        IntervalMethod method = IntervalMethod.NONE;
        String note;
        if (rb != null && rc != null) {
            double[] r = new double[rb.length];
            int n = 0;
            for (int i = 0; i < rb.length; i++) {
                double x = rc[i] / rb[i] - 1;
                if (Double.isFinite(x)) {
                    r[n++] = x;
                }
            }
            if (n > 0) {
                Arrays.sort(r, 0, n);
                double alpha = (1 - options.confidence()) / 2;
                lower = r[(int) Math.floor(alpha * (n - 1))];
                upper = r[(int) Math.ceil((1 - alpha) * (n - 1))];
                method = base.method(m, s) == IntervalMethod.REQUEST_BOOTSTRAP && cand.method(m, s) == IntervalMethod.REQUEST_BOOTSTRAP
                        ? IntervalMethod.REQUEST_BOOTSTRAP : IntervalMethod.HISTOGRAM_BOOTSTRAP;
            }
            note = join(base.note(m, s), cand.note(m, s));
        } else {
            note = s == null ? "one number per run: no interval"
                    : rb == null ? "baseline: " + Objects.requireNonNullElse(base.note(m, s), "no interval")
                    : "candidate: " + Objects.requireNonNullElse(cand.note(m, s), "no interval");
        }
        double sign = m.lowerIsBetter() ? 1 : -1;
        double worse = sign * (t.relative() ? rel : cv - bv);
        boolean exceeds = worse > t.amount();
        boolean improves = worse < -t.amount();
        Verdict v;
        if (method == IntervalMethod.NONE) {
            v = exceeds ? Verdict.WORSE : improves ? Verdict.BETTER : Verdict.NO_SIGNIFICANT_CHANGE;
        } else {
            double worseLow = sign > 0 ? lower : -upper;
            double worseHigh = sign > 0 ? upper : -lower;
            v = exceeds && worseLow > 0 ? Verdict.WORSE : improves && worseHigh < 0 ? Verdict.BETTER : Verdict.NO_SIGNIFICANT_CHANGE;
        }
        return new Change(m, s, bv, cv, rel, lower, upper, method, t, v, note);
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b == null ? null : "candidate: " + b;
        }
        if (b == null) {
            return "baseline: " + a;
        }
        return a.equals(b) ? "both runs: " + a : "baseline: " + a + "; candidate: " + b;
    }

    private static List<String> notes(EndpointResult b, EndpointResult c) {
        List<String> out = new ArrayList<>();
        differ(out, "model", b.deployment().model(), c.deployment().model());
        differ(out, "endpoint", b.name(), c.name());
        differ(out, "traffic", b.run().traffic().toString(), c.run().traffic().toString());
        differ(out, "workload", b.run().workload(), c.run().workload());
        for (EndpointResult r : List.of(b, c)) {
            String which = r == b ? "baseline" : "candidate";
            if (r.records().isEmpty() && !r.metric(Metric.TTFT).hasHistogram() && !r.metric(Metric.E2E).hasHistogram()) {
                out.add("the " + which + " holds only quoted summary figures (no request records, no histograms): "
                        + "no interval is possible, verdicts rest on point estimates");
            } else if (r.records().isEmpty()) {
                out.add("the " + which + " has no request records: intervals come from its histograms");
            }
        }
        return out;
    }

    private static void differ(List<String> out, String what, String a, String b) {
        if (!Objects.equals(a, b)) {
            out.add(String.format(Locale.ROOT, "%s differs: baseline '%s', candidate '%s'", what, a, b));
        }
    }
}
