package io.llmbench.report;

import java.util.List;
import java.util.Objects;

/**
 * A prediction chart to draw: one or more predicted series over one input (e.g. E2E latency
 * against output tokens), each with its interval band and optionally the measured points. Fill it
 * from a predictor's output. Immutable and thread-safe.
 *
 * @param title  the chart's title
 * @param xLabel the x axis title with its unit, e.g. {@code "output tokens"}
 * @param yLabel the y axis title with its unit, e.g. {@code "E2E p50 (ms)"}
 * @param series the series; at least one
 */
public record PredictionCurve(String title, String xLabel, String yLabel, List<Series> series) {
    public PredictionCurve {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("prediction series must not be empty, but was " + series);
        }
        series = List.copyOf(series);
    }

    /**
     * One predicted line.
     *
     * @param name     the legend name, e.g. the deployment and predictor
     * @param points   predicted points, drawn in x order; {@code lower}/{@code upper} NaN where no interval is known
     * @param observed measured points drawn as dots for comparison (their bands are ignored); may be empty
     */
    public record Series(String name, List<BandPoint> points, List<BandPoint> observed) {
        public Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
            observed = observed == null ? List.of() : List.copyOf(observed);
        }

        /** A series without measured points. */
        public static Series of(String name, List<BandPoint> points) {
            return new Series(name, points, List.of());
        }
    }

    /**
     * A point with an optional interval.
     *
     * @param x     the input value
     * @param y     the predicted (or measured) value
     * @param lower the interval's lower end, or NaN
     * @param upper the interval's upper end, or NaN
     */
    public record BandPoint(double x, double y, double lower, double upper) {
        public BandPoint {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("point x must be finite, but was " + x);
            }
            if (!Double.isNaN(lower) && !Double.isNaN(upper) && lower > upper) {
                throw new IllegalArgumentException("interval lower must be <= upper, but was " + lower + " > " + upper);
            }
        }

        /** A point without an interval. */
        public static BandPoint of(double x, double y) {
            return new BandPoint(x, y, Double.NaN, Double.NaN);
        }
    }
}
