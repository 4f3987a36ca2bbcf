package io.llmbench.model.internal;

/** Dense Cholesky factorisation and triangular inverse on row-major flat arrays; small and allocation-light. */
final class Cholesky {
    private Cholesky() {
    }

    /**
     * Factorises a symmetric positive-definite matrix in place into its lower factor L (A = L·Lᵀ);
     * the upper triangle is left as it was.
     *
     * @return false when the matrix is not (numerically) positive definite
     */
    static boolean factor(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double s = a[rj + j];
            for (int k = 0; k < j; k++) {
                s -= a[rj + k] * a[rj + k];
            }
            if (!(s > 0)) {
                return false;
            }
            double d = Math.sqrt(s);
            a[rj + j] = d;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double t = a[ri + j];
                for (int k = 0; k < j; k++) {
                    t -= a[ri + k] * a[rj + k];
                }
                a[ri + j] = t / d;
            }
        }
        return true;
    }

    /** The inverse of the lower factor L (lower triangular, row-major). */
    static double[] lowerInverse(double[] l, int n) {
        double[] inv = new double[n * n];
        for (int j = 0; j < n; j++) {
            inv[j * n + j] = 1 / l[j * n + j];
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= l[ri + k] * inv[k * n + j];
                }
                inv[ri + j] = s / l[ri + i];
            }
        }
        return inv;
    }

    /** Lower-triangular (row-major) matrix times vector. */
    static double[] lowerTimes(double[] lower, int n, double[] v) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double s = 0;
            for (int k = 0; k <= i; k++) {
                s += lower[ri + k] * v[k];
            }
            r[i] = s;
        }
        return r;
    }

    /** Transposed lower-triangular (row-major) matrix times vector. */
    static double[] lowerTransposeTimes(double[] lower, int n, double[] v) {
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            int rk = k * n;
            double vk = v[k];
            for (int i = 0; i <= k; i++) {
                r[i] += lower[rk + i] * vk;
            }
        }
        return r;
    }
}
