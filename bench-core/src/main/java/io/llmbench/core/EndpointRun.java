package io.llmbench.core;

import io.llmbench.core.internal.HarnessSampler;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.workload.Prompt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One endpoint's part of a benchmark: its client, warm-up and measured phase. */
final class EndpointRun {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointRun.class);
    /** Warm-up prompts come from far beyond the measured sequence, so they do not warm its caches. */
    static final long WARMUP_SEQUENCE_OFFSET = 1L << 40;
    private static final int MAX_UNCAPPED_OPEN_LOOP_CONNECTIONS = 10_000;
    private static final int MAX_SEND_DEPTH = 16;
    private static final ThreadLocal<int[]> SEND_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Benchmark config;
    private final Endpoint endpoint;
    private final BenchmarkEngine engine;
    private final InferenceClient client;
    private final Set<TimedRequest> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Phase measured;
    private volatile HarnessSampler sampler;
    /** How often, and how late, the watchdog checks the requests of a client that enforces timeouts itself. */
    static final long SAFETY_NET_NANOS = 1_000_000_000L;
    private final boolean clientEnforcesTimeouts;
    private long lastSafetyNetCheck = Long.MIN_VALUE / 2;

    EndpointRun(Benchmark config, Endpoint endpoint, BenchmarkEngine engine) {
        this.config = config;
        this.endpoint = endpoint;
        this.engine = engine;
        Load load = config.load();
        int connections = load.isOpenLoop()
                ? (load.maxConcurrency() > 0 ? load.maxConcurrency()
                        : (int) Math.min(MAX_UNCAPPED_OPEN_LOOP_CONNECTIONS, Math.max(64, Math.ceil(load.rate() * 30))))
                : load.concurrency();
        try {
            ClientOptions options = new ClientOptions(config.connectTimeout(), connections, config.clock(),
                    config.requestTimeout(), config.ttftTimeout(), config.idleTimeout());
            this.client = endpoint.clientFactory().create(endpoint, options);
        } catch (RuntimeException e) {
            throw new BenchmarkException("could not create the client for endpoint '" + endpoint.name() + "': "
                    + endpoint.redact(String.valueOf(e.getMessage())), e);
        }
        this.clientEnforcesTimeouts = client.enforcesTimeouts();
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Clock clock() {
        return config.clock();
    }

    int responseSampleChars() {
        return config.responseSampleChars();
    }

    /** Sends the warm-up requests and completes when they have all finished. */
    CompletableFuture<Void> warmup() {
        int n = config.warmup();
        if (n == 0) {
            return CompletableFuture.completedFuture(null);
        }
        Load load = config.load();
        int concurrency = load.isOpenLoop() ? Math.max(1, load.maxConcurrency()) : load.concurrency();
        Phase warm = new Phase(false, clock().monotonicNanos(), n, Long.MAX_VALUE);
        warm.startClosedLoop(Math.min(n, concurrency));
        return warm.completion.thenAccept(v -> {
            if (warm.succeeded.get() == 0) {
                LOG.warn("all {} warm-up requests to '{}' failed", n, endpoint.name());
            }
        });
    }

    /** Runs the measured phase from {@code origin} and completes with the endpoint's result. */
    CompletableFuture<EndpointResult> measure(long origin) {
        Duration duration = config.duration();
        long deadline = duration == null ? Long.MAX_VALUE : origin + duration.toNanos();
        Phase phase = new Phase(true, origin, config.requests(), deadline);
        measured = phase;
        Instant started = Instant.ofEpochMilli(clock().wallMillis());
        HarnessSampler health = HarnessSampler.start(eventLoops());
        sampler = health;
        Load load = config.load();
        if (load.isOpenLoop()) {
            Thread t = new Thread(() -> phase.runSchedule(load), "llmbench-schedule-" + endpoint.name());
            t.setDaemon(true);
            t.start();
        } else {
            phase.startClosedLoop(load.concurrency());
        }
        return phase.completion.thenApply(v -> {
            List<RequestRecord> records = new ArrayList<>(phase.records);
            records.sort(Comparator.comparingLong(RequestRecord::sentNanos).thenComparingLong(RequestRecord::sequence));
            Map<String, String> labels = config.labels();
            if (load.isOpenLoop() && !labels.containsKey(RunInfo.LOAD_LABEL)) {
                labels = new HashMap<>(labels);
                labels.put(RunInfo.LOAD_LABEL, load.toString());
            }
            RunInfo run = new RunInfo(load.traffic(), config.workload().description(), labels,
                    config.notes(), config.cellKey(), started, Instant.ofEpochMilli(clock().wallMillis()));
            return withHealth(EndpointResult.of(endpoint.deployment(), run, records, config.slos()), health, phase, load);
        });
    }

    /** The client's event loops for the health probe; none when the client cannot say. */
    private List<ScheduledExecutorService> eventLoops() {
        try {
            return client.eventLoops();
        } catch (RuntimeException e) {
            LOG.warn("client of '{}' failed to list its event loops; probing a timer thread instead", endpoint.name(), e);
            return List.of();
        }
    }

    /** The result with the harness health judged. */
    private static EndpointResult withHealth(EndpointResult r, HarnessSampler sampler, Phase phase, Load load) {
        MetricStats lag = r.metric(Metric.SCHEDULE_LAG);
        double scheduleLag = load.isOpenLoop() && !lag.tooFewSamplesFor(99) ? lag.p99() : Double.NaN;
        return new EndpointResult(r.deployment(), r.run(), r.job(), r.metrics(), r.records(), r.warnings(),
                r.serverMetrics(), java.util.Optional.of(sampler.stop(scheduleLag, phase.capWaits)));
    }

    /**
     * Expires requests past their timeouts. Called by the engine's watchdog every
     * {@link BenchmarkEngine#WATCHDOG_PERIOD_MILLIS}; for a client that enforces timeouts itself
     * only every {@link #SAFETY_NET_NANOS}, for requests more than that past a timeout.
     */
    void checkTimeouts(long now) {
        long grace = 0;
        if (clientEnforcesTimeouts) {
            if (now - lastSafetyNetCheck < SAFETY_NET_NANOS) {
                return;
            }
            lastSafetyNetCheck = now;
            grace = SAFETY_NET_NANOS;
        }
        long total = config.requestTimeout().toNanos();
        long ttft = config.ttftTimeout().toNanos();
        long idle = config.idleTimeout().toNanos();
        for (TimedRequest e : inFlight) {
            e.checkTimeouts(now, total, ttft, idle, grace);
        }
    }

    /** Aborts every request in flight as cancelled. */
    void cancelInFlight() {
        for (TimedRequest e : inFlight) {
            e.expire(FailureKind.CANCELLED, "benchmark cancelled");
        }
    }

    /** This endpoint's progress, or null before the measured phase. */
    Progress progress(long now, long previousDone, double intervalSeconds) {
        Phase p = measured;
        if (p == null) {
            return null;
        }
        long done = p.done.get();
        long elapsed = Math.max(0, now - p.origin);
        Duration remaining = null;
        if (p.planned >= 0 && done > 0) {
            remaining = Duration.ofNanos((long) ((double) elapsed / done * (p.planned - done)));
        }
        if (p.deadline != Long.MAX_VALUE) {
            Duration toDeadline = Duration.ofNanos(Math.max(0, p.deadline - now));
            remaining = remaining == null || toDeadline.compareTo(remaining) < 0 ? toDeadline : remaining;
        }
        double rate = intervalSeconds > 0 ? (done - previousDone) / intervalSeconds : 0;
        double[] medians = p.live.medians();
        return new Progress(endpoint.name(), done, p.planned, p.succeeded.get(), done - p.succeeded.get(),
                inFlight.size(), rate, Duration.ofNanos(elapsed), remaining,
                p.live.outputTokens(), medians[0], medians[1], p.live.failures());
    }

    void close() {
        HarnessSampler s = sampler;
        if (s != null) {
            s.close();
        }
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the client of '{}' failed", endpoint.name(), e);
        }
    }

    /**
     * A set of requests with a completion: the warm-up or the measured phase. {@code outstanding}
     * counts requests in flight plus one token held by whoever is still issuing; the phase is
     * complete when it drops to zero.
     */
    final class Phase {
        final boolean isMeasured;
        final long origin;
        final long planned;
        final long deadline;
        final AtomicLong nextIndex = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong outstanding = new AtomicLong(1);
        final ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();
        final LiveFigures live = new LiveFigures();
        final CompletableFuture<Void> completion = new CompletableFuture<>();
        private volatile boolean closedLoop;
        private volatile Semaphore cap;
        /** Sends that found the concurrency cap full; written by the scheduler thread only. */
        volatile long capWaits;

        Phase(boolean isMeasured, long origin, long planned, long deadline) {
            this.isMeasured = isMeasured;
            this.origin = origin;
            this.planned = planned;
            this.deadline = deadline;
        }

        EndpointRun run() {
            return EndpointRun.this;
        }

        long origin() {
            return origin;
        }

        void startClosedLoop(int concurrency) {
            closedLoop = true;
            for (int i = 0; i < concurrency; i++) {
                if (!sendNext(origin)) {
                    break;
                }
            }
            release();
        }

        /** The open-loop scheduler: sends at scheduled times on this (dedicated) thread. */
        void runSchedule(Load load) {
            SplittableRandom random = new SplittableRandom(config.seed());
            if (load.maxConcurrency() > 0) {
                cap = new Semaphore(load.maxConcurrency());
            }
            long scheduled = origin;
            try {
                for (long i = 0; planned < 0 || i < planned; i++) {
                    if (i > 0) {
                        scheduled += load.nextGapNanos(random);
                    }
                    if (scheduled >= deadline || engine.isCancelled()) {
                        break;
                    }
                    sleepUntil(scheduled);
                    if (engine.isCancelled()) {
                        break;
                    }
                    if (cap != null && !cap.tryAcquire()) {
                        capWaits++;
                        cap.acquireUninterruptibly();
                        if (engine.isCancelled()) {
                            cap.release();
                            break;
                        }
                    }
                    send(nextIndex.getAndIncrement(), scheduled);
                }
            } catch (RuntimeException e) {
                LOG.error("scheduler for '{}' failed", endpoint.name(), e);
            } finally {
                release();
            }
        }

        private void sleepUntil(long target) {
            long now;
            while ((now = clock().monotonicNanos()) < target && !engine.isCancelled()) {
                LockSupport.parkNanos(Math.min(target - now, 50_000_000L));
            }
        }

        /** Closed loop: sends the next request if the phase still wants one. */
        private boolean sendNext(long scheduled) {
            if (engine.isCancelled() || clock().monotonicNanos() >= deadline) {
                return false;
            }
            long index = nextIndex.getAndIncrement();
            if (planned >= 0 && index >= planned) {
                return false;
            }
            send(index, scheduled);
            return true;
        }

        private void send(long index, long scheduled) {
            outstanding.incrementAndGet();
            long sequence = isMeasured ? index : WARMUP_SEQUENCE_OFFSET + index;
            Prompt prompt;
            try {
                prompt = config.workload().prompt(sequence);
            } catch (RuntimeException e) {
                outstanding.decrementAndGet();
                throw new BenchmarkException("workload '" + config.workload().description()
                        + "' failed to produce prompt " + sequence + ": " + e.getMessage(), e);
            }
            TimedRequest exchange = new TimedRequest(this, index, prompt, scheduled);
            inFlight.add(exchange);
            try {
                exchange.attach(client.send(prompt, exchange));
            } catch (RuntimeException e) {
                exchange.onFailure(FailureKind.OTHER, "client failed to send: " + e, 0);
            }
        }

        /**
         * Books a finished request and sends the next one (closed loop). The phase's accounting
         * is done even when a listener throws, so no request is ever left unfinished.
         */
        void finished(TimedRequest exchange, RequestRecord record) {
            inFlight.remove(exchange);
            done.incrementAndGet();
            if (record.ok()) {
                succeeded.incrementAndGet();
            }
            try {
                try {
                    if (isMeasured) {
                        live.record(record);
                        records.add(record);
                        engine.notifyRequest(record);
                    }
                } finally {
                    if (cap != null) {
                        cap.release();
                    }
                }
                sendAfter();
            } finally {
                release();
            }
        }

        private void sendAfter() {
            if (closedLoop) {
                long now = clock().monotonicNanos();
                int[] depth = SEND_DEPTH.get();
                if (depth[0] >= MAX_SEND_DEPTH) {
                    // A client that fails synchronously would otherwise recurse once per request.
                    outstanding.incrementAndGet();
                    engine.executor().execute(() -> {
                        sendNextSafely(now);
                        release();
                    });
                } else {
                    depth[0]++;
                    try {
                        sendNextSafely(now);
                    } finally {
                        depth[0]--;
                    }
                }
            }
        }

        private void sendNextSafely(long scheduled) {
            try {
                sendNext(scheduled);
            } catch (RuntimeException e) {
                LOG.error("could not send the next request to '{}'", endpoint.name(), e);
                engine.fail(e);
            }
        }

        private void release() {
            if (outstanding.decrementAndGet() == 0) {
                completion.complete(null);
            }
        }
    }
}
