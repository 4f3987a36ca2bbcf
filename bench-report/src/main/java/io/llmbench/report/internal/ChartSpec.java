package io.llmbench.report.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart as the page script draws it: a small, library-neutral description that
 * {@code report.js} turns into a Chart.js configuration. Serialised to JSON with nulls left out.
 * Not API; not thread-safe while being built.
 *
 * @param id         the canvas id
 * @param group      the page section the chart belongs to
 * @param title      shown above the chart (escaped as text)
 * @param note       a line under the chart, e.g. how data was sampled; may be null
 * @param kind       {@code bar}, {@code line} or {@code scatter}
 * @param horizontal bars run horizontally
 * @param stacked    bars are stacked
 * @param x          the x axis
 * @param y          the left y axis
 * @param y2         the right y axis, or null
 * @param labels     category labels for bar charts, or null
 * @param datasets   the data series
 */
public record ChartSpec(String id, String group, String title, String note, String kind, Boolean horizontal, Boolean stacked,
                        Axis x, Axis y, Axis y2, List<String> labels, List<Dataset> datasets) {

    /**
     * An axis.
     *
     * @param title its title with the unit
     * @param type  {@code category}, {@code linear}, {@code logarithmic}, or {@code nines} (a linear
     *              axis of -log10(1 - p) drawn with percentile tick labels)
     */
    public record Axis(String title, String type) {
    }

    /**
     * One series. {@code data} holds numbers (bar/line over categories), {@code [x, y]} pairs, or
     * {@code {x, y, name}} objects (named points).
     */
    public record Dataset(String label, String type, List<Object> data, String color, String fill, String axis,
                          Boolean line, Double radius, Boolean dash, Boolean hidden, Boolean legend, Boolean band) {
        public static Dataset of(String label, List<Object> data, String color) {
            return new Dataset(label, null, data, color, null, null, null, null, null, null, null, null);
        }

        public Dataset type(String t) {
            return new Dataset(label, t, data, color, fill, axis, line, radius, dash, hidden, legend, band);
        }

        public Dataset fill(String f) {
            return new Dataset(label, type, data, color, f, axis, line, radius, dash, hidden, legend, band);
        }

        public Dataset axis(String a) {
            return new Dataset(label, type, data, color, fill, a, line, radius, dash, hidden, legend, band);
        }

        public Dataset line(boolean l) {
            return new Dataset(label, type, data, color, fill, axis, l, radius, dash, hidden, legend, band);
        }

        public Dataset radius(double r) {
            return new Dataset(label, type, data, color, fill, axis, line, r, dash, hidden, legend, band);
        }

        public Dataset dashed() {
            return new Dataset(label, type, data, color, fill, axis, line, radius, true, hidden, legend, band);
        }

        public Dataset hiddenAtFirst() {
            return new Dataset(label, type, data, color, fill, axis, line, radius, dash, true, legend, band);
        }

        public Dataset noLegend() {
            return new Dataset(label, type, data, color, fill, axis, line, radius, dash, hidden, false, band);
        }

        public Dataset asBand() {
            return new Dataset(label, type, data, color, fill, axis, line, radius, dash, hidden, legend, true);
        }
    }

    /** A started chart to add datasets to. */
    public static ChartSpec of(String group, String title, String kind, Axis x, Axis y) {
        return new ChartSpec(null, group, title, null, kind, null, null, x, y, null, null, new ArrayList<>());
    }

    public ChartSpec id(String newId) {
        return new ChartSpec(newId, group, title, note, kind, horizontal, stacked, x, y, y2, labels, datasets);
    }

    public ChartSpec note(String n) {
        return new ChartSpec(id, group, title, n, kind, horizontal, stacked, x, y, y2, labels, datasets);
    }

    public ChartSpec labels(List<String> l) {
        return new ChartSpec(id, group, title, note, kind, horizontal, stacked, x, y, y2, l, datasets);
    }

    public ChartSpec y2(Axis a) {
        return new ChartSpec(id, group, title, note, kind, horizontal, stacked, x, y, a, labels, datasets);
    }

    public ChartSpec asStacked() {
        return new ChartSpec(id, group, title, note, kind, horizontal, true, x, y, y2, labels, datasets);
    }

    public ChartSpec asHorizontal() {
        return new ChartSpec(id, group, title, note, kind, true, stacked, x, y, y2, labels, datasets);
    }

    /** Adds a dataset (the list is mutable while building). */
    public ChartSpec add(Dataset d) {
        datasets.add(d);
        return this;
    }

    /** Whether any dataset holds a drawable value. */
    public boolean hasData() {
        for (Dataset d : datasets) {
            for (Object o : d.data()) {
                if (o != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
