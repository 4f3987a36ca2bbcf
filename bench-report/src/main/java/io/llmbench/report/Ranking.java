package io.llmbench.report;

import java.util.List;
import java.util.Objects;

/**
 * A ranking to draw as horizontal bars, best first in the order given (e.g. models by TTFT p95, or
 * a TOPSIS score). Fill it from a ranking's output. Immutable and thread-safe.
 *
 * @param title      the chart's title
 * @param valueLabel what the value is, with its unit, e.g. {@code "TTFT p95 (ms)"}
 * @param entries    the ranked entries, best first
 */
public record Ranking(String title, String valueLabel, List<Entry> entries) {
    public Ranking {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(valueLabel, "valueLabel");
        entries = List.copyOf(entries);
    }

    /**
     * One ranked item.
     *
     * @param name  what is ranked, e.g. a deployment's name
     * @param value its value
     */
    public record Entry(String name, double value) {
        public Entry {
            Objects.requireNonNull(name, "name");
        }
    }
}
