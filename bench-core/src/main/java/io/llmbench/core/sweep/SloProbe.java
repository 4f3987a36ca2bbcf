package io.llmbench.core.sweep;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import java.util.List;
import java.util.Objects;

/**
 * One run of an {@link SloSearch}: a load level, whether the endpoint met every SLO there, and
 * what it missed. Immutable.
 *
 * @param load       the load probed
 * @param met        whether every SLO and the minimum success rate were met
 * @param violations what was missed, e.g. {@code ttft p95 = 812.3 ms > 500 ms}; empty when met
 * @param result     the endpoint's result at this level
 */
public record SloProbe(Load load, boolean met, List<String> violations, EndpointResult result) {
    public SloProbe {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(result, "result");
        violations = List.copyOf(violations);
    }

    /** The level probed: requests per second, or concurrency. */
    public double level() {
        return load.traffic().level();
    }

    @Override
    public String toString() {
        return load.traffic() + (met ? " met" : " missed " + violations);
    }
}
