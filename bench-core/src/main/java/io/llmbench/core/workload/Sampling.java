package io.llmbench.core.workload;

import io.llmbench.core.Endpoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sampling settings sent as top-level body fields of every request of a workload
 * ({@code temperature}, {@code top_p}, {@code top_k}, {@code seed}, penalties, and any other
 * field a server understands). Apply them with {@link Workload#withSampling(Sampling)}. Immutable
 * and thread-safe; the builder is not.
 *
 * <pre>{@code
 * Workload w = Workload.synthetic(512, 128)
 *         .withSampling(Sampling.builder().temperature(0).seed(42).build());
 * }</pre>
 *
 * @param bodyFields the fields in the order they were set
 */
public record Sampling(Map<String, Object> bodyFields) {
    /**
     * Body fields a workload must not set, because the endpoint or the client owns them:
     * {@code model}, {@code messages}, {@code prompt}, {@code stream}, {@code stream_options}.
     * Streaming is chosen per endpoint with {@code Endpoint.Builder.stream(boolean)}.
     */
    public static final Set<String> RESERVED_FIELDS = Set.of("model", "messages", "prompt", "stream", "stream_options");

    public Sampling {
        Objects.requireNonNull(bodyFields, "bodyFields");
        for (String name : bodyFields.keySet()) {
            checkFieldName(name);
        }
        bodyFields = Collections.unmodifiableMap(new LinkedHashMap<>(bodyFields));
    }

    /** No settings: the server's defaults. */
    public static Sampling none() {
        return new Sampling(Map.of());
    }

    /** Greedy decoding: {@code temperature = 0}. */
    public static Sampling greedy() {
        return builder().temperature(0).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    static void checkFieldName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("body field name must not be blank, but was '" + name + "'");
        }
        if (RESERVED_FIELDS.contains(name)) {
            throw new IllegalArgumentException("body field name must not be one of " + RESERVED_FIELDS
                    + " (set by the endpoint), but was '" + name + "'");
        }
    }

    /** Builds {@link Sampling}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@code temperature}, a finite number {@code >= 0}. */
        public Builder temperature(double t) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("temperature must be a finite number >= 0, but was " + t);
            }
            fields.put("temperature", t);
            return this;
        }

        /** {@code top_p}, in {@code (0, 1]}. */
        public Builder topP(double p) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("top_p must be in (0, 1], but was " + p);
            }
            fields.put("top_p", p);
            return this;
        }

        /** {@code top_k} (vLLM, TGI, SGLang): {@code >= 1}, or -1 for no limit. */
        public Builder topK(int k) {
            if (k < 1 && k != -1) {
                throw new IllegalArgumentException("top_k must be >= 1 or -1 (no limit), but was " + k);
            }
            fields.put("top_k", k);
            return this;
        }

        /** {@code seed}, for servers that make sampling reproducible with it. */
        public Builder seed(long seed) {
            fields.put("seed", seed);
            return this;
        }

        /** {@code presence_penalty}, in {@code [-2, 2]}. */
        public Builder presencePenalty(double v) {
            fields.put("presence_penalty", penalty("presence_penalty", v));
            return this;
        }

        /** {@code frequency_penalty}, in {@code [-2, 2]}. */
        public Builder frequencyPenalty(double v) {
            fields.put("frequency_penalty", penalty("frequency_penalty", v));
            return this;
        }

        /** {@code repetition_penalty} (vLLM, TGI), a finite number {@code > 0}. */
        public Builder repetitionPenalty(double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("repetition_penalty must be a finite number > 0, but was " + v);
            }
            fields.put("repetition_penalty", v);
            return this;
        }

        /** Any other body field, e.g. {@code ("min_p", 0.05)}; a later call with the same name replaces it. */
        public Builder field(String name, Object value) {
            checkFieldName(name);
            fields.put(name, value);
            return this;
        }

        private static double penalty(String name, double v) {
            if (!(v >= -2 && v <= 2)) {
                throw new IllegalArgumentException(name + " must be in [-2, 2], but was " + v);
            }
            return v;
        }

        public Sampling build() {
            return new Sampling(fields);
        }
    }
}
