package io.llmbench.examples;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Assertions for performance tests: a run must meet service-level objectives, and when it does not
 * the failure says which ones, with the measured value beside each limit.
 *
 * <pre>{@code
 * EndpointResult r = Benchmark.builder().endpoints(endpoint)...run().endpoint("vllm");
 * SloAssertions.assertMeets(r, Slo.of(Metric.TTFT, 500), Slo.at(Metric.E2E, 99, 8000));
 * }</pre>
 * fails with
 * <pre>
 * endpoint 'vllm' missed 1 of 2 SLOs over 200 requests (200 succeeded):
 *   MISSED ttft p95 = 812.3 ms, must be &lt;= 500 ms
 *   met    e2e p99 = 6120.4 ms, must be &lt;= 8000 ms
 * </pre>
 *
 * <p>An SLO is checked as {@link Slo#isMetBy(MetricStats)} checks it: the value at the SLO's
 * percentile of the run's distribution, for {@link Metric#USER_TPS} the value that that share of
 * requests reached or beat. The failure is an {@link AssertionError}, which every test framework
 * reports as a failed test. Stateless and thread-safe; values in each metric's unit.
 */
public final class SloAssertions {
    /** The success rate a run must reach unless another is given: 1.0, every request must succeed. */
    public static final double DEFAULT_MIN_SUCCESS_RATE = 1.0;

    private SloAssertions() {
    }

    /**
     * Asserts that every request succeeded and every SLO is met.
     *
     * @throws AssertionError listing each SLO with its measured value, the missed ones marked
     */
    public static void assertMeets(EndpointResult result, Slo... slos) {
        assertMeets(result, DEFAULT_MIN_SUCCESS_RATE, slos);
    }

    /**
     * Asserts that the success rate is at least {@code minSuccessRate} and every SLO is met.
     *
     * @param minSuccessRate in [0, 1]
     * @throws AssertionError listing each SLO with its measured value, the missed ones marked
     */
    public static void assertMeets(EndpointResult result, double minSuccessRate, Slo... slos) {
        Check check = check(result, minSuccessRate, slos);
        if (check.missed() > 0) {
            throw new AssertionError(check.message());
        }
    }

    /**
     * The outcome of checking a run.
     *
     * @param missed  objectives missed, the success rate counting as one
     * @param checked SLOs checked
     * @param message one line per objective, missed ones first, marked {@code MISSED}
     */
    public record Check(int missed, int checked, String message) {
    }

    /** Checks without throwing; the message lists every objective, missed ones first marked MISSED. */
    public static Check check(EndpointResult result, double minSuccessRate, Slo... slos) {
        Objects.requireNonNull(result, "result");
        if (!(minSuccessRate >= 0 && minSuccessRate <= 1)) {
            throw new IllegalArgumentException("minSuccessRate must be in [0, 1], but was " + minSuccessRate);
        }
        if (slos.length == 0) {
            throw new IllegalArgumentException("slos must not be empty: give at least one objective to assert");
        }
        List<String> lines = new ArrayList<>();
        JobStats job = result.job();
        double success = job.successRate();
        boolean successMet = success >= minSuccessRate;
        if (!successMet) {
            lines.add(String.format(Locale.ROOT, "  MISSED success rate = %s%s, must be >= %s", percent(success),
                    failures(job.failures()), percent(minSuccessRate)));
        }
        List<String> metLines = new ArrayList<>();
        int missedSlos = 0;
        for (Slo slo : slos) {
            Objects.requireNonNull(slo, "slo");
            MetricStats stats = result.metric(slo.metric());
            if (slo.isMetBy(stats)) {
                metLines.add("  met    " + describe(slo, stats));
            } else {
                missedSlos++;
                lines.add("  MISSED " + describe(slo, stats));
            }
        }
        lines.addAll(metLines);
        String verdict = missedSlos == 0 ? "met all " + slos.length + " SLOs" : "missed " + missedSlos + " of " + slos.length + " SLOs";
        if (!successMet) {
            verdict += (missedSlos == 0 ? " but missed" : " and") + " the success rate";
        }
        String head = String.format(Locale.ROOT, "endpoint '%s' %s over %d requests (%d succeeded):",
                result.name(), verdict, job.requests(), job.succeeded());
        return new Check(missedSlos + (successMet ? 0 : 1), slos.length, head + "\n" + String.join("\n", lines));
    }

    /** One objective with the run's value at its percentile, e.g. {@code ttft p95 = 812.3 ms, must be <= 500 ms}. */
    static String describe(Slo slo, MetricStats stats) {
        Metric m = slo.metric();
        String name = m.key() + " p" + trim(slo.percentile());
        String limit = (m.lowerIsBetter() ? "<= " : ">= ") + trim(slo.threshold()) + " " + m.unit().symbol();
        if (stats.count() == 0) {
            return name + ": no samples (no request succeeded, or the metric does not apply), must be " + limit;
        }
        double p = m.lowerIsBetter() ? slo.percentile() : 100 - slo.percentile();
        double value = valueAt(stats, Math.max(p, 1e-9));
        StringBuilder s = new StringBuilder(name).append(" = ")
                .append(Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%.1f", value)).append(' ').append(m.unit().symbol());
        if (!m.lowerIsBetter()) {
            s.append(" (").append(trim(slo.percentile())).append("% of requests reached at least this)");
        }
        s.append(", must be ").append(limit);
        if (stats.tooFewSamplesFor(slo.percentile())) {
            s.append(" [only ").append(stats.count()).append(" samples: p").append(trim(slo.percentile())).append(" is uncertain]");
        }
        return s.toString();
    }

    private static double valueAt(MetricStats s, double p) {
        if (s.hasHistogram()) {
            return s.percentile(p);
        }
        if (p == 50) return s.p50();
        if (p == 95) return s.p95();
        if (p == 99) return s.p99();
        if (p == 5) return s.p05();
        if (p == 80) return s.p80();
        return Double.NaN;
    }

    private static String failures(Map<FailureKind, Long> failures) {
        if (failures.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(" (failed: ");
        failures.forEach((k, v) -> s.append(k.name()).append('=').append(v).append(", "));
        s.setLength(s.length() - 2);
        return s.append(')').toString();
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a (no requests)" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
