package io.llmbench.core.assertions;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Slo;
import io.llmbench.core.SloVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Assertions on every endpoint of a benchmark. A failure reports every endpoint that missed,
 * not only the first. Immutable and thread-safe.
 */
public final class BenchmarkResultAssert {
    private final BenchmarkResult actual;
    private final double minSuccessRate;

    BenchmarkResultAssert(BenchmarkResult actual, double minSuccessRate) {
        this.actual = Objects.requireNonNull(actual, "actual");
        this.minSuccessRate = minSuccessRate;
    }

    /** As {@link EndpointResultAssert#withMinSuccessRate}, for every endpoint. */
    public BenchmarkResultAssert withMinSuccessRate(double rate) {
        return new BenchmarkResultAssert(actual, EndpointResultAssert.fraction("minSuccessRate", rate));
    }

    /**
     * Asserts that every endpoint met every SLO and the minimum success rate.
     *
     * @throws AssertionError with the verdict of each endpoint that missed, separated by blank lines
     */
    public BenchmarkResultAssert meets(Slo... slos) {
        List<String> failed = new ArrayList<>();
        for (EndpointResult e : actual.endpoints()) {
            SloVerdict v = SloVerdict.of(e, minSuccessRate, List.of(slos));
            if (!v.passed()) {
                failed.add(v.message());
            }
        }
        if (!failed.isEmpty()) {
            throw new AssertionError(failed.size() + " of " + actual.endpoints().size() + " endpoints missed their objectives:\n"
                    + String.join("\n\n", failed));
        }
        return this;
    }

    /**
     * Assertions on one endpoint, keeping this object's minimum success rate.
     *
     * @throws IllegalArgumentException when no endpoint has that name
     */
    public EndpointResultAssert endpoint(String name) {
        return new EndpointResultAssert(actual.endpoint(name), minSuccessRate);
    }
}
