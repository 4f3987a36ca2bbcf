package io.llmbench.report;

/** What a CSV reader does with bad rows. */
public enum ImportMode {
    /** Any problem fails the whole read with a {@link CsvFormatException} listing every problem; nothing is returned. */
    ALL_OR_NOTHING,
    /** Bad rows are left out and reported in {@link ImportResult#problems()}; good rows are returned. */
    SKIP_AND_REPORT
}
