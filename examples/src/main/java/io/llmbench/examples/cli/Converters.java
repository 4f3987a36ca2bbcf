package io.llmbench.examples.cli;

import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import io.llmbench.model.history.Threshold;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag value types: durations ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}, ISO-8601),
 * SLOs ({@code ttft=500}, {@code ttft:p99=500}, {@code user_tps:p90=20}) and traffic
 * ({@code concurrency:8}, {@code rate:2.5}, {@code sequential}). Conversion errors name the rule and
 * the value; picocli adds the flag.
 */
final class Converters {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern SLO = Pattern.compile("([a-z_0-9]+)(?::p(\\d+(?:\\.\\d+)?))?\\s*=\\s*(.+)");

    private Converters() {
    }

    static void register(CommandLine cl) {
        cl.registerConverter(Duration.class, Converters::duration);
        cl.registerConverter(Slo.class, Converters::slo);
        cl.registerConverter(Traffic.class, Converters::traffic);
        cl.registerConverter(Threshold.class, Converters::threshold);
    }

    /** A regression threshold such as {@code ttft:p95=5%}; see {@link Threshold#parse}. */
    static Threshold threshold(String text) {
        try {
            return Threshold.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return positive(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("must be a duration such as 30s, 2m, 1h30m or PT30S, but was '" + text + "'");
            }
        }
        Matcher m = DURATION_PART.matcher(t);
        int at = 0;
        double nanos = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86400e9;
            };
            at = m.end();
        }
        if (at == 0 || at != t.length()) {
            throw new TypeConversionException("must be a duration such as 30s, 2m, 1h30m or PT30S, but was '" + text + "'");
        }
        return positive(Duration.ofNanos(Math.round(nanos)), text);
    }

    private static Duration positive(Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("must be a duration > 0, but was '" + text + "'");
        }
        return d;
    }

    static Slo slo(String text) {
        Matcher m = SLO.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("must be METRIC[:pNN]=THRESHOLD such as ttft=500 or tpot:p99=50, but was '" + text + "'");
        }
        Metric metric;
        try {
            metric = Metric.ofKey(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("metric must be one of " + Arrays.stream(Metric.values())
                    .map(Metric::key).collect(Collectors.joining(", ")) + ", but was '" + m.group(1) + "' in '" + text + "'");
        }
        double percentile = m.group(2) == null ? Slo.DEFAULT_PERCENTILE : Double.parseDouble(m.group(2));
        double threshold;
        try {
            threshold = Double.parseDouble(m.group(3).trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("threshold must be a number, but was '" + m.group(3) + "' in '" + text + "'");
        }
        try {
            return new Slo(metric, threshold, percentile);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static Traffic traffic(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("sequential")) {
            return new Traffic(Traffic.Mode.SEQUENTIAL, 1);
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new TypeConversionException("must be sequential, concurrency:N or rate:R, but was '" + text + "'");
        }
        Traffic.Mode mode;
        double level;
        try {
            mode = Traffic.Mode.parse(t.substring(0, colon));
            level = Double.parseDouble(t.substring(colon + 1));
            return new Traffic(mode, level);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("must be sequential, concurrency:N or rate:R with a number > 0, but was '" + text + "'");
        }
    }
}
