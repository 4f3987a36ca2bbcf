package io.llmbench.store;

import io.llmbench.core.Traffic;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which runs to list: filters that must all hold, and a page. Results come newest first (by
 * {@link io.llmbench.core.RunInfo#startedAt()}, then by save order). Immutable and thread-safe.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.builder()
 *         .model("meta-llama/Llama-3.1-8B-Instruct")
 *         .label("team", "serving")
 *         .traffic(Traffic.Mode.CONCURRENCY)
 *         .startedBetween(Instant.parse("2026-01-01T00:00:00Z"), Instant.now())
 *         .page(0, 20)
 *         .build();
 * }</pre>
 *
 * <p>Every filter field may be null, meaning "any"; {@code labels} is never null.
 *
 * @param model           exact model id, or null
 * @param provider        exact provider, or null
 * @param endpoint        exact endpoint (deployment) name, or null
 * @param hardware        exact hardware label, or null
 * @param engine          exact engine, or null
 * @param quantization    exact quantization, or null
 * @param cellKey         exact test-matrix cell key, or null
 * @param trafficMode     traffic mode, or null
 * @param minTrafficLevel smallest traffic level (inclusive), or null
 * @param maxTrafficLevel largest traffic level (inclusive), or null
 * @param labels          labels the run must carry, each with exactly this value, on the
 *                        deployment or on the run
 * @param startedFrom     earliest start (inclusive), or null
 * @param startedBefore   latest start (exclusive), or null
 * @param offset          runs to skip, {@code >= 0}
 * @param limit           most runs to return, {@code >= 1}; {@link #UNLIMITED} for all
 */
public record RunQuery(String model, String provider, String endpoint, String hardware, String engine,
                       String quantization, String cellKey, Traffic.Mode trafficMode, Double minTrafficLevel,
                       Double maxTrafficLevel, Map<String, String> labels, Instant startedFrom,
                       Instant startedBefore, int offset, int limit) {

    /** The limit meaning "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public RunQuery {
        labels = labels == null || labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        labels.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("labels must have non-null names and values, but had " + k + "=" + v);
            }
        });
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, but was " + offset);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
        }
        if (minTrafficLevel != null && maxTrafficLevel != null && minTrafficLevel > maxTrafficLevel) {
            throw new IllegalArgumentException("minTrafficLevel must be <= maxTrafficLevel, but was "
                    + minTrafficLevel + " > " + maxTrafficLevel);
        }
        if (startedFrom != null && startedBefore != null && !startedFrom.isBefore(startedBefore)) {
            throw new IllegalArgumentException("startedFrom must be before startedBefore, but was "
                    + startedFrom + " >= " + startedBefore);
        }
    }

    /** Every run, newest first. */
    public static RunQuery all() {
        return builder().build();
    }

    /** Every run of one model, newest first. */
    public static RunQuery ofModel(String model) {
        return builder().model(Objects.requireNonNull(model, "model")).build();
    }

    /** A builder with no filters and no limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this query's filters and page. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.provider = provider;
        b.endpoint = endpoint;
        b.hardware = hardware;
        b.engine = engine;
        b.quantization = quantization;
        b.cellKey = cellKey;
        b.trafficMode = trafficMode;
        b.minTrafficLevel = minTrafficLevel;
        b.maxTrafficLevel = maxTrafficLevel;
        b.labels.putAll(labels);
        b.startedFrom = startedFrom;
        b.startedBefore = startedBefore;
        b.offset = offset;
        b.limit = limit;
        return b;
    }

    /** This query with another page. */
    public RunQuery page(int offset, int limit) {
        return toBuilder().page(offset, limit).build();
    }

    /** Builds a {@link RunQuery}. Not thread-safe. */
    public static final class Builder {
        private String model;
        private String provider;
        private String endpoint;
        private String hardware;
        private String engine;
        private String quantization;
        private String cellKey;
        private Traffic.Mode trafficMode;
        private Double minTrafficLevel;
        private Double maxTrafficLevel;
        private final Map<String, String> labels = new TreeMap<>();
        private Instant startedFrom;
        private Instant startedBefore;
        private int offset;
        private int limit = UNLIMITED;

        private Builder() {
        }

        /** Only runs of this model (exact match). */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Only runs of this provider. */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** Only runs of the endpoint with this name. */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Only runs on this hardware label. */
        public Builder hardware(String hardware) {
            this.hardware = hardware;
            return this;
        }

        /** Only runs of this serving engine. */
        public Builder engine(String engine) {
            this.engine = engine;
            return this;
        }

        /** Only runs with this quantization. */
        public Builder quantization(String quantization) {
            this.quantization = quantization;
            return this;
        }

        /** Only the runs of this test-matrix cell. */
        public Builder cellKey(String cellKey) {
            this.cellKey = cellKey;
            return this;
        }

        /** Only runs with this traffic mode. */
        public Builder traffic(Traffic.Mode mode) {
            this.trafficMode = mode;
            return this;
        }

        /** Only runs with this traffic mode and exactly this level. */
        public Builder traffic(Traffic traffic) {
            this.trafficMode = traffic.mode();
            this.minTrafficLevel = traffic.level();
            this.maxTrafficLevel = traffic.level();
            return this;
        }

        /** Only runs whose traffic level lies in [min, max]. */
        public Builder trafficLevel(double min, double max) {
            this.minTrafficLevel = min;
            this.maxTrafficLevel = max;
            return this;
        }

        /** Only runs carrying this label with this value (on the deployment or on the run). */
        public Builder label(String name, String value) {
            labels.put(Objects.requireNonNull(name, "label name"), Objects.requireNonNull(value, "label value"));
            return this;
        }

        /** Only runs that started at or after {@code from} and before {@code before}; either may be null. */
        public Builder startedBetween(Instant from, Instant before) {
            this.startedFrom = from;
            this.startedBefore = before;
            return this;
        }

        /** Skip {@code offset} runs and return at most {@code limit}. */
        public Builder page(int offset, int limit) {
            this.offset = offset;
            this.limit = limit;
            return this;
        }

        /**
         * The query.
         *
         * @throws IllegalArgumentException when the page is invalid
         * @throws IllegalStateException    when the traffic-level or start-time range is empty
         */
        public RunQuery build() {
            if (minTrafficLevel != null && maxTrafficLevel != null && minTrafficLevel > maxTrafficLevel) {
                throw new IllegalStateException("minTrafficLevel must be <= maxTrafficLevel, but was "
                        + minTrafficLevel + " > " + maxTrafficLevel);
            }
            if (startedFrom != null && startedBefore != null && !startedFrom.isBefore(startedBefore)) {
                throw new IllegalStateException("startedFrom must be before startedBefore, but was "
                        + startedFrom + " >= " + startedBefore);
            }
            return new RunQuery(model, provider, endpoint, hardware, engine, quantization, cellKey, trafficMode,
                    minTrafficLevel, maxTrafficLevel, labels, startedFrom, startedBefore, offset, limit);
        }
    }
}
