package io.llmbench.core.sweep;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkException;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Load;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;

/**
 * Runs a benchmark at several load levels, one after the other: a list of concurrency levels or
 * request rates. Every level is a complete run of the template benchmark (same endpoints side by
 * side, workload, request count or duration, warm-up, timeouts, labels) with the level's load,
 * labelled {@value #LEVEL_LABEL}. Not thread-safe: configure and run from one thread.
 *
 * <pre>{@code
 * Benchmark template = Benchmark.builder().endpoints(vllm, sglang)
 *         .workload(Workload.synthetic(512, 128)).requests(200).warmup(8).build();
 * SweepResult sweep = Sweep.of(template).concurrencies(1, 2, 4, 8, 16, 32).run();
 * for (EndpointResult r : sweep.endpoint("vllm")) { ... }
 * }</pre>
 */
public final class Sweep {
    /** The label each level's runs carry, e.g. {@code sweep.level=concurrency 8}. */
    public static final String LEVEL_LABEL = "sweep.level";

    private final Benchmark template;
    /** A level: a load, or a rate turned into a load by {@link #rateLoad} when the sweep runs. */
    private record Level(Load load, double rate) {
    }

    private final List<Level> levels = new ArrayList<>();
    private DoubleFunction<Load> rateLoad = Load::poisson;
    private Predicate<SweepPoint> stopWhen = p -> false;
    private Consumer<SweepPoint> onLevel = p -> { };

    private Sweep(Benchmark template) {
        this.template = template;
    }

    /** A sweep of this benchmark; its own load is replaced by each level's. */
    public static Sweep of(Benchmark template) {
        return new Sweep(Objects.requireNonNull(template, "template"));
    }

    /** Closed-loop levels: {@link Load#concurrency(int)} for each. */
    public Sweep concurrencies(int... concurrencies) {
        for (int c : concurrencies) {
            levels.add(new Level(Load.concurrency(c), 0));
        }
        return this;
    }

    /**
     * Open-loop levels in requests per second, each made with the {@linkplain #rateLoad rate load}
     * ({@link Load#poisson(double)} by default).
     */
    public Sweep rates(double... rates) {
        for (double r : rates) {
            Load.poisson(r); // validates the rate now, naming it
            levels.add(new Level(null, r));
        }
        return this;
    }

    /** How rates become loads, e.g. {@code r -> Load.constantRate(r).maxConcurrency(256)}. */
    public Sweep rateLoad(DoubleFunction<Load> rateLoad) {
        this.rateLoad = Objects.requireNonNull(rateLoad, "rateLoad");
        return this;
    }

    /** Any loads, in order. */
    public Sweep loads(Load... loads) {
        for (Load l : loads) {
            levels.add(new Level(Objects.requireNonNull(l, "load"), 0));
        }
        return this;
    }

    /**
     * Stops after a level for which this holds, e.g. when the success rate falls below 90% or an
     * SLO is missed by far; the remaining levels are not run.
     */
    public Sweep stopWhen(Predicate<SweepPoint> condition) {
        this.stopWhen = Objects.requireNonNull(condition, "stopWhen");
        return this;
    }

    /** Called after each level with its result (progress, saving as you go). */
    public Sweep onLevel(Consumer<SweepPoint> callback) {
        this.onLevel = Objects.requireNonNull(callback, "onLevel");
        return this;
    }

    /**
     * Runs every level in order.
     *
     * @throws IllegalStateException when no level was given
     * @throws BenchmarkException    when a level cannot run (see {@link Benchmark#run()})
     */
    public SweepResult run() {
        if (levels.isEmpty()) {
            throw new IllegalStateException("sweep levels must not be empty: add concurrencies(...), rates(...) or loads(...)");
        }
        List<SweepPoint> points = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            Load load = level.load() != null ? level.load() : Objects.requireNonNull(rateLoad.apply(level.rate()), "rateLoad result");
            BenchmarkResult result = BenchmarkCopies.with(template, load, template.endpoints(), LEVEL_LABEL).run();
            SweepPoint point = new SweepPoint(load, result);
            points.add(point);
            onLevel.accept(point);
            if (i < levels.size() - 1 && stopWhen.test(point)) {
                return new SweepResult(points, "stop condition met at " + load.traffic());
            }
            if (Thread.currentThread().isInterrupted()) {
                return new SweepResult(points, "interrupted after " + load.traffic());
            }
        }
        return new SweepResult(points, null);
    }
}
