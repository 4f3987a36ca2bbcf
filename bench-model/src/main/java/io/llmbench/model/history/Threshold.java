package io.llmbench.model.history;

import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import java.util.Locale;
import java.util.Objects;

/**
 * The largest regression of a statistic that is still accepted: relative ({@code 5%}) or absolute
 * in the measure's unit ({@code 20ms}). A threshold applies to one statistic of one measure, to
 * every statistic of a measure ({@code statistic} null), or to everything ({@code measure} null).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Threshold.parse("ttft:p95=5%");     // p95 TTFT may grow by 5% at most
 * Threshold.parse("e2e=200ms");       // every E2E statistic may grow by 200 ms
 * Threshold.parse("output_throughput=10%");
 * Threshold.parse("3%");              // everything compared
 * }</pre>
 *
 * @param measure   the measure, or null for every measure
 * @param statistic the statistic, or null for every statistic of the measure (job measures have none)
 * @param amount    the allowed regression: a fraction when relative (0.05 = 5%), else in the measure's unit; {@code >= 0}
 * @param relative  whether {@code amount} is a fraction of the baseline
 */
public record Threshold(Measure measure, Statistic statistic, double amount, boolean relative) {
    public Threshold {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("threshold amount must be a finite number >= 0, but was " + amount);
        }
        if (statistic != null && measure == null) {
            throw new IllegalArgumentException("a threshold with a statistic must name its measure, but measure was null");
        }
        if (statistic != null && isJob(measure)) {
            throw new IllegalArgumentException("job measure " + measure.key() + " has no statistics, but was given " + key(statistic));
        }
    }

    /** A relative threshold (0.05 = 5%). */
    public static Threshold relative(Measure measure, Statistic statistic, double fraction) {
        return new Threshold(measure, statistic, fraction, true);
    }

    /** An absolute threshold in the measure's unit. */
    public static Threshold absolute(Measure measure, Statistic statistic, double amount) {
        return new Threshold(measure, statistic, amount, false);
    }

    /**
     * Parses {@code [MEASURE[:STATISTIC]=]AMOUNT}, where MEASURE is a {@link Measure#key()}
     * ({@code ttft}, {@code tpot}, {@code itl}, {@code e2e}, {@code user_tps},
     * {@code output_throughput}, {@code request_throughput}), STATISTIC is {@code p50}, {@code p95},
     * {@code p99} or {@code mean}, and AMOUNT is a percentage ({@code 5%}) or a number with the
     * measure's unit ({@code 20ms}, {@code 2tok/s}, {@code 0.5req/s}).
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static Threshold parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        Measure measure = null;
        Statistic statistic = null;
        String amount = t;
        int eq = t.indexOf('=');
        if (eq >= 0) {
            String target = t.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            amount = t.substring(eq + 1).trim();
            int colon = target.indexOf(':');
            String m = colon < 0 ? target : target.substring(0, colon);
            try {
                measure = Measure.ofKey(m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("threshold measure must be one of ttft, tpot, itl, e2e, user_tps, output_throughput, "
                        + "request_throughput, but was '" + m + "' in '" + text + "'");
            }
            if (measure == Measure.COST_PER_MILLION_OUTPUT_TOKENS) {
                throw new IllegalArgumentException("threshold measure cannot be a cost, but was '" + m + "' in '" + text + "'");
            }
            if (colon >= 0) {
                statistic = statistic(target.substring(colon + 1), text);
                if (isJob(measure)) {
                    throw new IllegalArgumentException("threshold for " + measure.key() + " takes no statistic (it is one number per run), "
                            + "but was '" + text + "'");
                }
            }
        }
        String a = amount.replace(" ", "");
        boolean relative = a.endsWith("%");
        String number;
        if (relative) {
            number = a.substring(0, a.length() - 1);
        } else {
            String unit = measure == null ? null : measure.unitSymbol();
            if (unit == null || !a.endsWith(unit)) {
                throw new IllegalArgumentException("threshold amount must end in %" + (unit == null ? "" : " or " + unit)
                        + ", but was '" + amount + "' in '" + text + "'");
            }
            number = a.substring(0, a.length() - unit.length());
        }
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold amount must be a number followed by % or a unit, but was '" + amount
                    + "' in '" + text + "'");
        }
        if (!(v >= 0)) {
            throw new IllegalArgumentException("threshold amount must be >= 0, but was '" + amount + "' in '" + text + "'");
        }
        return new Threshold(measure, statistic, relative ? v / 100 : v, relative);
    }

    /** Parses {@code p50}, {@code p95}, {@code p99} or {@code mean}. */
    static Statistic statistic(String s, String context) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "p50", "median" -> Statistic.P50;
            case "p95" -> Statistic.P95;
            case "p99" -> Statistic.P99;
            case "mean", "avg" -> Statistic.MEAN;
            default -> throw new IllegalArgumentException("statistic must be p50, p95, p99 or mean, but was '" + s + "' in '" + context + "'");
        };
    }

    /** {@code p50}, {@code p95}, {@code p99}, {@code mean}. */
    static String key(Statistic s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** Whether a measure is one number per run (throughputs) rather than a per-request distribution. */
    static boolean isJob(Measure m) {
        return m != null && m.metric().isEmpty();
    }

    /** Whether this threshold is for the given statistic (exactly, by measure, or for everything). */
    boolean covers(Measure m, Statistic s) {
        return (measure == null || measure == m) && (statistic == null || statistic == s);
    }

    /** How specific it is: 2 for a statistic, 1 for a measure, 0 for everything (the most specific wins). */
    int specificity() {
        return measure == null ? 0 : statistic == null ? 1 : 2;
    }

    /** E.g. {@code 5%} or {@code 20 ms}. */
    public String describeAmount() {
        if (relative) {
            return trim(amount * 100) + "%";
        }
        return trim(amount) + " " + (measure == null ? "" : measure.unitSymbol());
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d)
                : new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", d)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        String target = measure == null ? "" : measure.key() + (statistic == null ? "" : ":" + key(statistic)) + "=";
        return target + describeAmount();
    }
}
