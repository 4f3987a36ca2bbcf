package io.llmbench.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What stands behind an endpoint, as stored with each run. Never holds credentials.
 *
 * @param name          the endpoint's unique name in a benchmark, e.g. {@code llama-vllm}
 * @param provider      e.g. {@code vllm}, {@code together}; may be null
 * @param model         the model id sent in requests
 * @param baseUrl       the endpoint's base URL without credentials; may be null for imported runs
 * @param hardware      a hardware label such as {@code H100-80GB}; may be null
 * @param gpuCount      number of GPUs serving it, or 0 when unknown
 * @param engine        serving engine, e.g. {@code vllm}, {@code tgi}; may be null
 * @param quantization  e.g. {@code fp8}; may be null
 * @param contextWindow maximum context in tokens, or 0 when unknown
 * @param modelSize     model size label, e.g. {@code 8B}; may be null
 * @param labels        free-form labels, never null (sorted copy)
 */
public record Deployment(String name, String provider, String model, String baseUrl, String hardware, int gpuCount,
                         String engine, String quantization, int contextWindow, String modelSize,
                         Map<String, String> labels) {
    public Deployment {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("deployment name must not be blank, but was '" + name + "'");
        }
        Objects.requireNonNull(model, "model");
        if (gpuCount < 0) {
            throw new IllegalArgumentException("gpuCount must be >= 0, but was " + gpuCount);
        }
        if (contextWindow < 0) {
            throw new IllegalArgumentException("contextWindow must be >= 0, but was " + contextWindow);
        }
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A deployment known only by name, provider and model (e.g. one imported from a CSV). */
    public static Deployment of(String name, String provider, String model) {
        return new Deployment(name, provider, model, null, null, 0, null, null, 0, null, Map.of());
    }
}
