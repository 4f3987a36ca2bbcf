package io.llmbench.model.history;

import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link RunDiff} compares runs: which statistics, the thresholds that make a change a
 * regression, and the bootstrap's resamples, seed and confidence level. Immutable and thread-safe;
 * build with {@link #custom()} or take {@link #ofDefaults()}.
 *
 * <pre>{@code
 * DiffOptions opts = DiffOptions.custom()
 *         .maxRegression(Threshold.parse("ttft:p95=5%"))
 *         .maxRegression(Threshold.parse("e2e=10%"))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: p50 and p95 of TTFT, TPOT, ITL and E2E, p50 of user TPS, and the job's output and
 * request throughput ({@link #DEFAULT_COMPARED}). p99 is left out because at the sizes of most
 * CI runs it rests on too few samples (fewer than {@link io.llmbench.core.MetricStats#MIN_SAMPLES_ABOVE_PERCENTILE}
 * above it below 500 requests): name it in a threshold ({@code ttft:p99=10%}) to compare it; {@value #DEFAULT_RESAMPLES} resamples with
 * seed {@value #DEFAULT_SEED} at {@value #DEFAULT_CONFIDENCE} confidence; a regression is worse by
 * more than {@link #DEFAULT_MAX_REGRESSION} (5%) for per-request statistics and
 * {@link #DEFAULT_MAX_THROUGHPUT_REGRESSION} (10%) for throughputs, which have no interval. A given
 * threshold overrides the defaults for what it names (the most specific wins; among equals the last).
 *
 * @param compared    the statistics compared, by measure (job measures map to an empty set)
 * @param thresholds  the defaults, then the given thresholds, in order
 * @param resamples   bootstrap resamples, {@code >= 100}
 * @param seed        the bootstrap's seed: the same runs and options give the same intervals
 * @param confidence  the confidence level of the intervals, in (0.5, 1)
 * @param blockLength requests per block when records are resampled: {@link #AUTOMATIC_BLOCK} for
 *                    ⌈√n⌉ (the default), 1 for the plain bootstrap of independent requests
 */
public record DiffOptions(Map<Measure, Set<Statistic>> compared, List<Threshold> thresholds, int resamples, long seed, double confidence,
                          int blockLength) {
    /** Bootstrap resamples per comparison. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** The bootstrap's seed. */
    public static final long DEFAULT_SEED = 1;
    /** Confidence level of the intervals. */
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /**
     * {@link #blockLength()} meaning ⌈√n⌉ consecutive requests: on the simulated endpoint it cut
     * false alarms between runs one after the other from 55% to 35% of pairs without missing more
     * 10% TTFT regressions (docs/PERFORMANCE.md).
     */
    public static final int AUTOMATIC_BLOCK = 0;
    /** The regression of a per-request statistic accepted by default: 5%. */
    public static final double DEFAULT_MAX_REGRESSION = 0.05;
    /** The regression of a job throughput accepted by default: 10% (one number per run, no interval). */
    public static final double DEFAULT_MAX_THROUGHPUT_REGRESSION = 0.10;
    /** What is compared by default. */
    public static final Map<Measure, Set<Statistic>> DEFAULT_COMPARED = defaultCompared();

    private static final List<Threshold> DEFAULT_THRESHOLDS = List.of(
            Threshold.relative(null, null, DEFAULT_MAX_REGRESSION),
            Threshold.relative(Measure.OUTPUT_THROUGHPUT, null, DEFAULT_MAX_THROUGHPUT_REGRESSION),
            Threshold.relative(Measure.REQUEST_THROUGHPUT, null, DEFAULT_MAX_THROUGHPUT_REGRESSION));

    private static final DiffOptions DEFAULTS = new DiffOptions(DEFAULT_COMPARED, DEFAULT_THRESHOLDS, DEFAULT_RESAMPLES,
            DEFAULT_SEED, DEFAULT_CONFIDENCE, AUTOMATIC_BLOCK);

    public DiffOptions {
        Map<Measure, Set<Statistic>> c = new EnumMap<>(Measure.class);
        compared.forEach((m, s) -> c.put(m, Collections.unmodifiableSet(s.isEmpty() ? EnumSet.noneOf(Statistic.class) : EnumSet.copyOf(s))));
        compared = Collections.unmodifiableMap(c);
        thresholds = List.copyOf(thresholds);
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be >= 100, but was " + resamples);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0.5, 1), but was " + confidence);
        }
        if (blockLength < 0) {
            throw new IllegalArgumentException("blockLength must be >= 0 (0 for automatic), but was " + blockLength);
        }
        compared.forEach((m, s) -> {
            if (m == Measure.COST_PER_MILLION_OUTPUT_TOKENS) {
                throw new IllegalArgumentException("compared measures must not include a cost, but had " + m.key());
            }
            if (Threshold.isJob(m) != s.isEmpty()) {
                throw new IllegalArgumentException("compared " + m.key() + " must have " + (Threshold.isJob(m) ? "no statistics" : "statistics")
                        + ", but had " + s);
            }
        });
    }

    private static Map<Measure, Set<Statistic>> defaultCompared() {
        Map<Measure, Set<Statistic>> m = new EnumMap<>(Measure.class);
        for (Measure x : new Measure[] {Measure.TTFT, Measure.TPOT, Measure.ITL, Measure.E2E}) {
            m.put(x, EnumSet.of(Statistic.P50, Statistic.P95));
        }
        m.put(Measure.USER_TPS, EnumSet.of(Statistic.P50));
        m.put(Measure.OUTPUT_THROUGHPUT, EnumSet.noneOf(Statistic.class));
        m.put(Measure.REQUEST_THROUGHPUT, EnumSet.noneOf(Statistic.class));
        return Collections.unmodifiableMap(m);
    }

    /** The defaults in the class documentation. */
    public static DiffOptions ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from {@code base}. */
    public static Builder from(DiffOptions base) {
        return new Builder(base);
    }

    /** The threshold that applies to a statistic: the most specific one, the last of equals. */
    public Threshold thresholdFor(Measure measure, Statistic statistic) {
        Threshold best = null;
        for (Threshold t : thresholds) {
            if (t.covers(measure, statistic) && (best == null || t.specificity() >= best.specificity())) {
                best = t;
            }
        }
        return best != null ? best : Threshold.relative(null, null, DEFAULT_MAX_REGRESSION);
    }

    /** Builds {@link DiffOptions}. Not thread-safe. */
    public static final class Builder {
        private final Map<Measure, Set<Statistic>> compared = new EnumMap<>(Measure.class);
        private final List<Threshold> thresholds;
        private int resamples;
        private long seed;
        private double confidence;
        private int blockLength;

        private Builder(DiffOptions base) {
            base.compared.forEach((m, s) -> compared.put(m, s.isEmpty() ? EnumSet.noneOf(Statistic.class) : EnumSet.copyOf(s)));
            thresholds = new ArrayList<>(base.thresholds);
            resamples = base.resamples;
            seed = base.seed;
            confidence = base.confidence;
            blockLength = base.blockLength;
        }

        /** Adds a threshold; what it names is compared too. */
        public Builder maxRegression(Threshold threshold) {
            Objects.requireNonNull(threshold, "threshold");
            thresholds.add(threshold);
            if (threshold.measure() != null) {
                Set<Statistic> s = compared.computeIfAbsent(threshold.measure(), k -> EnumSet.noneOf(Statistic.class));
                if (threshold.statistic() != null) {
                    s.add(threshold.statistic());
                } else if (!Threshold.isJob(threshold.measure()) && s.isEmpty()) {
                    s.addAll(EnumSet.of(Statistic.P50, Statistic.P95));
                }
            }
            return this;
        }

        /** Compares only these statistics of per-request measures (and no job measure), replacing the set compared. */
        public Builder onlyCompare(Measure measure, Statistic... statistics) {
            compared.clear();
            return compare(measure, statistics);
        }

        /** Also compares these statistics of a measure (none for a job measure). */
        public Builder compare(Measure measure, Statistic... statistics) {
            Set<Statistic> s = compared.computeIfAbsent(measure, k -> EnumSet.noneOf(Statistic.class));
            s.addAll(List.of(statistics));
            return this;
        }

        /** Bootstrap resamples, {@code >= 100}. */
        public Builder resamples(int resamples) {
            this.resamples = resamples;
            return this;
        }

        /** The bootstrap's seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The intervals' confidence level, in (0.5, 1). */
        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        /** Requests per resampled block: {@link #AUTOMATIC_BLOCK} (⌈√n⌉), or 1 for the plain bootstrap. */
        public Builder blockLength(int blockLength) {
            this.blockLength = blockLength;
            return this;
        }

        public DiffOptions build() {
            return new DiffOptions(compared, thresholds, resamples, seed, confidence, blockLength);
        }
    }
}
