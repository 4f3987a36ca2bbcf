package io.llmbench.model.internal;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * {@code value = a + b·input + c·output (+ d·level)} over the active dimensions, by least squares in
 * raw units (minimum-norm solution through the SVD pseudo-inverse, so collinear inputs do not fail).
 * Leave-one-out predictions come from the hat matrix; residuals are absolute, scaled by the size of
 * the prediction (errors of throughput and latency grow with their values), so intervals are
 * {@code value ± q·|value|}.
 */
final class LinearCurve implements Curve {
    private final Dataset data;
    private final double[] y;
    private final int[] active;
    private final double[] beta;
    private final double[] loo;

    private LinearCurve(Dataset data, double[] y, int[] rows) {
        this.data = data;
        this.y = y;
        this.active = data.active();
        int n = rows.length;
        int q = active.length + 1;
        double[][] x = new double[n][q];
        double[] yy = new double[n];
        for (int j = 0; j < n; j++) {
            x[j][0] = 1;
            for (int k = 0; k < active.length; k++) {
                x[j][k + 1] = data.rawValue(rows[j], active[k]);
            }
            yy[j] = y[rows[j]];
        }
        RealMatrix pinv = new SingularValueDecomposition(new Array2DRowRealMatrix(x, false)).getSolver().getInverse(); // q × n
        this.beta = pinv.operate(yy);
        this.loo = new double[n];
        for (int j = 0; j < n; j++) {
            double fitted = 0;
            double h = 0;
            for (int c = 0; c < q; c++) {
                fitted += x[j][c] * beta[c];
                h += x[j][c] * pinv.getEntry(c, j);
            }
            loo[j] = h < 1 - 1e-9 ? yy[j] - (yy[j] - fitted) / (1 - h) : Double.NaN;
        }
    }

    static LinearCurve fit(Dataset data, double[] y) {
        return new LinearCurve(data, y, all(data.size()));
    }

    static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }

    @Override
    public Curve refit(int[] rows) {
        return rows.length < 2 ? null : new LinearCurve(data, y, rows);
    }

    @Override
    public ValueSpread at(double[] raw) {
        double v = beta[0];
        for (int k = 0; k < active.length; k++) {
            v += beta[k + 1] * raw[active[k]];
        }
        return new ValueSpread(v, Math.abs(v));
    }

    @Override
    public double[] loo() {
        return loo.clone();
    }

    @Override
    public double[] looSpread() {
        double[] s = new double[loo.length];
        for (int j = 0; j < loo.length; j++) {
            s[j] = Double.isNaN(loo[j]) ? 0 : Math.abs(loo[j]);
        }
        return s;
    }

    @Override
    public boolean logScale() {
        return false;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("linear: ").append(fmt(beta[0]));
        for (int k = 0; k < active.length; k++) {
            double b = beta[k + 1];
            sb.append(b < 0 ? " - " : " + ").append(fmt(Math.abs(b))).append(" x ").append(data.dimensionName(active[k]));
        }
        return sb.toString();
    }

    static String fmt(double d) {
        return Format.number(d, 3);
    }
}
