package io.llmbench.report.internal;

import java.math.BigDecimal;

/** Number formatting for CSV and JSON text. Stateless and thread-safe. */
public final class Num {
    private Num() {
    }

    /**
     * A double the way Python's {@code repr} prints it ({@code 485.0}, {@code 0.1},
     * {@code 1e+16}, {@code 1.5e-05}, {@code NaN}), from Java's round-tripping digits, so files
     * written by Python tools and by llmbench look alike and every value reads back exactly.
     */
    public static String python(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String s = b.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
        String digits = b.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (b.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }

    /** A whole double as an integer ({@code 1707}); anything else as {@link #python}. */
    public static String wholeOrPython(double d) {
        if (!Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return Long.toString((long) d);
        }
        return python(d);
    }

    /** Nanoseconds as exact milliseconds, e.g. {@code 1234567 -> "1.234567"}; -1 (absent) as empty. */
    public static String millisOfNanos(long nanos) {
        if (nanos < 0) {
            return "";
        }
        return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString();
    }

    /** Parses exact milliseconds back to nanoseconds; throws on more than 6 decimals. */
    public static long nanosOfMillis(String column, String text) {
        if (text == null) {
            return -1;
        }
        try {
            return new BigDecimal(text.trim()).movePointRight(6).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CellException(column, "must be milliseconds with at most 6 decimals", text);
        }
    }

    /** A value for display: NaN stays NaN, others rounded to {@code digits} significant digits. */
    public static double round(double d, int digits) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
            return d;
        }
        double scale = Math.pow(10, digits - 1 - (int) Math.floor(Math.log10(Math.abs(d))));
        return Math.round(d * scale) / scale;
    }
}
