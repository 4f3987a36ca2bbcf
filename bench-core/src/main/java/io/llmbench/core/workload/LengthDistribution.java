package io.llmbench.core.workload;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A distribution of lengths in tokens: a normal distribution with the given mean and standard
 * deviation, truncated to {@code [min, max]} and rounded to whole tokens. A standard deviation of
 * 0 gives the mean every time. Immutable and thread-safe.
 *
 * <p>Samples are drawn by rejection: a normal draw rounded to a whole number is kept when it lies
 * in {@code [min, max]}. When {@value #MAX_REJECTIONS} draws in a row fall outside (a range far
 * narrower than the spread), a uniform draw from {@code [min, max]} is used instead.
 *
 * @param mean  the mean in tokens, in {@code [min, max]}
 * @param stdev the standard deviation in tokens, {@code >= 0}
 * @param min   the smallest length, {@code >= 1}
 * @param max   the largest length, {@code >= min}
 */
public record LengthDistribution(int mean, int stdev, int min, int max) {
    /** Normal draws tried before falling back to a uniform draw. */
    public static final int MAX_REJECTIONS = 64;

    /** With no explicit bounds, lengths stay within this many standard deviations of the mean. */
    public static final int DEFAULT_BOUND_STDEVS = 4;

    /** @throws IllegalArgumentException naming the field, the rule and the value */
    public LengthDistribution {
        if (min < 1) {
            throw new IllegalArgumentException("min length must be >= 1 token, but was " + min);
        }
        if (max < min) {
            throw new IllegalArgumentException("max length must be >= min (" + min + "), but was " + max);
        }
        if (mean < min || mean > max) {
            throw new IllegalArgumentException("mean length must be in [min, max] = [" + min + ", " + max + "], but was " + mean);
        }
        if (stdev < 0) {
            throw new IllegalArgumentException("stdev of lengths must be >= 0, but was " + stdev);
        }
    }

    /** Always {@code tokens}. */
    public static LengthDistribution fixed(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("length must be >= 1 token, but was " + tokens);
        }
        return new LengthDistribution(tokens, 0, tokens, tokens);
    }

    /**
     * A normal distribution bounded to {@code mean ± }{@value #DEFAULT_BOUND_STDEVS}{@code  stdev}
     * and to at least 1 token.
     */
    public static LengthDistribution normal(int mean, int stdev) {
        if (mean < 1) {
            throw new IllegalArgumentException("mean length must be >= 1 token, but was " + mean);
        }
        if (stdev < 0) {
            throw new IllegalArgumentException("stdev of lengths must be >= 0, but was " + stdev);
        }
        long spread = (long) DEFAULT_BOUND_STDEVS * stdev;
        return new LengthDistribution(mean, stdev, (int) Math.max(1, mean - spread),
                (int) Math.min(Integer.MAX_VALUE, mean + spread));
    }

    /** A normal distribution truncated to {@code [min, max]}. */
    public static LengthDistribution normal(int mean, int stdev, int min, int max) {
        return new LengthDistribution(mean, stdev, min, max);
    }

    /** Whether every sample is the same. */
    public boolean isFixed() {
        return stdev == 0 || min == max;
    }

    /** Draws a length. */
    public int sample(SplittableRandom random) {
        if (isFixed()) {
            return mean;
        }
        for (int i = 0; i < MAX_REJECTIONS; i++) {
            long v = Math.round(mean + stdev * gaussian(random));
            if (v >= min && v <= max) {
                return (int) v;
            }
        }
        return (int) (min + random.nextLong((long) max - min + 1));
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        if (isFixed()) {
            return Integer.toString(mean);
        }
        return String.format(Locale.ROOT, "%d±%d[%d..%d]", mean, stdev, min, max);
    }
}
