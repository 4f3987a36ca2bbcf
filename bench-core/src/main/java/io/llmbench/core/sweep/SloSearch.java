package io.llmbench.core.sweep;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkException;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.Slo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;

/**
 * Finds, for each endpoint, the highest request rate (or concurrency) at which it still meets
 * every SLO, e.g. TTFT p95 &le; 500 ms and TPOT p95 &le; 50 ms: the knee of its latency curve.
 * Not thread-safe: configure and run from one thread.
 *
 * <pre>{@code
 * Benchmark template = Benchmark.builder().endpoints(vllm)
 *         .workload(Workload.synthetic(1024, 128)).requests(300).warmup(10).build();
 * SloSearchResult r = SloSearch.of(template)
 *         .slos(Slo.of(Metric.TTFT, 500), Slo.of(Metric.TPOT, 50))
 *         .rate(0.5, 64)                  // requests per second
 *         .precision(0.25)                // stop when the bracket is 0.25 req/s wide
 *         .run();
 * double knee = r.endpoint("vllm").knee().orElse(0);
 * }</pre>
 *
 * <p><b>Method.</b> Each endpoint is searched on its own (its probes run only that endpoint).
 * The first probe is at the range's lower bound; while a probe meets the SLOs the next level is
 * {@linkplain #growth(double) growth} times higher, capped at the upper bound (bracketing). Once a
 * level misses, the search bisects between the highest level that met and the lowest that missed
 * until they are within the precision, then reports the highest level that met as the knee. A
 * probe meets the SLOs when every {@link Slo} holds for the run's distribution at the SLO's
 * percentile ({@link Slo#isMetBy(MetricStats)}) and the success rate is at least
 * {@linkplain #minSuccessRate(double) the minimum}: failures count against the level. Each probe
 * is a complete run of the template benchmark (its workload, requests or duration, warm-up,
 * timeouts) at the probe's load, labelled {@value Sweep#LEVEL_LABEL}. Latency is noisy near the
 * knee: more requests per probe make the answer steadier.
 */
public final class SloSearch {
    /** Default factor between bracketing levels: {@value}. */
    public static final double DEFAULT_GROWTH = 2.0;
    /** Default precision for rates, relative to the highest level met: {@value} (5%). */
    public static final double DEFAULT_RELATIVE_PRECISION = 0.05;
    /** Default minimum success rate of a probe: {@value}. */
    public static final double DEFAULT_MIN_SUCCESS_RATE = 0.99;
    /** Default most probes per endpoint: {@value}. */
    public static final int DEFAULT_MAX_PROBES = 20;

    private final Benchmark template;
    private final List<Slo> slos = new ArrayList<>();
    private boolean concurrency;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private DoubleFunction<Load> rateLoad = Load::poisson;
    private double precision = Double.NaN;
    private double growth = DEFAULT_GROWTH;
    private double minSuccessRate = DEFAULT_MIN_SUCCESS_RATE;
    private int maxProbes = DEFAULT_MAX_PROBES;
    private Consumer<SloProbe> onProbe = p -> { };

    private SloSearch(Benchmark template) {
        this.template = template;
    }

    /** A search over this benchmark's endpoints; its load is replaced by each probe's. */
    public static SloSearch of(Benchmark template) {
        return new SloSearch(Objects.requireNonNull(template, "template"));
    }

    /** The SLOs every probe must meet; default: the template's SLOs. */
    public SloSearch slos(Slo... slos) {
        this.slos.addAll(Arrays.asList(slos));
        return this;
    }

    /** Search request rates in {@code [min, max]} requests per second (open loop). */
    public SloSearch rate(double min, double max) {
        if (!(min > 0) || Double.isInfinite(min)) {
            throw new IllegalArgumentException("search min rate must be a finite number > 0, but was " + min);
        }
        if (!(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("search max rate must be a finite number >= min (" + min + "), but was " + max);
        }
        this.concurrency = false;
        this.min = min;
        this.max = max;
        return this;
    }

    /** Search concurrency levels in {@code [min, max]} (closed loop). */
    public SloSearch concurrency(int min, int max) {
        if (min < 1) {
            throw new IllegalArgumentException("search min concurrency must be >= 1, but was " + min);
        }
        if (max < min) {
            throw new IllegalArgumentException("search max concurrency must be >= min (" + min + "), but was " + max);
        }
        this.concurrency = true;
        this.min = min;
        this.max = max;
        return this;
    }

    /** How a rate becomes a load; default {@link Load#poisson(double)}. */
    public SloSearch rateLoad(DoubleFunction<Load> rateLoad) {
        this.rateLoad = Objects.requireNonNull(rateLoad, "rateLoad");
        return this;
    }

    /**
     * Stop when the highest level met and the lowest missed are at most this far apart, in the
     * level's unit (requests per second, or requests in flight). Default: 5% of the highest level
     * met for rates, 1 for concurrency.
     */
    public SloSearch precision(double precision) {
        if (!(precision > 0) || Double.isInfinite(precision)) {
            throw new IllegalArgumentException("precision must be a finite number > 0, but was " + precision);
        }
        this.precision = precision;
        return this;
    }

    /** Factor between bracketing levels, {@code > 1}; default {@value #DEFAULT_GROWTH}. */
    public SloSearch growth(double factor) {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("growth must be a finite number > 1, but was " + factor);
        }
        this.growth = factor;
        return this;
    }

    /** The lowest success rate a probe may have and still meet the SLOs, in [0, 1]; default {@value #DEFAULT_MIN_SUCCESS_RATE}. */
    public SloSearch minSuccessRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("minSuccessRate must be in [0, 1], but was " + rate);
        }
        this.minSuccessRate = rate;
        return this;
    }

    /** The most probes per endpoint, {@code >= 2}; default {@value #DEFAULT_MAX_PROBES}. */
    public SloSearch maxProbes(int probes) {
        if (probes < 2) {
            throw new IllegalArgumentException("maxProbes must be >= 2, but was " + probes);
        }
        this.maxProbes = probes;
        return this;
    }

    /** Called after each probe (progress, saving as you go). */
    public SloSearch onProbe(Consumer<SloProbe> callback) {
        this.onProbe = Objects.requireNonNull(callback, "onProbe");
        return this;
    }

    /**
     * Runs the search for every endpoint of the template, one after the other.
     *
     * @throws IllegalStateException when no range or no SLO is set
     * @throws BenchmarkException    when a probe cannot run (see {@link Benchmark#run()})
     */
    public SloSearchResult run() {
        if (Double.isNaN(min)) {
            throw new IllegalStateException("search range must be set with rate(min, max) or concurrency(min, max)");
        }
        List<Slo> targets = slos.isEmpty() ? template.slos() : List.copyOf(slos);
        if (targets.isEmpty()) {
            throw new IllegalStateException("SLOs must be set with slos(...) or on the template benchmark, but none were");
        }
        List<SloKnee> knees = new ArrayList<>();
        for (Endpoint e : template.endpoints()) {
            knees.add(search(e, targets));
        }
        return new SloSearchResult(knees, targets);
    }

    private SloKnee search(Endpoint endpoint, List<Slo> targets) {
        List<SloProbe> probes = new ArrayList<>();
        double met = Double.NaN;
        double missed = Double.NaN;
        double level = min;
        while (true) {
            if (probes.size() >= maxProbes || Thread.currentThread().isInterrupted()) {
                return new SloKnee(endpoint.name(), SloKnee.Outcome.PROBE_LIMIT, met, missed, probes);
            }
            SloProbe probe = probe(endpoint, level, targets);
            probes.add(probe);
            onProbe.accept(probe);
            if (probe.met()) {
                met = level;
            } else {
                missed = level;
            }
            if (Double.isNaN(met)) {
                // nothing met yet: the lower bound itself missed
                return new SloKnee(endpoint.name(), SloKnee.Outcome.BELOW_RANGE, met, missed, probes);
            }
            if (Double.isNaN(missed)) {
                if (met >= max) {
                    return new SloKnee(endpoint.name(), SloKnee.Outcome.ABOVE_RANGE, met, missed, probes);
                }
                level = Math.min(max, concurrency ? Math.max(met + 1, Math.floor(met * growth)) : met * growth);
                continue;
            }
            if (closeEnough(met, missed)) {
                return new SloKnee(endpoint.name(), SloKnee.Outcome.FOUND, met, missed, probes);
            }
            level = concurrency ? Math.floor((met + missed) / 2) : (met + missed) / 2;
        }
    }

    private boolean closeEnough(double met, double missed) {
        double gap = missed - met;
        if (concurrency) {
            return gap <= Math.max(1, Double.isNaN(precision) ? 1 : precision);
        }
        return gap <= (Double.isNaN(precision) ? DEFAULT_RELATIVE_PRECISION * met : precision);
    }

    private SloProbe probe(Endpoint endpoint, double level, List<Slo> targets) {
        Load load = concurrency ? Load.concurrency((int) level)
                : Objects.requireNonNull(rateLoad.apply(level), "rateLoad result");
        BenchmarkResult run = BenchmarkCopies.with(template, load, List.of(endpoint), Sweep.LEVEL_LABEL).run();
        EndpointResult result = run.endpoint(endpoint.name());
        List<String> violations = new ArrayList<>();
        double success = result.job().successRate();
        if (!(success >= minSuccessRate)) {
            violations.add(String.format(Locale.ROOT, "success rate %.4f < %.4f", success, minSuccessRate));
        }
        for (Slo slo : targets) {
            MetricStats stats = result.metric(slo.metric());
            if (!slo.isMetBy(stats)) {
                violations.add(describe(slo, stats));
            }
        }
        return new SloProbe(load, violations.isEmpty(), violations, result);
    }

    private static String describe(Slo slo, MetricStats stats) {
        Metric m = slo.metric();
        String p = trim(slo.percentile());
        if (stats.count() == 0) {
            return m.key() + " p" + p + " has no samples";
        }
        String value = stats.hasHistogram()
                ? String.format(Locale.ROOT, "%.1f", stats.percentile(Math.max(m.lowerIsBetter() ? slo.percentile() : 100 - slo.percentile(), 1e-9)))
                : "?";
        return m.key() + " p" + p + " = " + value + " " + m.unit().symbol() + (m.lowerIsBetter() ? " > " : " < ")
                + trim(slo.threshold()) + " " + m.unit().symbol();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
