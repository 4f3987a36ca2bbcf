package io.llmbench.core.assertions;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Slo;
import io.llmbench.core.SloVerdict;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Assertions on one endpoint's run. Each assertion returns this object, so they chain; a failed
 * one throws an {@link AssertionError} whose message is the {@link SloVerdict#message()} (or,
 * for the success rate alone, one sentence with the failures by kind). Immutable and thread-safe.
 */
public final class EndpointResultAssert {
    private final EndpointResult actual;
    private final double minSuccessRate;

    EndpointResultAssert(EndpointResult actual, double minSuccessRate) {
        this.actual = Objects.requireNonNull(actual, "actual");
        this.minSuccessRate = minSuccessRate;
    }

    /**
     * The success rate that {@link #meets} requires from here on, instead of
     * {@link SloVerdict#DEFAULT_MIN_SUCCESS_RATE} (every request).
     *
     * @param rate in [0, 1], e.g. 0.99 to tolerate one failed request in a hundred
     */
    public EndpointResultAssert withMinSuccessRate(double rate) {
        return new EndpointResultAssert(actual, fraction("minSuccessRate", rate));
    }

    /**
     * Asserts that the run met every SLO and the minimum success rate.
     *
     * @throws AssertionError listing every objective with its measured value, the missed ones
     *                        first with the amount by which they were missed
     */
    public EndpointResultAssert meets(Slo... slos) {
        return meets(List.of(slos));
    }

    /** As {@link #meets(Slo...)}. */
    public EndpointResultAssert meets(List<Slo> slos) {
        SloVerdict.of(actual, minSuccessRate, slos).orThrow();
        return this;
    }

    /**
     * Asserts that at least this share of requests succeeded.
     *
     * @param rate in [0, 1]
     */
    public EndpointResultAssert hasSuccessRateAtLeast(double rate) {
        fraction("rate", rate);
        double actualRate = actual.job().successRate();
        if (!(actualRate >= rate)) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "endpoint '%s' (%s): %d of %d requests succeeded (%s), expected at least %.2f%%%s",
                    actual.name(), actual.run().traffic(), actual.job().succeeded(), actual.job().requests(),
                    Double.isNaN(actualRate) ? "no requests" : String.format(Locale.ROOT, "%.2f%%", 100 * actualRate),
                    100 * rate, actual.job().failures().isEmpty() ? "" : "; failed: " + actual.job().failures()));
        }
        return this;
    }

    /** Asserts that no request failed. */
    public EndpointResultAssert hasNoFailures() {
        return hasSuccessRateAtLeast(1.0);
    }

    /** The verdict {@link #meets} would check, for tests that inspect it themselves. */
    public SloVerdict verdict(Slo... slos) {
        return SloVerdict.of(actual, minSuccessRate, List.of(slos));
    }

    static double fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], but was " + value);
        }
        return value;
    }

    /** The run under test. */
    public EndpointResult actual() {
        return actual;
    }
}
