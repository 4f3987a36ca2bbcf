package io.llmbench.report;

import java.util.List;
import java.util.Objects;

/**
 * Candidates on two criteria with the Pareto-optimal ones flagged, drawn as a scatter with the
 * front joined by a line. Fill it from a multi-criteria choice. Immutable and thread-safe.
 *
 * @param title  the chart's title
 * @param xLabel the x criterion with its unit, e.g. {@code "TTFT p95 (ms)"}
 * @param yLabel the y criterion with its unit, e.g. {@code "output tokens/s"}
 * @param points the candidates
 */
public record ParetoFront(String title, String xLabel, String yLabel, List<Point> points) {
    public ParetoFront {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        points = List.copyOf(points);
    }

    /**
     * One candidate.
     *
     * @param name    its name, shown on hover
     * @param x       its x criterion
     * @param y       its y criterion
     * @param onFront whether it is on the Pareto front
     */
    public record Point(String name, double x, double y, boolean onFront) {
        public Point {
            Objects.requireNonNull(name, "name");
        }
    }
}
