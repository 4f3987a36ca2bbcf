package io.llmbench.core.assertions;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;

/**
 * Entry points of the fluent SLO assertions, in the style of AssertJ's {@code assertThat}.
 * Import them statically; they sit beside AssertJ's own {@code assertThat} without ambiguity,
 * because their parameter types are more specific. Stateless and thread-safe.
 *
 * @see EndpointResultAssert
 * @see BenchmarkResultAssert
 */
public final class BenchmarkAssertions {
    private BenchmarkAssertions() {
    }

    /** Assertions on one endpoint's run. */
    public static EndpointResultAssert assertThat(EndpointResult actual) {
        return new EndpointResultAssert(actual, io.llmbench.core.SloVerdict.DEFAULT_MIN_SUCCESS_RATE);
    }

    /** Assertions on every endpoint of a benchmark. */
    public static BenchmarkResultAssert assertThat(BenchmarkResult actual) {
        return new BenchmarkResultAssert(actual, io.llmbench.core.SloVerdict.DEFAULT_MIN_SUCCESS_RATE);
    }
}
