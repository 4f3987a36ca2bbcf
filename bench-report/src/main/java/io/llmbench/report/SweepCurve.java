package io.llmbench.report;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Slo;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A sweep to draw: runs of one deployment at increasing traffic levels (concurrency or request
 * rate), drawn as latency and throughput against the offered load, with the SLO thresholds and the
 * knee (the highest level that still met the SLOs) when the caller marks one. Immutable and
 * thread-safe.
 *
 * @param name      the chart's name, e.g. the deployment's
 * @param steps     one result per traffic level; drawn sorted by {@link io.llmbench.core.Traffic#level()}
 * @param kneeLevel the traffic level marked as the SLO knee, or NaN for none
 * @param slos      SLOs drawn as threshold lines (those on millisecond metrics); may be empty
 */
public record SweepCurve(String name, List<EndpointResult> steps, double kneeLevel, List<Slo> slos) {
    public SweepCurve {
        Objects.requireNonNull(name, "name");
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("sweep steps must not be empty, but was " + steps);
        }
        steps = steps.stream().sorted(Comparator.comparingDouble(s -> s.run().traffic().level())).toList();
        slos = slos == null ? List.of() : List.copyOf(slos);
        if (Double.isInfinite(kneeLevel)) {
            throw new IllegalArgumentException("sweep kneeLevel must be finite or NaN, but was " + kneeLevel);
        }
    }

    /** A sweep without a knee or SLOs. */
    public static SweepCurve of(String name, List<EndpointResult> steps) {
        return new SweepCurve(name, steps, Double.NaN, List.of());
    }

    /** This sweep with the knee marked at a traffic level and the SLOs it was judged by. */
    public SweepCurve withKnee(double level, List<Slo> slos) {
        return new SweepCurve(name, steps, level, slos);
    }
}
