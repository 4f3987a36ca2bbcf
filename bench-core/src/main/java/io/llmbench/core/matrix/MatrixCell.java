package io.llmbench.core.matrix;

import io.llmbench.core.Load;
import io.llmbench.core.Traffic;
import io.llmbench.core.matrix.CellKeys;
import io.llmbench.core.workload.Workload;
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
    private final String[] labelNames;
    private final String[] labelValues;
    private final String key;
    private volatile Map<String, String> values;
    private volatile Map<String, String> labels;

    /** A cell; {@code key} must be the {@link #key() canonical key} of these values (the builder makes it). */
    MatrixCell(int index, String key, String matrix, String model, String hardware, int gpuCount, String engine,
               String quantization, Traffic traffic, int inputTokens, int outputTokens, String[] labelNames,
               String[] labelValues) {
        this.index = index;
        this.key = key;
        this.matrix = matrix;
        this.model = model;
        this.hardware = hardware;
        this.gpuCount = gpuCount;
        this.engine = engine;
        this.quantization = quantization;
        this.traffic = traffic;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.labelNames = labelNames;
        this.labelValues = labelValues;
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

    /** The dimension values by name, in key order (see {@link #key()} for the names), unescaped. */
    public Map<String, String> values() {
        Map<String, String> v = values;
        if (v == null) {
            Map<String, String> m = new LinkedHashMap<>();
            put(m, TestMatrix.MATRIX, matrix);
            put(m, TestMatrix.MODEL, model);
            put(m, TestMatrix.HARDWARE, hardware);
            put(m, TestMatrix.GPUS, gpuCount > 0 ? Integer.toString(gpuCount) : null);
            put(m, TestMatrix.ENGINE, engine);
            put(m, TestMatrix.QUANTIZATION, quantization);
            if (traffic != null) {
                m.put(CellKeys.trafficDimension(traffic.mode()), CellKeys.number(traffic.level()));
            }
            put(m, TestMatrix.INPUT_TOKENS, inputTokens > 0 ? Integer.toString(inputTokens) : null);
            put(m, TestMatrix.OUTPUT_TOKENS, outputTokens > 0 ? Integer.toString(outputTokens) : null);
            m.putAll(labels());
            v = Collections.unmodifiableMap(m);
            values = v;
        }
        return v;
    }

    /** A dimension's value as written in the key (unescaped), e.g. {@code value("gpus")} is {@code "2"}. */
    public Optional<String> value(String dimension) {
        return Optional.ofNullable(valueOrNull(dimension));
    }

    /** A dimension's value, or null; no allocation for the fixed dimensions but numbers. */
    String valueOrNull(String dimension) {
        switch (dimension) {
            case TestMatrix.MATRIX: return matrix;
            case TestMatrix.MODEL: return model;
            case TestMatrix.HARDWARE: return hardware;
            case TestMatrix.GPUS: return gpuCount > 0 ? Integer.toString(gpuCount) : null;
            case TestMatrix.ENGINE: return engine;
            case TestMatrix.QUANTIZATION: return quantization;
            case TestMatrix.CONCURRENCY: return trafficValue(Traffic.Mode.CONCURRENCY);
            case TestMatrix.RATE: return trafficValue(Traffic.Mode.RATE);
            case TestMatrix.SEQUENTIAL: return trafficValue(Traffic.Mode.SEQUENTIAL);
            case TestMatrix.INPUT_TOKENS: return inputTokens > 0 ? Integer.toString(inputTokens) : null;
            case TestMatrix.OUTPUT_TOKENS: return outputTokens > 0 ? Integer.toString(outputTokens) : null;
            default:
                for (int i = 0; i < labelNames.length; i++) {
                    if (labelNames[i].equals(dimension)) {
                        return labelValues[i];
                    }
                }
                return null;
        }
    }

    private String trafficValue(Traffic.Mode mode) {
        return traffic != null && traffic.mode() == mode ? CellKeys.number(traffic.level()) : null;
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
        Map<String, String> l = labels;
        if (l == null) {
            if (labelNames.length == 0) {
                l = Map.of();
            } else {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < labelNames.length; i++) {
                    m.put(labelNames[i], labelValues[i]);
                }
                l = Collections.unmodifiableMap(m);
            }
            labels = l;
        }
        return l;
    }

    /**
     * Labels to store with this cell's runs: every dimension value by name (including the key's
     * {@code model}, {@code hardware}, ...), so stored runs can be filtered by any dimension.
     */
    public Map<String, String> runLabels() {
        return values();
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
