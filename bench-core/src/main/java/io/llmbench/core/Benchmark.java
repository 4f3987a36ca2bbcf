package io.llmbench.core;

import io.llmbench.core.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A configured benchmark: endpoints, workload, load, limits. Immutable; {@link #start()} and
 * {@link #run()} may be called several times, each call is a new run.
 *
 * <pre>{@code
 * BenchmarkResult result = Benchmark.builder()
 *         .endpoints(vllm, tgi)                    // side by side, same request sequence
 *         .workload(Workload.synthetic(1024, 256))
 *         .load(Load.poisson(8.0).maxConcurrency(64))
 *         .requests(500)
 *         .warmup(10)
 *         .listener(Progress.console())
 *         .run();
 * }</pre>
 *
 * <p>All endpoints run at the same time, each with its own load of the configured shape, the same
 * prompts in the same order and (in rate modes) the same send schedule.
 */
public final class Benchmark {
    /** Requests per endpoint when neither {@code requests} nor {@code duration} is set: {@value}. */
    public static final int DEFAULT_REQUESTS = 100;
    /** Longest a whole request may take: 240 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(240);
    /** Longest a stream may stay silent once the request is sent: 60 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Longest opening a connection may take: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Seed for the send schedule in rate modes: {@value}. */
    public static final long DEFAULT_SEED = 42;

    private final List<Endpoint> endpoints;
    private final Workload workload;
    private final Load load;
    private final long requests;
    private final Duration duration;
    private final int warmup;
    private final Duration requestTimeout;
    private final Duration ttftTimeout;
    private final Duration idleTimeout;
    private final Duration connectTimeout;
    private final List<Slo> slos;
    private final List<ProgressListener> listeners;
    private final Map<String, String> labels;
    private final String notes;
    private final String cellKey;
    private final long seed;
    private final Clock clock;
    private final int responseSampleChars;

    private Benchmark(Builder b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.workload = b.workload;
        this.load = b.load;
        this.requests = b.requests < 0 && b.duration == null ? DEFAULT_REQUESTS : b.requests;
        this.duration = b.duration;
        this.warmup = b.warmup;
        this.requestTimeout = b.requestTimeout;
        this.ttftTimeout = b.ttftTimeout;
        this.idleTimeout = b.idleTimeout;
        this.connectTimeout = b.connectTimeout;
        this.slos = List.copyOf(b.slos);
        this.listeners = List.copyOf(b.listeners);
        this.labels = Map.copyOf(b.labels);
        this.notes = b.notes;
        this.cellKey = b.cellKey;
        this.seed = b.seed;
        this.clock = b.clock;
        this.responseSampleChars = b.responseSampleChars;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every setting of this benchmark, for variations (sweeps change the load,
     * searches the endpoints). Endpoints, listeners, SLOs and labels are copied and can be added to.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Starts the benchmark in the background. */
    public RunningBenchmark start() {
        return new RunningBenchmark(BenchmarkEngine.start(this));
    }

    /**
     * Runs the benchmark and waits for its result.
     *
     * @throws BenchmarkException when it cannot run at all, or the calling thread is interrupted
     *                            (the run is then cancelled)
     */
    public BenchmarkResult run() {
        return start().await();
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public Workload workload() {
        return workload;
    }

    public Load load() {
        return load;
    }

    /** Measured requests per endpoint, or -1 when bounded by {@link #duration()} only. */
    public long requests() {
        return requests;
    }

    /** How long to keep sending, or null for no time limit. */
    public Duration duration() {
        return duration;
    }

    /** Requests per endpoint sent before measuring, excluded from results. */
    public int warmup() {
        return warmup;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Longest until the first content chunk; the request timeout unless set. */
    public Duration ttftTimeout() {
        return ttftTimeout == null ? requestTimeout : ttftTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Per-request SLOs for goodput. */
    public List<Slo> slos() {
        return slos;
    }

    public List<ProgressListener> listeners() {
        return listeners;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** May be null. */
    public String notes() {
        return notes;
    }

    /** May be null. */
    public String cellKey() {
        return cellKey;
    }

    public long seed() {
        return seed;
    }

    public Clock clock() {
        return clock;
    }

    /** Characters of each response kept in the records (0: none). */
    public int responseSampleChars() {
        return responseSampleChars;
    }

    /** Builds a {@link Benchmark}. Not thread-safe. */
    public static final class Builder {
        private final List<Endpoint> endpoints = new ArrayList<>();
        private Workload workload;
        private Load load = Load.sequential();
        private long requests = -1;
        private Duration duration;
        private int warmup;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration ttftTimeout;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private final List<Slo> slos = new ArrayList<>();
        private final List<ProgressListener> listeners = new ArrayList<>();
        private final Map<String, String> labels = new TreeMap<>();
        private String notes;
        private String cellKey;
        private long seed = DEFAULT_SEED;
        private Clock clock = Clock.system();
        private int responseSampleChars;

        private Builder() {
        }

        private Builder(Benchmark b) {
            endpoints.addAll(b.endpoints);
            workload = b.workload;
            load = b.load;
            requests = b.requests;
            duration = b.duration;
            warmup = b.warmup;
            requestTimeout = b.requestTimeout;
            ttftTimeout = b.ttftTimeout;
            idleTimeout = b.idleTimeout;
            connectTimeout = b.connectTimeout;
            slos.addAll(b.slos);
            listeners.addAll(b.listeners);
            labels.putAll(b.labels);
            notes = b.notes;
            cellKey = b.cellKey;
            seed = b.seed;
            clock = b.clock;
            responseSampleChars = b.responseSampleChars;
        }

        /** Replaces the endpoints (for searches that probe one endpoint at a time). */
        public Builder replaceEndpoints(List<Endpoint> replacement) {
            endpoints.clear();
            return endpoints(replacement);
        }

        /** Adds endpoints to benchmark side by side. */
        public Builder endpoints(Endpoint... endpoints) {
            return endpoints(Arrays.asList(endpoints));
        }

        /** Adds endpoints to benchmark side by side. */
        public Builder endpoints(List<Endpoint> endpoints) {
            endpoints.forEach(e -> this.endpoints.add(Objects.requireNonNull(e, "endpoint")));
            return this;
        }

        /** The prompts to send (required). */
        public Builder workload(Workload workload) {
            this.workload = Objects.requireNonNull(workload, "workload");
            return this;
        }

        /** The load shape; default {@link Load#sequential()}. */
        public Builder load(Load load) {
            this.load = Objects.requireNonNull(load, "load");
            return this;
        }

        /** Measured requests per endpoint; default {@value #DEFAULT_REQUESTS} unless a duration is set. */
        public Builder requests(long requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be >= 1, but was " + requests);
            }
            this.requests = requests;
            return this;
        }

        /** Stop sending after this long (in-flight requests then finish). With {@link #requests}, whichever comes first. */
        public Builder duration(Duration duration) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be > 0, but was " + duration);
            }
            this.duration = duration;
            return this;
        }

        /** Requests per endpoint sent first and excluded from results; default 0. */
        public Builder warmup(int warmup) {
            if (warmup < 0) {
                throw new IllegalArgumentException("warmup must be >= 0, but was " + warmup);
            }
            this.warmup = warmup;
            return this;
        }

        /** Longest a whole request may take; default {@link #DEFAULT_REQUEST_TIMEOUT}. */
        public Builder timeout(Duration timeout) {
            this.requestTimeout = positive("timeout", timeout);
            return this;
        }

        /** Longest until the first content chunk; default: the request timeout. */
        public Builder ttftTimeout(Duration timeout) {
            this.ttftTimeout = positive("ttftTimeout", timeout);
            return this;
        }

        /** Longest silence on a stream once sent; default {@link #DEFAULT_IDLE_TIMEOUT}. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /** Longest opening a connection may take; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Per-request SLOs: a request is "good" for goodput when it meets all of them. */
        public Builder slos(Slo... slos) {
            this.slos.addAll(Arrays.asList(slos));
            return this;
        }

        /** Adds a progress listener. */
        public Builder listener(ProgressListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** A label stored with every endpoint's result. */
        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key, "label key"), Objects.requireNonNull(value, "label value"));
            return this;
        }

        /** Free-text notes stored with the results. */
        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        /** The test-matrix cell this benchmark measures. */
        public Builder cellKey(String cellKey) {
            this.cellKey = cellKey;
            return this;
        }

        /** Seed for the send schedule in rate modes; default {@value #DEFAULT_SEED}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The time source; default {@link Clock#system()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Keep the first {@code chars} characters of each response in its record; default 0. */
        public Builder sampleResponses(int chars) {
            if (chars < 0) {
                throw new IllegalArgumentException("sampleResponses must be >= 0 characters, but was " + chars);
            }
            this.responseSampleChars = chars;
            return this;
        }

        /**
         * @throws IllegalStateException when no endpoint or workload is set, or two endpoints share a name
         */
        public Benchmark build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("endpoints must not be empty: add at least one with endpoints(...)");
            }
            Set<String> names = new HashSet<>();
            for (Endpoint e : endpoints) {
                if (!names.add(e.name())) {
                    throw new IllegalStateException("endpoint names must be unique, but '" + e.name() + "' appears twice");
                }
            }
            if (workload == null) {
                throw new IllegalStateException("workload must be set, but was null");
            }
            return new Benchmark(this);
        }

        /** Builds and starts in the background. */
        public RunningBenchmark start() {
            return build().start();
        }

        /** Builds, runs and waits; see {@link Benchmark#run()}. */
        public BenchmarkResult run() {
            return build().run();
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, but was " + d);
            }
            return d;
        }
    }
}
