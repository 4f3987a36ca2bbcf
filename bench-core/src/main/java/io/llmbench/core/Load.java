package io.llmbench.core;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How requests are offered to an endpoint. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #sequential()}: one request at a time.</li>
 *   <li>{@link #concurrency(int)}: a closed loop keeping N requests in flight.</li>
 *   <li>{@link #constantRate(double)}, {@link #poisson(double)}, {@link #gamma(double, double)}: an
 *       open loop sending at a target rate in requests per second, optionally capped with
 *       {@link #maxConcurrency(int)}. Sends held back by the cap or a late scheduler are measured
 *       as schedule lag, and latency is also reported from the scheduled time.</li>
 * </ul>
 */
public final class Load {
    /** How inter-arrival gaps are drawn in rate modes. */
    public enum Arrival {
        /** Closed loop: a new request as soon as one finishes. */
        CLOSED,
        /** Evenly spaced sends. */
        CONSTANT,
        /** Exponential gaps (a Poisson process). */
        POISSON,
        /** Gamma-distributed gaps; burstiness 1 is Poisson, below 1 burstier, above 1 smoother. */
        GAMMA
    }

    private final Arrival arrival;
    private final Traffic traffic;
    private final int concurrency;
    private final double rate;
    private final double burstiness;
    private final int maxConcurrency;

    private Load(Arrival arrival, Traffic traffic, int concurrency, double rate, double burstiness, int maxConcurrency) {
        this.arrival = arrival;
        this.traffic = traffic;
        this.concurrency = concurrency;
        this.rate = rate;
        this.burstiness = burstiness;
        this.maxConcurrency = maxConcurrency;
    }

    /** One request at a time. */
    public static Load sequential() {
        return new Load(Arrival.CLOSED, new Traffic(Traffic.Mode.SEQUENTIAL, 1), 1, 0, 0, 1);
    }

    /** A closed loop with {@code n} requests in flight. */
    public static Load concurrency(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, but was " + n);
        }
        return new Load(Arrival.CLOSED, new Traffic(Traffic.Mode.CONCURRENCY, n), n, 0, 0, n);
    }

    /** Evenly spaced sends at {@code rate} requests per second. */
    public static Load constantRate(double rate) {
        return rate(Arrival.CONSTANT, rate, 1);
    }

    /** A Poisson process at {@code rate} requests per second (vLLM's default). */
    public static Load poisson(double rate) {
        return rate(Arrival.POISSON, rate, 1);
    }

    /**
     * Gamma-distributed gaps with mean {@code 1/rate} and shape {@code burstiness} (vLLM's
     * {@code --burstiness}): 1 is Poisson, smaller is burstier.
     */
    public static Load gamma(double rate, double burstiness) {
        if (!(burstiness > 0) || Double.isInfinite(burstiness)) {
            throw new IllegalArgumentException("burstiness must be a finite number > 0, but was " + burstiness);
        }
        return rate(Arrival.GAMMA, rate, burstiness);
    }

    private static Load rate(Arrival arrival, double rate, double burstiness) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number > 0 requests/s, but was " + rate);
        }
        return new Load(arrival, new Traffic(Traffic.Mode.RATE, rate), 0, rate, burstiness, 0);
    }

    /**
     * Caps the requests in flight in a rate mode; sends beyond the cap wait (and the wait is
     * measured as schedule lag).
     */
    public Load maxConcurrency(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, but was " + cap);
        }
        if (arrival == Arrival.CLOSED) {
            throw new IllegalStateException("maxConcurrency applies to rate modes only; " + traffic + " already fixes the concurrency");
        }
        return new Load(arrival, traffic, 0, rate, burstiness, cap);
    }

    public Arrival arrival() {
        return arrival;
    }

    /** The traffic mode and level stored with results. */
    public Traffic traffic() {
        return traffic;
    }

    /** Requests in flight in the closed-loop modes; 0 in rate modes. */
    public int concurrency() {
        return concurrency;
    }

    /** Target requests per second in rate modes; 0 in closed-loop modes. */
    public double rate() {
        return rate;
    }

    /** The gamma shape in {@link Arrival#GAMMA} mode; 1 for Poisson. */
    public double burstiness() {
        return burstiness;
    }

    /** The cap on requests in flight, or 0 for none. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** Whether requests are sent on a schedule (open loop). */
    public boolean isOpenLoop() {
        return arrival != Arrival.CLOSED;
    }

    /** The next gap between scheduled sends in nanoseconds; rate modes only. */
    long nextGapNanos(SplittableRandom random) {
        double meanSeconds = 1.0 / rate;
        double seconds;
        switch (arrival) {
            case CONSTANT: seconds = meanSeconds; break;
            case POISSON: seconds = -Math.log(1.0 - random.nextDouble()) * meanSeconds; break;
            case GAMMA: seconds = gamma(random, burstiness) * meanSeconds / burstiness; break;
            default: throw new IllegalStateException("closed-loop load has no schedule");
        }
        return Math.round(seconds * 1e9);
    }

    /** Marsaglia-Tsang sampling of Gamma(shape, 1). */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(random, shape + 1) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * The load's name, used in every table, report and message: {@code sequential},
     * {@code concurrency 16}, {@code poisson 20 req/s}, {@code constant 5 req/s max 32 in flight},
     * {@code gamma 20 req/s burstiness 0.5}. Open-loop runs keep it in their
     * {@value RunInfo#LOAD_LABEL} label, so stored runs are named the same way.
     */
    @Override
    public String toString() {
        switch (arrival) {
            case CLOSED: return traffic.mode() == Traffic.Mode.SEQUENTIAL ? "sequential" : "concurrency " + concurrency;
            case GAMMA: return "gamma " + traffic + " burstiness " + Traffic.level(burstiness) + cap();
            default: return arrival.name().toLowerCase(Locale.ROOT) + " " + traffic + cap();
        }
    }

    private String cap() {
        return maxConcurrency > 0 ? " max " + maxConcurrency + " in flight" : "";
    }
}
