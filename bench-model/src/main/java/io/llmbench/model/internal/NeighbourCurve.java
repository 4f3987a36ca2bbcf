package io.llmbench.model.internal;

/**
 * The distance-weighted mean (weights 1/d) of the k nearest observations in normalised log space;
 * an exact match returns the mean of the matches. Residuals are log ratios.
 */
final class NeighbourCurve implements Curve {
    private static final double EXACT = 1e-12;
    private final Dataset data;
    private final double[] y;
    private final int[] rows;
    private final int k;
    private final double[] loo;

    private NeighbourCurve(Dataset data, double[] y, int[] rows, int k) {
        this.data = data;
        this.y = y;
        this.rows = rows;
        this.k = k;
        this.loo = new double[rows.length];
        for (int j = 0; j < rows.length; j++) {
            loo[j] = estimate(data.unit(rows[j]), j);
        }
    }

    static NeighbourCurve fit(Dataset data, double[] y, int k) {
        return new NeighbourCurve(data, y, LinearCurve.all(data.size()), k);
    }

    @Override
    public Curve refit(int[] subset) {
        return subset.length < 2 ? null : new NeighbourCurve(data, y, subset, k);
    }

    /** The estimate at normalised coordinates, leaving out position {@code exclude} of {@link #rows} (-1: none). */
    private double estimate(double[] u, int exclude) {
        int n = rows.length;
        int kk = Math.min(k, n - (exclude >= 0 ? 1 : 0));
        int[] idx = new int[kk];
        double[] dist = new double[kk];
        int filled = 0;
        for (int j = 0; j < n; j++) {
            if (j == exclude) {
                continue;
            }
            double d = data.unitDistance(u, rows[j]);
            if (filled < kk || d < dist[kk - 1]) {
                int p = filled < kk ? filled++ : kk - 1;
                while (p > 0 && dist[p - 1] > d) {
                    dist[p] = dist[p - 1];
                    idx[p] = idx[p - 1];
                    p--;
                }
                dist[p] = d;
                idx[p] = rows[j];
            }
        }
        if (filled == 0) {
            return Double.NaN;
        }
        if (dist[0] < EXACT) {
            double s = 0;
            int c = 0;
            for (int j = 0; j < filled && dist[j] < EXACT; j++) {
                s += y[idx[j]];
                c++;
            }
            return s / c;
        }
        double sw = 0;
        double sy = 0;
        for (int j = 0; j < filled; j++) {
            double w = 1 / dist[j];
            sw += w;
            sy += w * y[idx[j]];
        }
        return sy / sw;
    }

    @Override
    public ValueSpread at(double[] raw) {
        return new ValueSpread(estimate(data.toUnit(raw), -1), 1);
    }

    @Override
    public double[] loo() {
        return loo.clone();
    }

    @Override
    public double[] looSpread() {
        return LinearCurve.ones(loo.length);
    }

    @Override
    public boolean logScale() {
        return true;
    }

    @Override
    public String describe() {
        return k == 1 ? "the nearest run" : "distance-weighted mean of the " + k + " nearest runs";
    }
}
