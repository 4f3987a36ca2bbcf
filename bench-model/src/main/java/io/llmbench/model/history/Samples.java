package io.llmbench.model.history;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.internal.Histograms;
import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * One run's side of a comparison: the point estimate of each statistic asked for and, where the
 * run allows, {@code resamples} bootstrap replicates of it. Request records are resampled in blocks
 * of consecutive requests (a moving-block bootstrap), so that requests sent close together, which
 * share the state of the machine and the server, stay together. Percentiles are nearest-rank (the
 * value at rank ⌈p·n/100⌉), as HdrHistogram computes them. Not thread-safe; made and used by one
 * comparison.
 */
final class Samples {
    /**
     * Runs whose pooled inter-token gaps exceed this many use the histogram method for ITL instead
     * of the cluster bootstrap, which costs this many values per resample.
     */
    static final int MAX_CLUSTER_GAPS = 250_000;

    private record Key(Measure measure, Statistic statistic) {
    }

    private final Map<Key, Double> points = new java.util.HashMap<>();
    private final Map<Key, double[]> replicates = new java.util.HashMap<>();
    private final Map<Key, IntervalMethod> methods = new java.util.HashMap<>();
    private final Map<Key, String> notes = new java.util.HashMap<>();
    final EndpointResult run;

    private Samples(EndpointResult run) {
        this.run = run;
    }

    double point(Measure m, Statistic s) {
        return points.getOrDefault(new Key(m, s), Double.NaN);
    }

    /** The replicates, or null when this run allows no interval for the statistic. */
    double[] replicates(Measure m, Statistic s) {
        return replicates.get(new Key(m, s));
    }

    IntervalMethod method(Measure m, Statistic s) {
        return methods.getOrDefault(new Key(m, s), IntervalMethod.NONE);
    }

    String note(Measure m, Statistic s) {
        return notes.get(new Key(m, s));
    }

    /** Computes every statistic in {@code wanted} for a run. */
    static Samples of(EndpointResult run, Map<Measure, Set<Statistic>> wanted, int resamples, long seed, int blockLength) {
        Samples out = new Samples(run);
        List<RequestRecord> ok = new ArrayList<>();
        for (RequestRecord r : run.records()) {
            if (r.ok()) {
                ok.add(r);
            }
        }
        Map<Measure, Set<Statistic>> fromRecords = new EnumMap<>(Measure.class);
        for (Map.Entry<Measure, Set<Statistic>> e : wanted.entrySet()) {
            Measure m = e.getKey();
            if (m.metric().isEmpty()) {
                double v = m == Measure.OUTPUT_THROUGHPUT ? run.job().outputTokenThroughput()
                        : m == Measure.REQUEST_THROUGHPUT ? run.job().requestThroughput() : Double.NaN;
                Key k = new Key(m, null);
                out.points.put(k, v);
                out.notes.put(k, "one number per run: no interval");
                continue;
            }
            Metric metric = m.metric().get();
            boolean records = !ok.isEmpty() && (metric != Metric.ITL || pooledGaps(ok) <= MAX_CLUSTER_GAPS)
                    && ok.stream().anyMatch(r -> hasValue(r, metric));
            if (records) {
                fromRecords.put(m, e.getValue());
            } else {
                for (Statistic s : e.getValue()) {
                    out.fromStats(run.metric(metric), m, s, resamples, mix(seed, m, s));
                }
            }
        }
        if (!fromRecords.isEmpty()) {
            out.bootstrap(ok, fromRecords, resamples, seed, blockLength);
        }
        return out;
    }

    /** The automatic block length: ⌈√n⌉ requests. */
    static int blockFor(int n) {
        return (int) Math.max(1, Math.ceil(Math.sqrt(n)));
    }

    private static boolean hasValue(RequestRecord r, Metric metric) {
        return metric == Metric.ITL ? r.itlMicros().length > 0 : Double.isFinite(r.value(metric));
    }

    private static long pooledGaps(List<RequestRecord> ok) {
        long n = 0;
        for (RequestRecord r : ok) {
            n += r.itlMicros().length;
        }
        return n;
    }

    private static long mix(long seed, Measure m, Statistic s) {
        long x = seed * 0x9E3779B97F4A7C15L + (m.ordinal() + 1) * 1_000_003L + (s == null ? 0 : s.ordinal() + 1);
        x ^= x >>> 31;
        return x * 0xBF58476D1CE4E5B9L;
    }

    // ---- summary figures and histograms ----

    private void fromStats(MetricStats stats, Measure m, Statistic s, int resamples, long seed) {
        Key k = new Key(m, s);
        if (stats.hasHistogram() && stats.count() > 0) {
            fromHistogram(stats, k, resamples, seed);
            return;
        }
        double v = switch (s) {
            case MEAN -> stats.mean();
            case P05 -> stats.p05();
            case P50 -> stats.p50();
            case P95 -> stats.p95();
            case P99 -> stats.p99();
        };
        points.put(k, v);
        if (!Double.isNaN(v)) {
            notes.put(k, "quoted summary figure only (no records, no histogram): no interval");
        }
    }

    private void fromHistogram(MetricStats stats, Key k, int resamples, long seed) {
        Histogram h = Histograms.decode(stats.histogram());
        double scale = k.measure().metric().get().unit().scale();
        List<double[]> steps = new ArrayList<>();
        long cum = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            cum += v.getCountAtValueIteratedTo();
            steps.add(new double[] {h.highestEquivalentValue(v.getValueIteratedTo()) / scale, cum});
        }
        long n = cum;
        double[] values = new double[steps.size()];
        long[] cumulative = new long[steps.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = steps.get(i)[0];
            cumulative[i] = (long) steps.get(i)[1];
        }
        double[] reps = new double[resamples];
        Statistic s = k.statistic();
        if (s == Statistic.MEAN) {
            double mean = h.getMean() / scale;
            double se = h.getStdDeviation() / scale / Math.sqrt(n);
            SplittableRandom rng = new SplittableRandom(seed);
            for (int b = 0; b < resamples; b++) {
                reps[b] = mean + se * gaussian(rng);
            }
            points.put(k, mean);
        } else {
            long rank = rank(percent(s), n);
            points.put(k, atRank(values, cumulative, rank));
            BetaDistribution beta = new BetaDistribution(new Well19937c(seed), rank, n - rank + 1.0);
            for (int b = 0; b < resamples; b++) {
                long r = (long) Math.ceil(beta.sample() * n);
                reps[b] = atRank(values, cumulative, Math.max(1, Math.min(n, r)));
            }
            fewSamples(k, n);
        }
        replicates.put(k, reps);
        methods.put(k, IntervalMethod.HISTOGRAM_BOOTSTRAP);
    }

    private static double atRank(double[] values, long[] cumulative, long rank) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= rank) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return values[lo];
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller; one of the pair is enough here
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    // ---- request records ----

    private void bootstrap(List<RequestRecord> ok, Map<Measure, Set<Statistic>> wanted, int resamples, long seed, int blockLength) {
        int n = ok.size();
        int block = blockLength > 0 ? Math.min(blockLength, n) : blockFor(n);
        List<Measure> measures = new ArrayList<>(wanted.keySet());
        double[][] values = new double[measures.size()][];
        int[][][] gaps = new int[measures.size()][][];
        for (int j = 0; j < measures.size(); j++) {
            Metric metric = measures.get(j).metric().get();
            if (metric == Metric.ITL) {
                gaps[j] = new int[n][];
                for (int i = 0; i < n; i++) {
                    gaps[j][i] = ok.get(i).itlMicros();
                }
            } else {
                values[j] = new double[n];
                for (int i = 0; i < n; i++) {
                    values[j][i] = ok.get(i).value(metric);
                }
            }
        }
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        double[] buffer = new double[Math.max(16, n)];
        Map<Key, double[]> reps = new java.util.HashMap<>();
        for (int j = 0; j < measures.size(); j++) {
            Measure m = measures.get(j);
            for (Statistic s : wanted.get(m)) {
                Key k = new Key(m, s);
                reps.put(k, new double[resamples]);
                methods.put(k, IntervalMethod.REQUEST_BOOTSTRAP);
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] idx = new int[n];
        for (int b = -1; b < resamples; b++) {
            int[] pick;
            if (b < 0) {
                pick = identity;
            } else {
                // blocks of consecutive requests (send order, wrapping around), started at random
                for (int i = 0; i < n; ) {
                    int start = rng.nextInt(n);
                    for (int k = 0; k < block && i < n; k++) {
                        idx[i++] = (start + k) % n;
                    }
                }
                pick = idx;
            }
            for (int j = 0; j < measures.size(); j++) {
                Measure m = measures.get(j);
                int len = 0;
                if (gaps[j] != null) {
                    for (int i : pick) {
                        int[] g = gaps[j][i];
                        if (len + g.length > buffer.length) {
                            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, len + g.length));
                        }
                        for (int x : g) {
                            buffer[len++] = x / 1e3;
                        }
                    }
                } else {
                    for (int i : pick) {
                        double v = values[j][i];
                        if (Double.isFinite(v)) {
                            buffer[len++] = v;
                        }
                    }
                }
                for (Statistic s : wanted.get(m)) {
                    double v = statistic(buffer, len, s);
                    Key k = new Key(m, s);
                    if (b < 0) {
                        points.put(k, v);
                        if (s != Statistic.MEAN) {
                            fewSamples(k, len);
                        }
                    } else {
                        reps.get(k)[b] = v;
                    }
                }
            }
        }
        replicates.putAll(reps);
    }

    private void fewSamples(Key k, long n) {
        double p = percent(k.statistic());
        double above = n * (1 - p / 100);
        if (above < MetricStats.MIN_SAMPLES_ABOVE_PERCENTILE) {
            notes.put(k, String.format(Locale.ROOT, "%s of %d samples rests on %.0f above it: a wide interval",
                    Threshold.key(k.statistic()), n, Math.floor(above)));
        }
    }

    private static double percent(Statistic s) {
        return switch (s) {
            case P05 -> 5;
            case P50 -> 50;
            case P95 -> 95;
            case P99 -> 99;
            case MEAN -> throw new IllegalArgumentException("mean is not a percentile");
        };
    }

    /** Nearest rank: the value at rank ⌈p·n/100⌉, at least 1. */
    static long rank(double p, long n) {
        return Math.max(1, (long) Math.ceil(p / 100 * n - 1e-9));
    }

    private static double statistic(double[] a, int len, Statistic s) {
        if (len == 0) {
            return Double.NaN;
        }
        if (s == Statistic.MEAN) {
            double sum = 0;
            for (int i = 0; i < len; i++) {
                sum += a[i];
            }
            return sum / len;
        }
        return select(a, len, (int) rank(percent(s), len) - 1);
    }

    /** The k-th smallest of a[0..len) (0-based), reordering a in place (quickselect). */
    static double select(double[] a, int len, int k) {
        int lo = 0;
        int hi = len - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[lo];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
