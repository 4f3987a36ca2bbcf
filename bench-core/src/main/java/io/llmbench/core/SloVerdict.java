package io.llmbench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether one endpoint's run met its service-level objectives: each SLO with the value measured
 * at its percentile and by how much it was missed, plus the success rate, and a message a person
 * can read in a test report. It needs no test framework; {@link #orThrow()} raises the
 * {@link AssertionError} that JUnit, AssertJ and TestNG all report as a failed test, and
 * {@code io.llmbench.core.assertions.BenchmarkAssertions} offers the same as fluent assertions.
 *
 * <pre>{@code
 * SloVerdict v = SloVerdict.of(result.endpoint("vllm"), Slo.of(Metric.TTFT, 500), Slo.at(Metric.E2E, 99, 8000));
 * if (!v.passed()) {
 *     System.out.println(v.message());
 * }
 * }</pre>
 * prints
 * <pre>
 * endpoint 'vllm' (concurrency 16) missed 1 of 2 SLOs over 200 requests (200 succeeded):
 *   MISSED ttft p95 = 812.3 ms, must be &lt;= 500 ms: 312.3 ms over (62.5%)
 *   met    e2e p99 = 6120 ms, must be &lt;= 8000 ms
 * </pre>
 *
 * <p>Each SLO is checked as {@link Slo#isMetBy(MetricStats)} checks it. A run with no samples for
 * a metric misses every SLO on it. Values are in each metric's unit. Immutable and thread-safe.
 *
 * @param endpoint       the endpoint's name
 * @param traffic        how it was loaded
 * @param requests       measured requests
 * @param succeeded      requests that succeeded
 * @param minSuccessRate the success rate the run had to reach, in [0, 1]
 * @param failures       failed requests by kind
 * @param checks         one check per SLO, in the order given
 */
public record SloVerdict(String endpoint, Traffic traffic, long requests, long succeeded, double minSuccessRate,
                         Map<FailureKind, Long> failures, List<SloVerdict.Check> checks) {

    /** The success rate a run must reach unless another is given: 1.0, every request must succeed. */
    public static final double DEFAULT_MIN_SUCCESS_RATE = 1.0;

    public SloVerdict {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(traffic, "traffic");
        checkRate(minSuccessRate);
        failures = Map.copyOf(failures);
        checks = List.copyOf(checks);
    }

    /**
     * One SLO checked against a run.
     *
     * @param slo     the objective
     * @param value   the run's value at {@link Slo#checkedPercentile()}, NaN when it had no samples
     * @param samples how many samples the metric had
     */
    public record Check(Slo slo, double value, long samples) {
        public Check {
            Objects.requireNonNull(slo, "slo");
        }

        /** Whether the objective was met; never with no samples. */
        public boolean met() {
            return !Double.isNaN(value) && slo.isMetBy(value);
        }

        /**
         * By how much the value missed the threshold, in the metric's unit: above it for a maximum,
         * below it for {@link Metric#USER_TPS}; 0 when met, NaN with no samples.
         */
        public double excess() {
            if (Double.isNaN(value)) {
                return Double.NaN;
            }
            double d = slo.metric().lowerIsBetter() ? value - slo.threshold() : slo.threshold() - value;
            return Math.max(0, d);
        }

        /** {@link #excess()} as a fraction of the threshold (0.25 = 25% over); NaN for a threshold of 0. */
        public double relativeExcess() {
            return slo.threshold() == 0 ? Double.NaN : excess() / slo.threshold();
        }

        /** Whether the percentile rests on too few samples to be trusted (see {@link MetricStats#tooFewSamplesFor}). */
        public boolean uncertain() {
            return samples > 0 && MetricStats.tooFewSamples(samples, slo.percentile());
        }

        /**
         * One line, e.g. {@code ttft p95 = 812.3 ms, must be <= 500 ms: 312.3 ms over (62.5%)}; a
         * value more than ten times its limit says so ({@code 79.04 ms over (79040x the limit)}).
         */
        public String describe() {
            Metric m = slo.metric();
            String unit = m.unit().symbol();
            String name = m.key() + " p" + trim(slo.percentile());
            String limit = (m.lowerIsBetter() ? "<= " : ">= ") + trim(slo.threshold()) + " " + unit;
            if (Double.isNaN(value)) {
                return name + ": no samples (no request succeeded, or the metric does not apply), must be " + limit;
            }
            StringBuilder s = new StringBuilder(name).append(" = ").append(num(value)).append(' ').append(unit);
            if (!m.lowerIsBetter()) {
                s.append(" (").append(trim(slo.percentile())).append("% of requests reached at least this)");
            }
            s.append(", must be ").append(limit);
            if (!met()) {
                s.append(": ").append(num(excess())).append(' ').append(unit);
                s.append(m.lowerIsBetter() ? " over" : " short");
                double r = relativeExcess();
                if (r >= 9) {
                    s.append(" (").append(num(value / slo.threshold())).append("x the limit)");
                } else if (!Double.isNaN(r)) {
                    s.append(String.format(Locale.ROOT, " (%.1f%%)", 100 * r));
                }
            }
            if (uncertain()) {
                s.append(" [only ").append(samples).append(" samples: p").append(trim(slo.percentile())).append(" is uncertain]");
            }
            return s.toString();
        }
    }

    /**
     * Checks a run against SLOs; every request must have succeeded ({@link #DEFAULT_MIN_SUCCESS_RATE}).
     *
     * @throws IllegalArgumentException when no SLO is given
     */
    public static SloVerdict of(EndpointResult result, Slo... slos) {
        return of(result, DEFAULT_MIN_SUCCESS_RATE, List.of(slos));
    }

    /**
     * Checks a run against SLOs and a minimum success rate.
     *
     * @param minSuccessRate in [0, 1]
     * @throws IllegalArgumentException when no SLO is given or the rate is out of range
     */
    public static SloVerdict of(EndpointResult result, double minSuccessRate, List<Slo> slos) {
        Objects.requireNonNull(result, "result");
        checkRate(minSuccessRate);
        if (slos.isEmpty()) {
            throw new IllegalArgumentException("slos must not be empty: give at least one objective to check");
        }
        List<Check> checks = new ArrayList<>();
        for (Slo slo : slos) {
            Objects.requireNonNull(slo, "slo");
            MetricStats stats = result.metric(slo.metric());
            checks.add(new Check(slo, slo.valueIn(stats), stats.count()));
        }
        JobStats job = result.job();
        return new SloVerdict(result.name(), result.run().traffic(), job.requests(), job.succeeded(), minSuccessRate,
                job.failures(), checks);
    }

    /** The share of requests that succeeded, NaN with none. */
    public double successRate() {
        return requests == 0 ? Double.NaN : (double) succeeded / requests;
    }

    /** Whether the success rate reached {@link #minSuccessRate()} (a run with no requests does not). */
    public boolean successRateMet() {
        return requests > 0 && successRate() >= minSuccessRate;
    }

    /** The SLOs that were missed, in the order given. */
    public List<Check> missed() {
        return checks.stream().filter(c -> !c.met()).toList();
    }

    /** Whether every SLO and the success rate were met. */
    public boolean passed() {
        return successRateMet() && missed().isEmpty();
    }

    /**
     * Returns this verdict when it passed.
     *
     * @throws AssertionError with {@link #message()} otherwise
     */
    public SloVerdict orThrow() {
        if (!passed()) {
            throw new AssertionError(message());
        }
        return this;
    }

    /**
     * The verdict for people: a headline, then one line per objective, the missed ones first and
     * marked {@code MISSED}.
     */
    public String message() {
        List<String> lines = new ArrayList<>();
        if (!successRateMet()) {
            lines.add("  MISSED success rate = " + percent(successRate()) + failureKinds() + ", must be >= " + percent(minSuccessRate));
        }
        List<Check> missed = missed();
        missed.forEach(c -> lines.add("  MISSED " + c.describe()));
        checks.stream().filter(Check::met).forEach(c -> lines.add("  met    " + c.describe()));
        String verdict = missed.isEmpty() ? "met all " + checks.size() + " SLOs" : "missed " + missed.size() + " of " + checks.size() + " SLOs";
        if (!successRateMet()) {
            verdict += (missed.isEmpty() ? " but missed" : " and") + " the success rate";
        }
        return String.format(Locale.ROOT, "endpoint '%s' (%s) %s over %d requests (%d succeeded):", endpoint, traffic, verdict,
                requests, succeeded) + "\n" + String.join("\n", lines);
    }

    @Override
    public String toString() {
        return message();
    }

    private String failureKinds() {
        if (failures.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(" (failed: ");
        failures.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(e.getKey().name()).append('=').append(e.getValue()).append(", "));
        s.setLength(s.length() - 2);
        return s.append(')').toString();
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("minSuccessRate must be in [0, 1], but was " + rate);
        }
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a (no requests)" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String num(double v) {
        return io.llmbench.core.internal.Numbers.format(v);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
