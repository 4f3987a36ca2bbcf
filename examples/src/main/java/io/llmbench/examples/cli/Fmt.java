package io.llmbench.examples.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number, time and duration formats for tables. */
final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    /** A value with about three significant digits; "-" for NaN. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a >= 1000 || a == Math.rint(a) && a < 1e15) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A fraction as a percentage with one decimal; "-" for NaN. */
    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    /** A duration as h:mm:ss, or d days h:mm:ss for long ones, or seconds with a decimal under a minute. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "-";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        long days = s / 86400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
        return days > 0 ? days + " d " + hms : hms;
    }

    static String duration(Duration d) {
        return duration(d.toNanos() / 1e9);
    }

    /** A run id for a table: its first 8 characters (an unambiguous prefix for the commands), in full with --wide. */
    static String id(String id, int tableWidth) {
        return tableWidth == Integer.MAX_VALUE || id.length() <= 8 ? id : id.substring(0, 8);
    }

    /** A traffic level without a trailing ".0". */
    static String level(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : Double.toString(level);
    }
}
