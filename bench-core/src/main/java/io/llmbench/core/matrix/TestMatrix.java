package io.llmbench.core.matrix;

import io.llmbench.core.Traffic;
import io.llmbench.core.internal.Seeds;
import io.llmbench.core.matrix.CellKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A test matrix: the cartesian product of dimensions (model or endpoint, hardware, GPU count,
 * engine, quantization, traffic, input and output sizes, free-form labels), filtered, with a
 * stable key per cell, deterministic sharding and resume. Immutable and thread-safe.
 *
 * <pre>{@code
 * TestMatrix matrix = TestMatrix.builder()
 *         .name("nightly")
 *         .models("llama-8b", "qwen-7b")
 *         .hardware("H100", "A100")
 *         .gpuCounts(1, 2)
 *         .engines("vllm", "sglang")
 *         .quantizations("bf16", "fp8")
 *         .concurrencies(1, 4, 16, 64)
 *         .inputTokens(128, 1024)
 *         .outputTokens(128, 512)
 *         .exclude(TestMatrix.where("hardware", "A100").and(TestMatrix.where("quant", "fp8")))
 *         .build();
 *
 * MatrixReport report = MatrixRunner.of(matrix.shard(shardIndex, shardCount))
 *         .skipIf(store::isCellDone)                      // resume
 *         .run(cell -> runAndSave(cell));
 * }</pre>
 *
 * <p><b>Enumeration</b>: cells are numbered in a fixed order: the first dimension of
 * {@link MatrixCell#key()}'s list varies slowest, values in the order given; free-form label
 * dimensions come last, sorted by name. A cell is kept when it matches at least one include filter
 * (or there are none) and no exclude filter.
 *
 * <p><b>Sharding</b>: {@link #shard(int, int)} puts every kept cell in exactly one of {@code n}
 * shards; shard sizes differ by at most one. Cells are ordered by the top 40 bits of a fixed 64-bit
 * hash of their key (ties by enumeration position) and dealt round-robin, so expensive dimension values spread evenly across shards and
 * every process computes the same assignment from the same matrix definition. All shards of a run
 * must use the same definition.
 */
public final class TestMatrix {
    /** Key name of the matrix name. */
    public static final String MATRIX = "matrix";
    /** Dimension name of models or endpoints. */
    public static final String MODEL = "model";
    /** Dimension name of hardware labels. */
    public static final String HARDWARE = "hardware";
    /** Dimension name of GPU counts. */
    public static final String GPUS = "gpus";
    /** Dimension name of serving engines. */
    public static final String ENGINE = "engine";
    /** Dimension name of quantizations. */
    public static final String QUANTIZATION = "quant";
    /** Dimension name of concurrency levels. */
    public static final String CONCURRENCY = "concurrency";
    /** Dimension name of request rates (requests per second). */
    public static final String RATE = "rate";
    /** Dimension name of sequential traffic. */
    public static final String SEQUENTIAL = "sequential";
    /** Dimension name of input sizes in tokens. */
    public static final String INPUT_TOKENS = "in";
    /** Dimension name of output sizes in tokens. */
    public static final String OUTPUT_TOKENS = "out";

    /** Names a free-form label dimension may not take. */
    public static final Set<String> RESERVED_NAMES = Set.of(MATRIX, MODEL, HARDWARE, GPUS, ENGINE, QUANTIZATION,
            CONCURRENCY, RATE, SEQUENTIAL, INPUT_TOKENS, OUTPUT_TOKENS);

    /** The most cells a matrix may have before filtering. */
    public static final long MAX_CELLS = 10_000_000L;

    /** Bits of the key hash that order cells for sharding; the low bits hold the cell's position. */
    static final int ORDER_HASH_BITS = 40;
    private static final long POSITION_MASK = (1L << (64 - ORDER_HASH_BITS)) - 1;

    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final String name;
    private final long productSize;
    private final List<MatrixCell> cells;
    private final List<String> dimensions;
    private volatile int[] hashOrder;

    private TestMatrix(String name, long productSize, List<MatrixCell> cells, List<String> dimensions) {
        this.name = name;
        this.productSize = productSize;
        this.cells = cells;
        this.dimensions = dimensions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A filter matching cells whose {@code dimension} has one of {@code values}, compared as written
     * in the key ({@code where("gpus", 2)}, {@code where("rate", 0.5)}, {@code where("engine", "vllm")}).
     */
    public static Predicate<MatrixCell> where(String dimension, Object... values) {
        Objects.requireNonNull(dimension, "dimension");
        Set<String> wanted = new HashSet<>();
        for (Object v : values) {
            wanted.add(v instanceof Number n ? CellKeys.number(n.doubleValue()) : String.valueOf(v));
        }
        return cell -> {
            String v = cell.valueOrNull(dimension);
            return v != null && wanted.contains(v);
        };
    }

    /** The matrix name, or null. */
    public String name() {
        return name;
    }

    /**
     * The dimensions this matrix defines, in enumeration order: key names, except that the traffic
     * dimension (concurrency, rate or sequential values) is called {@code traffic}.
     */
    public List<String> dimensions() {
        return dimensions;
    }

    /** The number of cells in the cartesian product before filtering. */
    public long productSize() {
        return productSize;
    }

    /** The number of cells kept by the filters. */
    public int size() {
        return cells.size();
    }

    /** The kept cells in enumeration order. */
    public List<MatrixCell> cells() {
        return cells;
    }

    /**
     * The cells of shard {@code index} of {@code count}, in enumeration order.
     *
     * @throws IllegalArgumentException when {@code count < 1} or {@code index} is not in {@code [0, count)}
     */
    public List<MatrixCell> shard(int index, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("shard count must be >= 1, but was " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be in [0, " + count + "), but was " + index);
        }
        int[] order = hashOrder();
        int[] picked = new int[(order.length - index + count - 1) / count];
        int n = 0;
        for (int p = index; p < order.length; p += count) {
            picked[n++] = order[p];
        }
        Arrays.sort(picked, 0, n);
        List<MatrixCell> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(cells.get(picked[i]));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Cell positions ordered by the top {@value #ORDER_HASH_BITS} bits of the hash of their key, ties
     * by enumeration position; one primitive sort of (hash prefix, position) pairs.
     */
    private int[] hashOrder() {
        int[] order = hashOrder;
        if (order == null) {
            int size = cells.size();
            long[] packed = new long[size];
            for (int i = 0; i < size; i++) {
                packed[i] = (Seeds.hash(cells.get(i).key()) & ~POSITION_MASK) | i;
            }
            Arrays.sort(packed, 0, size);
            // unsigned order of the hash prefix: flip the sign bit so Arrays.sort's signed order matches
            order = new int[size];
            int n = 0;
            for (long p : packed) {
                if (p >= 0) {
                    order[n++] = (int) (p & POSITION_MASK);
                }
            }
            for (long p : packed) {
                if (p < 0) {
                    order[n++] = (int) (p & POSITION_MASK);
                }
            }
            hashOrder = order;
        }
        return order;
    }

    /** The kept cell with this key. */
    public java.util.Optional<MatrixCell> cell(String key) {
        for (MatrixCell c : cells) {
            if (c.key().equals(key)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "TestMatrix[" + (name == null ? "" : name + ", ") + dimensions + ", " + cells.size() + " of "
                + productSize + " cells]";
    }

    /** Builds a {@link TestMatrix}. Not thread-safe. Each dimension method replaces earlier values. */
    public static final class Builder {
        private String name;
        private List<String> models = List.of();
        private List<String> hardware = List.of();
        private List<Integer> gpuCounts = List.of();
        private List<String> engines = List.of();
        private List<String> quantizations = List.of();
        private final List<Traffic> traffic = new ArrayList<>();
        private List<Integer> inputTokens = List.of();
        private List<Integer> outputTokens = List.of();
        private final Map<String, List<String>> labels = new TreeMap<>();
        private final List<Predicate<MatrixCell>> includes = new ArrayList<>();
        private final List<Predicate<MatrixCell>> excludes = new ArrayList<>();

        private Builder() {
        }

        /** A name that prefixes every key ({@code matrix=<name>,...}), so different matrices never share keys. */
        public Builder name(String name) {
            this.name = text(MATRIX, name);
            return this;
        }

        /** Models or endpoint names. */
        public Builder models(String... models) {
            this.models = texts(MODEL, models);
            return this;
        }

        /** Hardware labels, e.g. {@code H100-80GB}. */
        public Builder hardware(String... hardware) {
            this.hardware = texts(HARDWARE, hardware);
            return this;
        }

        /** GPU counts, each {@code >= 1}. */
        public Builder gpuCounts(int... counts) {
            this.gpuCounts = ints(GPUS, counts);
            return this;
        }

        /** Serving engines, e.g. {@code vllm}, {@code sglang}, {@code tgi}. */
        public Builder engines(String... engines) {
            this.engines = texts(ENGINE, engines);
            return this;
        }

        /** Quantizations, e.g. {@code bf16}, {@code fp8}, {@code awq}. */
        public Builder quantizations(String... quantizations) {
            this.quantizations = texts(QUANTIZATION, quantizations);
            return this;
        }

        /** Concurrency levels (closed loop), added to the traffic dimension. */
        public Builder concurrencies(int... levels) {
            for (int level : ints(CONCURRENCY, levels)) {
                addTraffic(new Traffic(Traffic.Mode.CONCURRENCY, level));
            }
            return this;
        }

        /** Request rates in requests per second (open loop), added to the traffic dimension. */
        public Builder rates(double... rates) {
            if (rates.length == 0) {
                throw new IllegalArgumentException(RATE + " values must not be empty");
            }
            for (double r : rates) {
                if (!(r > 0) || Double.isInfinite(r)) {
                    throw new IllegalArgumentException(RATE + " values must be finite numbers > 0, but one was " + r);
                }
                addTraffic(new Traffic(Traffic.Mode.RATE, r));
            }
            return this;
        }

        /** Sequential traffic (one request at a time), added to the traffic dimension. */
        public Builder sequential() {
            addTraffic(new Traffic(Traffic.Mode.SEQUENTIAL, 1));
            return this;
        }

        private void addTraffic(Traffic t) {
            if (traffic.contains(t)) {
                throw new IllegalArgumentException("traffic values must be distinct, but " + t + " appears twice");
            }
            traffic.add(t);
        }

        /** Input sizes in tokens, each {@code >= 1}. */
        public Builder inputTokens(int... sizes) {
            this.inputTokens = ints(INPUT_TOKENS, sizes);
            return this;
        }

        /** Output sizes in tokens, each {@code >= 1}. */
        public Builder outputTokens(int... sizes) {
            this.outputTokens = ints(OUTPUT_TOKENS, sizes);
            return this;
        }

        /**
         * A free-form dimension, e.g. {@code label("kv_cache", "auto", "fp8")}. Names use letters,
         * digits, {@code _ . -} and must not be one of {@link #RESERVED_NAMES}.
         */
        public Builder label(String name, String... values) {
            if (name == null || !LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("label name must match " + LABEL_NAME.pattern() + ", but was '" + name + "'");
            }
            if (RESERVED_NAMES.contains(name)) {
                throw new IllegalArgumentException("label name must not be one of " + new java.util.TreeSet<>(RESERVED_NAMES)
                        + ", but was '" + name + "'");
            }
            labels.put(name, texts(name, values));
            return this;
        }

        /** Keep only cells matching at least one include filter (all cells when none is given). */
        public Builder include(Predicate<MatrixCell> filter) {
            includes.add(Objects.requireNonNull(filter, "include filter"));
            return this;
        }

        /** Drop cells matching this filter. */
        public Builder exclude(Predicate<MatrixCell> filter) {
            excludes.add(Objects.requireNonNull(filter, "exclude filter"));
            return this;
        }

        private static String text(String dim, String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(dim + " values must not be blank, but one was '" + v + "'");
            }
            return v;
        }

        private static List<String> texts(String dim, String... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException(dim + " values must not be empty");
            }
            Set<String> seen = new HashSet<>();
            for (String v : values) {
                if (!seen.add(text(dim, v))) {
                    throw new IllegalArgumentException(dim + " values must be distinct, but '" + v + "' appears twice");
                }
            }
            return List.of(values);
        }

        private static List<Integer> ints(String dim, int... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException(dim + " values must not be empty");
            }
            List<Integer> list = new ArrayList<>();
            for (int v : values) {
                if (v < 1) {
                    throw new IllegalArgumentException(dim + " values must be >= 1, but one was " + v);
                }
                if (list.contains(v)) {
                    throw new IllegalArgumentException(dim + " values must be distinct, but " + v + " appears twice");
                }
                list.add(v);
            }
            return List.copyOf(list);
        }

        /**
         * @throws IllegalStateException when no dimension is set or the product exceeds {@link #MAX_CELLS}
         */
        public TestMatrix build() {
            List<Axis> axes = new ArrayList<>();
            Axis model = Axis.add(axes, MODEL, models);
            Axis hw = Axis.add(axes, HARDWARE, hardware);
            Axis gpus = Axis.add(axes, GPUS, gpuCounts);
            Axis engine = Axis.add(axes, ENGINE, engines);
            Axis quant = Axis.add(axes, QUANTIZATION, quantizations);
            Axis load = Axis.add(axes, "traffic", traffic);
            Axis in = Axis.add(axes, INPUT_TOKENS, inputTokens);
            Axis out = Axis.add(axes, OUTPUT_TOKENS, outputTokens);
            List<Axis> labelAxes = new ArrayList<>();
            for (Map.Entry<String, List<String>> l : labels.entrySet()) {
                labelAxes.add(Axis.add(axes, l.getKey(), l.getValue()));
            }
            List<String> dims = new ArrayList<>();
            long product = 1;
            for (Axis a : axes) {
                if (a.isSet()) {
                    dims.add(a.name());
                }
                product = multiply(product, a.size());
            }
            if (dims.isEmpty()) {
                throw new IllegalStateException("test matrix must define at least one dimension, but defines none");
            }
            String matrixSegment = null;
            if (name != null) {
                StringBuilder seg = new StringBuilder(MATRIX).append('=');
                CellKeys.escape(seg, name);
                matrixSegment = seg.toString();
            }
            String[] labelNames = labels.keySet().toArray(new String[0]);

            List<MatrixCell> kept = new ArrayList<>((int) Math.min(product, 1 << 16));
            int[] digit = new int[axes.size()];
            List<Predicate<MatrixCell>> inc = List.copyOf(includes);
            List<Predicate<MatrixCell>> exc = List.copyOf(excludes);
            StringBuilder key = new StringBuilder(128);
            for (long n = 0; n < product; n++) {
                key.setLength(0);
                if (matrixSegment != null) {
                    key.append(matrixSegment);
                }
                for (Axis a : axes) {
                    String seg = a.segment(digit);
                    if (seg != null) {
                        if (key.length() > 0) {
                            key.append(',');
                        }
                        key.append(seg);
                    }
                }
                String[] cellLabels = new String[labelAxes.size()];
                for (int i = 0; i < cellLabels.length; i++) {
                    cellLabels[i] = (String) labelAxes.get(i).value(digit);
                }
                MatrixCell cell = new MatrixCell(kept.size(), key.toString(), name, (String) model.value(digit),
                        (String) hw.value(digit), orZero(gpus.value(digit)), (String) engine.value(digit),
                        (String) quant.value(digit), (Traffic) load.value(digit),
                        orZero(in.value(digit)), orZero(out.value(digit)), labelNames, cellLabels);
                if (keep(cell, inc, exc)) {
                    kept.add(cell);
                }
                for (int d = digit.length - 1; d >= 0; d--) {
                    if (++digit[d] < axes.get(d).size()) {
                        break;
                    }
                    digit[d] = 0;
                }
            }
            return new TestMatrix(name, product, Collections.unmodifiableList(kept), List.copyOf(dims));
        }

        private static int orZero(Object count) {
            return count == null ? 0 : (Integer) count;
        }

        private static boolean keep(MatrixCell cell, List<Predicate<MatrixCell>> inc, List<Predicate<MatrixCell>> exc) {
            boolean in = inc.isEmpty();
            for (int i = 0; !in && i < inc.size(); i++) {
                in = inc.get(i).test(cell);
            }
            if (!in) {
                return false;
            }
            for (Predicate<MatrixCell> p : exc) {
                if (p.test(cell)) {
                    return false;
                }
            }
            return true;
        }


        private static long multiply(long product, int size) {
            long p = product * size;
            if (p > MAX_CELLS) {
                throw new IllegalStateException("test matrix must have at most " + MAX_CELLS
                        + " cells before filtering, but has more than " + MAX_CELLS);
            }
            return p;
        }
    }

    /**
     * One dimension of the product, at position {@code index} of the cell's digits: its values in
     * order (one null when the dimension is unset) and each value's key segment
     * ({@code name=escaped value}), made once.
     */
    private record Axis(int index, String name, List<?> values, String[] segments) {
        static Axis add(List<Axis> axes, String name, List<?> values) {
            List<?> vs = values.isEmpty() ? Collections.singletonList(null) : values;
            String[] segments = new String[vs.size()];
            for (int v = 0; v < vs.size(); v++) {
                Object value = vs.get(v);
                if (value == null) {
                    continue;
                }
                String dimName = value instanceof Traffic t ? CellKeys.trafficDimension(t.mode()) : name;
                String text = value instanceof Traffic t ? CellKeys.number(t.level()) : value.toString();
                StringBuilder seg = new StringBuilder(dimName.length() + text.length() + 1).append(dimName).append('=');
                CellKeys.escape(seg, text);
                segments[v] = seg.toString();
            }
            Axis a = new Axis(axes.size(), name, vs, segments);
            axes.add(a);
            return a;
        }

        boolean isSet() {
            return values.get(0) != null;
        }

        int size() {
            return values.size();
        }

        Object value(int[] digit) {
            return values.get(digit[index]);
        }

        String segment(int[] digit) {
            return segments[digit[index]];
        }
    }
}
