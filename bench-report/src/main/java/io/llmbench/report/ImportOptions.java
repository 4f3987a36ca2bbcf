package io.llmbench.report;

import java.time.Instant;
import java.util.Objects;

/**
 * How CSV readers treat bad rows, and what they fill in for facts a file does not hold.
 * Immutable and thread-safe; build with {@link #custom()} or take {@link #ofDefaults()}.
 *
 * <pre>{@code
 * ImportOptions opts = ImportOptions.custom().mode(ImportMode.SKIP_AND_REPORT).startedAt(Instant.parse("2025-01-01T00:00:00Z")).build();
 * }</pre>
 *
 * @param mode      what to do with bad rows; default {@link #DEFAULT_MODE}
 * @param startedAt the start time given to runs read from files that have none (the benchmark
 *                  summary CSV); each run's end is this plus its elapsed time. Default
 *                  {@link #DEFAULT_STARTED_AT}, a fixed instant, so that reading the same file
 *                  twice gives equal results
 */
public record ImportOptions(ImportMode mode, Instant startedAt) {
    /** Bad rows fail the read unless the caller asks otherwise. */
    public static final ImportMode DEFAULT_MODE = ImportMode.ALL_OR_NOTHING;
    /** The Unix epoch: marks "unknown" and keeps reads reproducible. */
    public static final Instant DEFAULT_STARTED_AT = Instant.EPOCH;

    public ImportOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** All-or-nothing, runs starting at the epoch. */
    public static ImportOptions ofDefaults() {
        return new ImportOptions(DEFAULT_MODE, DEFAULT_STARTED_AT);
    }

    /** Defaults with another mode. */
    public static ImportOptions of(ImportMode mode) {
        return new ImportOptions(mode, DEFAULT_STARTED_AT);
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder(ofDefaults());
    }

    /** A builder starting from {@code base}. */
    public static Builder from(ImportOptions base) {
        return new Builder(base);
    }

    /** Builds {@link ImportOptions}. Not thread-safe. */
    public static final class Builder {
        private ImportMode mode;
        private Instant startedAt;

        private Builder(ImportOptions base) {
            this.mode = base.mode;
            this.startedAt = base.startedAt;
        }

        /** What to do with bad rows. */
        public Builder mode(ImportMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The start time for runs whose file does not record one. */
        public Builder startedAt(Instant startedAt) {
            this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
            return this;
        }

        public ImportOptions build() {
            return new ImportOptions(mode, startedAt);
        }
    }
}
