package io.llmbench.core.server;

/** The type of a metric family in the Prometheus text format, from its {@code # TYPE} line. Thread-safe. */
public enum FamilyType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED;

    /** The type's name as written in a {@code # TYPE} line. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type written as {@code text}, or null when it is none of them. */
    public static FamilyType of(String text) {
        return switch (text) {
            case "counter" -> COUNTER;
            case "gauge" -> GAUGE;
            case "histogram" -> HISTOGRAM;
            case "summary" -> SUMMARY;
            case "untyped" -> UNTYPED;
            default -> null;
        };
    }
}
