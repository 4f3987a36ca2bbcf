package io.llmbench.core.internal;

import java.util.Locale;

/** How bench-core writes a number for people (progress lines, SLO verdicts). Not API. */
public final class Numbers {
    private Numbers() {
    }

    /**
     * About four significant digits, whole numbers without decimals: {@code 1235}, {@code 812.3},
     * {@code 41.73}, {@code 0.00123}; {@code -} for NaN.
     */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
