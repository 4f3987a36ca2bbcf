package io.llmbench.report.imports;

import io.llmbench.core.Traffic;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PeerResults} fills in for facts a file does not hold. Immutable and thread-safe;
 * build with {@link #custom()} or take {@link #ofDefaults()}.
 *
 * <pre>{@code
 * PeerOptions opts = PeerOptions.custom().model("meta/llama3-8b-instruct").traffic(new Traffic(Traffic.Mode.CONCURRENCY, 10)).build();
 * }</pre>
 *
 * @param startedAt the start of runs whose file records no time (GenAI-Perf summaries, LLMPerf
 *                  individual responses without their summary); default {@link #DEFAULT_STARTED_AT}
 *                  so that reading a file twice gives equal results
 * @param model     the model of runs whose file names none (a GenAI-Perf or AIPerf CSV without
 *                  its JSON beside it); may be null
 * @param provider  the provider given to every run that names none; may be null
 * @param traffic   the traffic of runs whose file does not record it; may be null
 */
public record PeerOptions(Instant startedAt, String model, String provider, Traffic traffic) {
    /** The Unix epoch: marks "unknown" and keeps reads reproducible. */
    public static final Instant DEFAULT_STARTED_AT = Instant.EPOCH;

    public PeerOptions {
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** No model, provider or traffic; runs without a time start at the epoch. */
    public static PeerOptions ofDefaults() {
        return new PeerOptions(DEFAULT_STARTED_AT, null, null, null);
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    Optional<String> modelIfGiven() {
        return Optional.ofNullable(model);
    }

    Optional<Traffic> trafficIfGiven() {
        return Optional.ofNullable(traffic);
    }

    /** Builds {@link PeerOptions}. Not thread-safe. */
    public static final class Builder {
        private Instant startedAt = DEFAULT_STARTED_AT;
        private String model;
        private String provider;
        private Traffic traffic;

        private Builder() {
        }

        /** The start of runs whose file records no time. */
        public Builder startedAt(Instant startedAt) {
            this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
            return this;
        }

        /** The model of runs whose file names none. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The provider of runs whose file names none. */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** The traffic of runs whose file does not record it. */
        public Builder traffic(Traffic traffic) {
            this.traffic = traffic;
            return this;
        }

        public PeerOptions build() {
            return new PeerOptions(startedAt, model, provider, traffic);
        }
    }
}
