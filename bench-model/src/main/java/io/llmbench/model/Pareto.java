package io.llmbench.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The Pareto front: alternatives no other alternative dominates (at least as good in every
 * criterion and strictly better in one). Directions come from the criteria; weights are ignored.
 * Runs in O(n log n + n·f) for n alternatives and a front of f. Thread-safe (stateless).
 */
public final class Pareto {
    private Pareto() {
    }

    /** The front over measures in their natural directions ({@link Measure#lowerIsBetter()}). */
    public static List<Alternative> front(Collection<Alternative> alternatives, Measure... measures) {
        List<Criterion> cs = new ArrayList<>();
        for (Measure m : measures) {
            cs.add(Criterion.of(m, 1));
        }
        return front(alternatives, cs);
    }

    /**
     * The front, in order of the first criterion (best first).
     *
     * @throws IllegalArgumentException when there are no criteria, or an alternative lacks a criterion's measure
     */
    public static List<Alternative> front(Collection<Alternative> alternatives, List<Criterion> criteria) {
        Objects.requireNonNull(alternatives, "alternatives");
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("criteria must not be empty");
        }
        int c = criteria.size();
        List<double[]> rows = new ArrayList<>();
        List<Alternative> alts = new ArrayList<>(alternatives);
        for (Alternative a : alts) {
            double[] r = new double[c];
            for (int j = 0; j < c; j++) {
                Criterion cr = criteria.get(j);
                Double v = a.values().get(cr.measure());
                if (v == null) {
                    throw new IllegalArgumentException("alternative '" + a.name() + "' must have a value for every criterion, but lacks "
                            + cr.measure().key());
                }
                r[j] = cr.benefit() ? -v : v; // minimise every column
            }
            rows.add(r);
        }
        Integer[] order = new Integer[alts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // lexicographic order: no alternative is dominated by one after it
        java.util.Arrays.sort(order, (a, b) -> {
            double[] ra = rows.get(a);
            double[] rb = rows.get(b);
            for (int j = 0; j < c; j++) {
                int cmp = Double.compare(ra[j], rb[j]);
                if (cmp != 0) {
                    return cmp;
                }
            }
            return alts.get(a).name().compareTo(alts.get(b).name());
        });
        List<Integer> front = new ArrayList<>();
        for (int i : order) {
            double[] r = rows.get(i);
            boolean dominated = false;
            for (int f : front) {
                if (dominates(rows.get(f), r)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(i);
            }
        }
        List<Alternative> out = new ArrayList<>(front.size());
        for (int i : front) {
            out.add(alts.get(i));
        }
        return List.copyOf(out);
    }

    /** Whether a is at least as good as b everywhere and better somewhere (all columns minimised). */
    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int j = 0; j < a.length; j++) {
            if (a[j] > b[j]) {
                return false;
            }
            if (a[j] < b[j]) {
                better = true;
            }
        }
        return better;
    }
}
