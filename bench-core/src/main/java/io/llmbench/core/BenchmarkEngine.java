package io.llmbench.core;

import io.llmbench.core.internal.prometheus.ServerScraper;
import io.llmbench.core.server.ScrapeSource;
import io.llmbench.core.server.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one benchmark: creates a client per endpoint, warms up, runs every endpoint's measured
 * phase at once, and enforces timeouts with a watchdog that sweeps requests in flight.
 */
final class BenchmarkEngine {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkEngine.class);
    /** How often requests in flight are checked against their timeouts. */
    static final long WATCHDOG_PERIOD_MILLIS = 20;
    private static final long PROGRESS_PERIOD_MILLIS = 1_000;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Benchmark config;
    private final List<EndpointRun> runs = new ArrayList<>();
    private final CompletableFuture<BenchmarkResult> result = new CompletableFuture<>();
    private final ScheduledExecutorService watchdog;
    private final ExecutorService executor;
    private volatile boolean cancelled;
    private volatile long[] lastDone;
    private volatile long lastProgressNanos;
    private final java.util.Map<String, ListenerFailure> listenerFailures = new java.util.concurrent.ConcurrentSkipListMap<>();

    private BenchmarkEngine(Benchmark config) {
        this.config = config;
        int id = RUNS.incrementAndGet();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("llmbench-watchdog-" + id));
        this.executor = Executors.newCachedThreadPool(daemon("llmbench-engine-" + id));
    }

    static BenchmarkEngine start(Benchmark config) {
        BenchmarkEngine engine = new BenchmarkEngine(config);
        try {
            for (Endpoint e : config.endpoints()) {
                engine.runs.add(new EndpointRun(config, e, engine));
            }
        } catch (RuntimeException e) {
            engine.shutdown();
            throw e;
        }
        engine.executor.execute(engine::drive);
        return engine;
    }

    CompletableFuture<BenchmarkResult> result() {
        return result;
    }

    boolean isCancelled() {
        return cancelled;
    }

    ExecutorService executor() {
        return executor;
    }

    void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        runs.forEach(EndpointRun::cancelInFlight);
    }

    void fail(Throwable t) {
        cancel();
        result.completeExceptionally(t);
    }

    void notifyRequest(RequestRecord record) {
        for (ProgressListener l : config.listeners()) {
            call(l, "onRequest", () -> l.onRequest(record));
        }
    }

    /**
     * Calls a listener; whatever it throws (but an {@link OutOfMemoryError}) is logged, counted
     * and turned into a warning of the result, and the benchmark goes on.
     */
    private void call(ProgressListener l, String method, Runnable call) {
        try {
            call.run();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            String key = l + " in " + method;
            ListenerFailure f = listenerFailures.computeIfAbsent(key, k -> new ListenerFailure(String.valueOf(e)));
            if (f.count.getAndIncrement() == 0) {
                LOG.warn("progress listener {} failed in {}; the benchmark goes on", l, method, e);
            }
        }
    }

    /** The warnings for listeners that failed: one per listener and method. */
    private List<String> listenerWarnings() {
        List<String> out = new ArrayList<>();
        listenerFailures.forEach((key, f) -> out.add("progress listener " + key + " failed " + f.count.get()
                + " time" + (f.count.get() == 1 ? "" : "s") + ", first with " + f.first));
        return out;
    }

    private record ListenerFailure(String first, AtomicLong count) {
        ListenerFailure(String first) {
            this(first, new AtomicLong());
        }
    }

    List<Progress> progress() {
        long now = config.clock().monotonicNanos();
        List<Progress> out = new ArrayList<>();
        for (EndpointRun r : runs) {
            Progress p = r.progress(now, 0, 0);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private void drive() {
        ScheduledFuture<?> sweeper = watchdog.scheduleAtFixedRate(this::sweep,
                WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        ServerScraper scraper = null;
        try {
            List<CompletableFuture<Void>> warmups = new ArrayList<>();
            runs.forEach(r -> warmups.add(r.warmup()));
            CompletableFuture.allOf(warmups.toArray(new CompletableFuture[0])).join();

            if (!config.serverMetrics().isEmpty()) {
                scraper = ServerScraper.start(config.serverMetrics(), config.serverMetricsInterval(), config.clock());
            }
            long origin = config.clock().monotonicNanos();
            lastDone = new long[runs.size()];
            lastProgressNanos = origin;
            List<CompletableFuture<EndpointResult>> measured = new ArrayList<>();
            runs.forEach(r -> measured.add(r.measure(origin)));
            each("onStart", l -> l.onStart(progress()));
            ScheduledFuture<?> ticker = watchdog.scheduleAtFixedRate(this::tick,
                    PROGRESS_PERIOD_MILLIS, PROGRESS_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            List<EndpointResult> endpoints = new ArrayList<>();
            for (CompletableFuture<EndpointResult> f : measured) {
                endpoints.add(f.join());
            }
            ticker.cancel(false);
            if (scraper != null) {
                scraper.finish();
                for (int i = 0; i < endpoints.size(); i++) {
                    endpoints.set(i, withServerMetrics(endpoints.get(i), scraper.metricsFor(endpoints.get(i).name(), origin)));
                }
                scraper = null;
            }
            List<String> warnings = new ArrayList<>();
            if (cancelled) {
                warnings.add("benchmark was cancelled before it finished");
            }
            warnings.addAll(listenerWarnings());
            BenchmarkResult r = new BenchmarkResult(endpoints, warnings);
            each("onFinish", l -> l.onFinish(r));
            result.complete(r);
        } catch (Throwable e) {
            result.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
            if (e instanceof OutOfMemoryError oom) {
                throw oom;
            }
        } finally {
            if (scraper != null) {
                scraper.stop();
            }
            sweeper.cancel(false);
            shutdown();
        }
    }

    /** The result with its server metrics, and a warning for each source that failed. */
    static EndpointResult withServerMetrics(EndpointResult r, ServerMetrics m) {
        if (m.isEmpty()) {
            return r;
        }
        List<String> warnings = new ArrayList<>(r.warnings());
        for (ScrapeSource s : m.sources()) {
            if (s.failures() > 0) {
                warnings.add(String.format(java.util.Locale.ROOT, "server metrics: %d of %d scrapes of %s failed%s",
                        s.failures(), s.scrapes(), s.url(), s.errors().isEmpty() ? "" : " (first: " + s.errors().get(0) + ")"));
            }
        }
        return new EndpointResult(r.deployment(), r.run(), r.job(), r.metrics(), r.records(), warnings, m, r.health());
    }

    private void sweep() {
        try {
            long now = config.clock().monotonicNanos();
            for (EndpointRun r : runs) {
                r.checkTimeouts(now);
            }
        } catch (RuntimeException e) {
            LOG.error("timeout watchdog failed", e);
        }
    }

    private void tick() {
        long now = config.clock().monotonicNanos();
        double interval = (now - lastProgressNanos) / 1e9;
        long[] previous = lastDone;
        List<Progress> snapshot = new ArrayList<>();
        long[] current = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Progress p = runs.get(i).progress(now, previous[i], interval);
            if (p != null) {
                snapshot.add(p);
                current[i] = p.done();
            }
        }
        lastDone = current;
        lastProgressNanos = now;
        each("onProgress", l -> l.onProgress(snapshot));
    }

    private void each(String method, java.util.function.Consumer<ProgressListener> call) {
        for (ProgressListener l : config.listeners()) {
            call(l, method, () -> call.accept(l));
        }
    }

    private void shutdown() {
        runs.forEach(EndpointRun::close);
        watchdog.shutdownNow();
        executor.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
