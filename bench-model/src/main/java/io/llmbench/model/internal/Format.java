package io.llmbench.model.internal;

import java.util.Locale;

/** The one way numbers are written in messages, reasons and method descriptions. */
public final class Format {
    private Format() {
    }

    /** Whole numbers as they are; others to 4 significant digits without trailing zeros. */
    public static String number(double d) {
        return number(d, 4);
    }

    /** Whole numbers as they are; others to {@code digits} significant digits without trailing zeros. */
    public static String number(double d, int digits) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        String s = String.format(Locale.ROOT, "%." + digits + "g", d);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
