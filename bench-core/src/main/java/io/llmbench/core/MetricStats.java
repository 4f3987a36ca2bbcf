package io.llmbench.core;

import io.llmbench.core.internal.Histograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * A metric's distribution over a run: count, moments and percentiles in the metric's
 * {@linkplain Metric#unit() unit}, plus the encoded HdrHistogram so that runs and shards merge
 * exactly. Values come from an HdrHistogram with 3 significant digits, so they are exact to
 * 0.1%. Immutable and thread-safe.
 *
 * @param metric    which metric
 * @param count     number of samples
 * @param mean      arithmetic mean (NaN when count is 0)
 * @param stdev     standard deviation
 * @param min       smallest sample
 * @param max       largest sample
 * @param p05       5th percentile
 * @param p50       median
 * @param p80       80th percentile
 * @param p95       95th percentile
 * @param p99       99th percentile
 * @param p999      99.9th percentile
 * @param histogram Base64 of the compressed HdrHistogram in the unit's recording scale, or null
 *                  when the figures were imported without one (such stats cannot be merged)
 */
public record MetricStats(Metric metric, long count, double mean, double stdev, double min, double max,
                          double p05, double p50, double p80, double p95, double p99, double p999,
                          String histogram) {

    /**
     * A percentile p is flagged when fewer than this many samples lie above it (for p99 that means
     * fewer than 500 samples in all).
     */
    public static final int MIN_SAMPLES_ABOVE_PERCENTILE = 5;

    public MetricStats {
        Objects.requireNonNull(metric, "metric");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
    }

    /** Stats with no samples. */
    public static MetricStats empty(Metric metric) {
        double n = Double.NaN;
        return new MetricStats(metric, 0, n, n, n, n, n, n, n, n, n, n, null);
    }

    /** Summarises values already in the metric's reporting unit (e.g. milliseconds). */
    public static MetricStats of(Metric metric, double... values) {
        Histogram h = Histograms.newHistogram();
        for (double v : values) {
            h.recordValue(Math.max(0, Math.round(v * metric.unit().scale())));
        }
        return fromHistogram(metric, h);
    }

    /** Summarises a histogram recorded in the metric's recording scale. Not API: used by the engine. */
    static MetricStats fromHistogram(Metric metric, Histogram h) {
        long n = h.getTotalCount();
        if (n == 0) {
            return empty(metric);
        }
        double s = metric.unit().scale();
        return new MetricStats(metric, n, h.getMean() / s, h.getStdDeviation() / s,
                h.getMinValue() / s, h.getMaxValue() / s,
                h.getValueAtPercentile(5) / s, h.getValueAtPercentile(50) / s, h.getValueAtPercentile(80) / s,
                h.getValueAtPercentile(95) / s, h.getValueAtPercentile(99) / s, h.getValueAtPercentile(99.9) / s,
                Histograms.encode(h));
    }

    /** Whether the encoded histogram is present, so that {@link #merge} and {@link #percentile} work. */
    public boolean hasHistogram() {
        return histogram != null;
    }

    /**
     * Any percentile from the encoded histogram, in the metric's unit.
     *
     * @param percentile in (0, 100]
     * @throws IllegalStateException when the stats carry no histogram
     */
    public double percentile(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], but was " + percentile);
        }
        if (count == 0) {
            return Double.NaN;
        }
        return decode().getValueAtPercentile(percentile) / metric.unit().scale();
    }

    /**
     * The points of the percentile curve (HdrHistogram's percentile distribution), as pairs of
     * {percentile, value}, with {@code ticksPerHalfDistance} points per halving of the tail.
     */
    public List<double[]> percentileCurve(int ticksPerHalfDistance) {
        List<double[]> points = new ArrayList<>();
        if (count == 0) {
            return points;
        }
        double s = metric.unit().scale();
        decode().percentiles(ticksPerHalfDistance).forEach(v ->
                points.add(new double[] {v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / s}));
        return points;
    }

    /** Whether the given percentile rests on too few samples (see {@link #MIN_SAMPLES_ABOVE_PERCENTILE}). */
    public boolean tooFewSamplesFor(double percentile) {
        return tooFewSamples(count, percentile);
    }

    static boolean tooFewSamples(long count, double percentile) {
        return count * (1 - percentile / 100.0) < MIN_SAMPLES_ABOVE_PERCENTILE;
    }

    /** The highest of p50, p95, p99, p99.9 that still rests on enough samples, or NaN. */
    public double highestReliablePercentile() {
        double[] ps = {99.9, 99, 95, 50};
        for (double p : ps) {
            if (!tooFewSamplesFor(p)) {
                return p;
            }
        }
        return Double.NaN;
    }

    /**
     * Merges stats of the same metric exactly, by adding their histograms.
     *
     * @throws IllegalArgumentException when metrics differ or a part carries no histogram
     */
    public static MetricStats merge(List<MetricStats> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("parts must not be empty");
        }
        Metric metric = parts.get(0).metric();
        Histogram sum = Histograms.newHistogram();
        for (MetricStats p : parts) {
            if (p.metric() != metric) {
                throw new IllegalArgumentException("parts must all be " + metric + ", but one was " + p.metric());
            }
            if (p.count() == 0) {
                continue;
            }
            if (!p.hasHistogram()) {
                throw new IllegalArgumentException("parts must carry histograms to merge exactly, but a "
                        + metric.key() + " part with " + p.count() + " samples has none");
            }
            sum.add(p.decode());
        }
        return fromHistogram(metric, sum);
    }

    private Histogram decode() {
        if (histogram == null) {
            throw new IllegalStateException(metric.key() + " stats carry no histogram (imported figures); only the fixed percentiles are known");
        }
        return Histograms.decode(histogram);
    }
}
