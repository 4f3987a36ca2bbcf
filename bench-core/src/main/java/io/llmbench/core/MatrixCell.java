package io.llmbench.core;

import io.llmbench.core.internal.CellKeys;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One cell of a {@link TestMatrix}: a value for each of the matrix's dimensions, and a stable
 * {@linkplain #key() key}. Dimensions the matrix does not define are absent ({@code null},
 * {@code 0} or empty). Immutable and thread-safe; equal when their keys are equal.
 */
public final class MatrixCell {
    private final int index;
    private final String matrix;
    private final String model;
    private final String hardware;
    private final int gpuCount;
    private final String engine;
    private final String quantization;
    private final Traffic traffic;
    private final int inputTokens;
    private final int outputTokens;
    private final Map<String, String> labels;
    private final Map<String, String> values;
    private final String key;

    MatrixCell(int index, String matrix, String model, String hardware, int gpuCount, String engine, String quantization,
               Traffic traffic, int inputTokens, int outputTokens, Map<String, String> labels) {
        this.index = index;
        this.matrix = matrix;
        this.model = model;
        this.hardware = hardware;
        this.gpuCount = gpuCount;
        this.engine = engine;
        this.quantization = quantization;
        this.traffic = traffic;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.labels = labels;
        Map<String, String> v = new LinkedHashMap<>();
        put(v, TestMatrix.MATRIX, matrix);
        put(v, TestMatrix.MODEL, model);
        put(v, TestMatrix.HARDWARE, hardware);
        put(v, TestMatrix.GPUS, gpuCount > 0 ? Integer.toString(gpuCount) : null);
        put(v, TestMatrix.ENGINE, engine);
        put(v, TestMatrix.QUANTIZATION, quantization);
        if (traffic != null) {
            v.put(CellKeys.trafficDimension(traffic.mode()), CellKeys.number(traffic.level()));
        }
        put(v, TestMatrix.INPUT_TOKENS, inputTokens > 0 ? Integer.toString(inputTokens) : null);
        put(v, TestMatrix.OUTPUT_TOKENS, outputTokens > 0 ? Integer.toString(outputTokens) : null);
        v.putAll(labels);
        this.values = Collections.unmodifiableMap(v);
        this.key = CellKeys.key(v);
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /**
     * The cell's stable key, the same in every process and version for the same cell. Format
     * (version 1, frozen): {@code name=value} pairs joined by {@code ,}, in this order, each only when
     * the matrix defines the dimension: {@code matrix}, {@code model}, {@code hardware}, {@code gpus},
     * {@code engine}, {@code quant}, one of {@code concurrency} / {@code rate} / {@code sequential},
     * {@code in}, {@code out}, then free-form labels sorted by name (Java {@code String} order).
     * Integers are written in decimal; rates as the shortest plain decimal ({@code 0.5},
     * {@code 4}, never {@code 4.0} or {@code 5E-1}). In values, {@code %}, {@code ,}, {@code =} and
     * control characters are percent-encoded as UTF-8 bytes ({@code %25}, {@code %2C}, {@code %3D}).
     * Example: {@code model=llama-8b,hardware=H100,gpus=2,engine=vllm,quant=fp8,concurrency=16,in=512,out=128}.
     */
    public String key() {
        return key;
    }

    /** The cell's position in the matrix's enumeration order (after filtering), from 0. */
    public int index() {
        return index;
    }

    /** The dimension values by name, in key order (see {@link #key()} for the names). */
    public Map<String, String> values() {
        return values;
    }

    /** A dimension's value as written in the key, e.g. {@code value("gpus")} is {@code "2"}. */
    public Optional<String> value(String dimension) {
        return Optional.ofNullable(values.get(dimension));
    }

    /** The matrix name, or null when the matrix has none. */
    public String matrix() {
        return matrix;
    }

    /** The endpoint or model name, or null. */
    public String model() {
        return model;
    }

    /** The hardware label, or null. */
    public String hardware() {
        return hardware;
    }

    /** The number of GPUs, or 0 when the matrix has no GPU dimension. */
    public int gpuCount() {
        return gpuCount;
    }

    /** The serving engine, or null. */
    public String engine() {
        return engine;
    }

    /** The quantization, or null. */
    public String quantization() {
        return quantization;
    }

    /** The traffic mode and level, if the matrix has a traffic dimension. */
    public Optional<Traffic> traffic() {
        return Optional.ofNullable(traffic);
    }

    /**
     * The load for this cell's traffic: {@link Load#concurrency(int)}, {@link Load#poisson(double)}
     * for a rate, or {@link Load#sequential()}.
     *
     * @throws IllegalStateException when the matrix has no traffic dimension
     */
    public Load load() {
        if (traffic == null) {
            throw new IllegalStateException("cell " + key + " has no traffic dimension (concurrency, rate or sequential)");
        }
        switch (traffic.mode()) {
            case CONCURRENCY: return Load.concurrency((int) traffic.level());
            case RATE: return Load.poisson(traffic.level());
            default: return Load.sequential();
        }
    }

    /** Input tokens per request, or 0 when the matrix has no input dimension. */
    public int inputTokens() {
        return inputTokens;
    }

    /** Output tokens per request, or 0 when the matrix has no output dimension. */
    public int outputTokens() {
        return outputTokens;
    }

    /**
     * A synthetic workload of this cell's input and output sizes.
     *
     * @throws IllegalStateException when the matrix lacks the input or output dimension
     */
    public Workload workload() {
        if (inputTokens == 0 || outputTokens == 0) {
            throw new IllegalStateException("cell " + key + " must have input and output token dimensions for a synthetic workload");
        }
        return Workload.synthetic(inputTokens, outputTokens);
    }

    /** Free-form label dimensions, sorted by name. */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Labels to store with this cell's runs: every dimension value by name (including the key's
     * {@code model}, {@code hardware}, ...), so stored runs can be filtered by any dimension.
     */
    public Map<String, String> runLabels() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatrixCell c && key.equals(c.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
