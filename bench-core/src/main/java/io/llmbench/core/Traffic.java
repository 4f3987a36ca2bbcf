package io.llmbench.core;

import java.util.Locale;
import java.util.Objects;

/**
 * How a run loaded the endpoint, as stored and reported: the mode and its level.
 *
 * @param mode  the traffic mode
 * @param level concurrency (requests in flight) for {@code CONCURRENCY}, requests per second for
 *              {@code RATE}, 1 for {@code SEQUENTIAL}
 */
public record Traffic(Mode mode, double level) {
    /** Traffic modes. */
    public enum Mode {
        /** One request at a time. */
        SEQUENTIAL("sequential"),
        /** A fixed number of requests in flight (closed loop). */
        CONCURRENCY("concurrency"),
        /** A target request rate (open loop), called {@code qps} in the summary CSV. */
        RATE("qps");

        private final String csvName;

        Mode(String csvName) {
            this.csvName = csvName;
        }

        /** The name used in the summary CSV's {@code traffic_mode} column. */
        public String csvName() {
            return csvName;
        }

        /** Parses a {@code traffic_mode} value: {@code qps}/{@code rate}, {@code concurrency}, {@code sequential}. */
        public static Mode parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "qps": case "rate": case "rps": return RATE;
                case "concurrency": case "concurrent": return CONCURRENCY;
                case "sequential": case "serial": return SEQUENTIAL;
                default: throw new IllegalArgumentException(
                        "traffic_mode must be one of qps, rate, concurrency, sequential, but was '" + text + "'");
            }
        }
    }

    public Traffic {
        Objects.requireNonNull(mode, "mode");
        if (!(level > 0) || Double.isInfinite(level)) {
            throw new IllegalArgumentException("traffic level must be a finite number > 0, but was " + level);
        }
    }

    /**
     * How people read it, the same way {@link Load#toString()} names a load: {@code sequential},
     * {@code concurrency 16}, {@code 20 req/s}.
     */
    @Override
    public String toString() {
        switch (mode) {
            case SEQUENTIAL: return "sequential";
            case CONCURRENCY: return "concurrency " + level(level);
            default: return level(level) + " req/s";
        }
    }

    /** A level without a trailing {@code .0}, and with at most 3 decimals. */
    static String level(double level) {
        if (level == Math.rint(level)) {
            return Long.toString((long) level);
        }
        String s = String.format(Locale.ROOT, "%.3f", level);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
