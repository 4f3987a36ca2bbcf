package io.llmbench.model.internal;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * {@code value = a + b·input + c·output (+ d·level)} by least squares in raw units (minimum-norm
 * solution through the SVD pseudo-inverse, so collinear inputs do not fail). Leave-one-out
 * predictions come from the hat matrix; residuals are absolute.
 */
final class LinearCurve implements Curve {
    private final double[] beta;
    private final double[] loo;
    private final double[] looSpread;

    private LinearCurve(double[] beta, double[] loo) {
        this.beta = beta;
        this.loo = loo;
        this.looSpread = ones(loo.length);
    }

    static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    static LinearCurve fit(Dataset data, double[] y) {
        int n = data.size();
        int q = data.dims() + 1;
        double[][] x = new double[n][q];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            for (int d = 0; d < data.dims(); d++) {
                x[i][d + 1] = data.rawValue(i, d);
            }
        }
        RealMatrix design = new Array2DRowRealMatrix(x, false);
        RealMatrix pinv = new SingularValueDecomposition(design).getSolver().getInverse(); // q × n
        double[] beta = pinv.operate(y);
        double[] loo = new double[n];
        for (int i = 0; i < n; i++) {
            double fitted = 0;
            double h = 0;
            for (int j = 0; j < q; j++) {
                fitted += x[i][j] * beta[j];
                h += x[i][j] * pinv.getEntry(j, i);
            }
            loo[i] = h < 1 - 1e-9 ? y[i] - (y[i] - fitted) / (1 - h) : Double.NaN;
        }
        return new LinearCurve(beta, loo);
    }

    @Override
    public ValueSpread at(double[] raw) {
        double v = beta[0];
        for (int d = 0; d < raw.length; d++) {
            v += beta[d + 1] * raw[d];
        }
        return new ValueSpread(v, 1);
    }

    @Override
    public double[] loo() {
        return loo.clone();
    }

    @Override
    public double[] looSpread() {
        return looSpread.clone();
    }

    @Override
    public boolean logScale() {
        return false;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("linear: ").append(fmt(beta[0])).append(" + ").append(fmt(beta[1])).append("*input + ")
                .append(fmt(beta[2])).append("*output");
        if (beta.length > 3) {
            sb.append(" + ").append(fmt(beta[3])).append("*level");
        }
        return sb.toString();
    }

    static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.4g", d);
    }
}
