package io.llmbench.core.sweep;

import io.llmbench.core.EndpointResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The result of a {@link Sweep}: one {@link SweepPoint} per level run, in the order run. Immutable
 * and thread-safe.
 *
 * @param points   the levels run (fewer than asked when the sweep stopped early)
 * @param stopped  why the sweep stopped before its last level, or null when it ran them all
 */
public record SweepResult(List<SweepPoint> points, String stopped) {
    public SweepResult {
        points = List.copyOf(points);
    }

    /** The endpoint names, in the order of the first level's results. */
    public Set<String> endpointNames() {
        Set<String> names = new LinkedHashSet<>();
        for (SweepPoint p : points) {
            p.result().endpoints().forEach(e -> names.add(e.name()));
        }
        return names;
    }

    /** One endpoint's result at every level, in level order. */
    public List<EndpointResult> endpoint(String name) {
        List<EndpointResult> out = new ArrayList<>(points.size());
        for (SweepPoint p : points) {
            out.add(p.endpoint(name));
        }
        return out;
    }

    /** The levels run: concurrency, or requests per second. */
    public List<Double> levels() {
        return points.stream().map(SweepPoint::level).toList();
    }

    /** Steady-state throughput of one endpoint at every level. */
    public List<SteadyState> steadyState(String name) {
        return endpoint(name).stream().map(SteadyState::of).toList();
    }
}
