package io.llmbench.model.history;

import io.llmbench.core.EndpointResult;
import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One statistic over a series of runs, oldest first, each compared with the run before it as
 * {@link RunDiff} compares (same bootstrap, same thresholds), so that the runs where it regressed
 * stand out.
 *
 * <pre>{@code
 * Trend t = Trend.of(ids, runsOldestFirst, Measure.TTFT, Statistic.P95, DiffOptions.ofDefaults());
 * t.regressions().forEach(p -> System.out.println(p.id() + " " + p.change().describeChange()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param measure   the measure
 * @param statistic its statistic; null for a job measure
 * @param points    one per run, oldest first
 */
public record Trend(Measure measure, Statistic statistic, List<TrendPoint> points) {
    public Trend {
        Objects.requireNonNull(measure, "measure");
        points = List.copyOf(points);
    }

    /**
     * The trend of a statistic over runs.
     *
     * @param ids  a name for each run (e.g. its store id), in the same order
     * @param runs the runs, oldest first
     * @throws IllegalArgumentException when the lists differ in size or the statistic does not suit the measure
     */
    public static Trend of(List<String> ids, List<EndpointResult> runs, Measure measure, Statistic statistic, DiffOptions options) {
        if (ids.size() != runs.size()) {
            throw new IllegalArgumentException("ids must name every run: " + ids.size() + " ids for " + runs.size() + " runs");
        }
        if (Threshold.isJob(measure) != (statistic == null)) {
            throw new IllegalArgumentException(Threshold.isJob(measure)
                    ? measure.key() + " is one number per run and takes no statistic, but was given " + statistic
                    : measure.key() + " needs a statistic (p50, p95, p99 or mean), but was given none");
        }
        Map<Measure, Set<Statistic>> one = Map.of(measure, statistic == null ? EnumSet.noneOf(Statistic.class) : EnumSet.of(statistic));
        List<TrendPoint> points = new ArrayList<>();
        Samples previous = null;
        for (int i = 0; i < runs.size(); i++) {
            Samples s = Samples.of(runs.get(i), one, options.resamples(), options.seed() + i * 0x5DEECE66DL, options.blockLength());
            Change change = previous == null ? null : RunDiff.change(measure, statistic, previous, s, options);
            points.add(new TrendPoint(ids.get(i), runs.get(i).run().startedAt(), s.point(measure, statistic), change));
            previous = s;
        }
        return new Trend(measure, statistic, points);
    }

    /**
     * The trend of a statistic named as {@code MEASURE[:STATISTIC]}, e.g. {@code ttft:p95}, {@code e2e:mean}
     * or {@code output_throughput}; a per-request measure without a statistic means its p95.
     *
     * @throws IllegalArgumentException naming the part of {@code key} that is wrong
     */
    public static Trend of(List<String> ids, List<EndpointResult> runs, String key, DiffOptions options) {
        String k = key.trim().toLowerCase(java.util.Locale.ROOT);
        int colon = k.indexOf(':');
        Measure m;
        try {
            m = Measure.ofKey(colon < 0 ? k : k.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trend measure must be one of ttft, tpot, itl, e2e, user_tps, output_throughput, "
                    + "request_throughput, but was '" + (colon < 0 ? k : k.substring(0, colon)) + "' in '" + key + "'");
        }
        Statistic s = colon >= 0 ? Threshold.statistic(k.substring(colon + 1), key) : Threshold.isJob(m) ? null : Statistic.P95;
        return of(ids, runs, m, s, options);
    }

    /** The points that regressed against the run before them. */
    public List<TrendPoint> regressions() {
        return points.stream().filter(TrendPoint::regressed).toList();
    }

    /** E.g. {@code ttft:p95}. */
    public String key() {
        return measure.key() + (statistic == null ? "" : ":" + Threshold.key(statistic));
    }
}
