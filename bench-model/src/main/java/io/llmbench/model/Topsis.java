package io.llmbench.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * TOPSIS (Hwang &amp; Yoon, 1981): each criterion's column is divided by its Euclidean norm and
 * multiplied by its normalised weight; the ideal takes the best value of every column (the largest
 * for benefit criteria, the smallest for cost criteria), the anti-ideal the worst; an alternative's
 * closeness is {@code D- / (D+ + D-)} with {@code D+}/{@code D-} its Euclidean distances to the
 * ideal/anti-ideal. Closeness 1 is the ideal itself; when all alternatives are equal, every closeness is 1.
 *
 * <pre>{@code
 * List<Ranked> r = Topsis.rank(alternatives, List.of(Criterion.of(Measure.TTFT, 0.5),
 *         Criterion.of(Measure.OUTPUT_THROUGHPUT, 0.3), Criterion.of(Measure.COST_PER_MILLION_OUTPUT_TOKENS, 0.2)));
 * }</pre>
 * Thread-safe (stateless).
 */
public final class Topsis {
    private Topsis() {
    }

    /**
     * Ranks alternatives by closeness, best first.
     *
     * @throws IllegalArgumentException when there are no criteria, or an alternative lacks a criterion's measure
     */
    public static List<Ranked> rank(Collection<Alternative> alternatives, List<Criterion> criteria) {
        Objects.requireNonNull(alternatives, "alternatives");
        Objects.requireNonNull(criteria, "criteria");
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("criteria must not be empty");
        }
        List<Alternative> alts = List.copyOf(alternatives);
        double[] closeness = closeness(alts, criteria);
        List<Ranked> rows = new ArrayList<>(alts.size());
        for (int i = 0; i < alts.size(); i++) {
            rows.add(new Ranked(0, alts.get(i).name(), closeness[i]));
        }
        rows.sort(Comparator.comparingDouble(Ranked::value).reversed().thenComparing(Ranked::name));
        return Rankings.withRanks(rows);
    }

    /** Closeness of each alternative, in input order. */
    static double[] closeness(List<Alternative> alts, List<Criterion> criteria) {
        int n = alts.size();
        int c = criteria.size();
        double[][] x = new double[c][n];
        double weightSum = 0;
        for (Criterion cr : criteria) {
            weightSum += cr.weight();
        }
        for (int j = 0; j < c; j++) {
            Measure m = criteria.get(j).measure();
            for (int i = 0; i < n; i++) {
                Double v = alts.get(i).values().get(m);
                if (v == null) {
                    throw new IllegalArgumentException("alternative '" + alts.get(i).name() + "' must have a value for every criterion, but lacks "
                            + m.key());
                }
                x[j][i] = v;
            }
        }
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int j = 0; j < c; j++) {
            Criterion cr = criteria.get(j);
            double[] col = x[j];
            double norm = 0;
            for (double v : col) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            double w = cr.weight() / weightSum;
            double best = Double.NaN;
            double worst = Double.NaN;
            for (int i = 0; i < n; i++) {
                col[i] = norm > 0 ? w * col[i] / norm : 0;
                if (i == 0) {
                    best = col[i];
                    worst = col[i];
                } else if (cr.benefit()) {
                    best = Math.max(best, col[i]);
                    worst = Math.min(worst, col[i]);
                } else {
                    best = Math.min(best, col[i]);
                    worst = Math.max(worst, col[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                double dp = col[i] - best;
                double dm = col[i] - worst;
                plus[i] += dp * dp;
                minus[i] += dm * dm;
            }
        }
        double[] closeness = new double[n];
        for (int i = 0; i < n; i++) {
            double dp = Math.sqrt(plus[i]);
            double dm = Math.sqrt(minus[i]);
            closeness[i] = dp + dm == 0 ? 1 : dm / (dp + dm);
        }
        return closeness;
    }
}
