package io.llmbench.jmh;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Clock;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Progress;
import io.llmbench.core.ProgressListener;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.sim.RequestTrace;
import io.llmbench.core.sim.SimStats;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Prompt;
import io.llmbench.core.workload.PromptInfo;
import io.llmbench.core.workload.Workload;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The three whole-process measurements of {@link LoadBenchmark}: the real engine and OpenAI client
 * (either transport) against a {@link SimulatedEndpoint} in the same JVM over loopback. Each method starts its own
 * endpoint and returns an immutable result.
 */
final class LoadScenarios {
    private static final String SIM_THREAD_PREFIX = "llmbench-sim-";

    private LoadScenarios() {
    }

    // ---------------------------------------------------------------- capacity

    /**
     * Client capacity: content chunks per second parsed and timed by the engine at a fixed
     * concurrency against fixed-response mode (a pre-encoded body written as fast as the socket
     * takes it).
     *
     * @param wallSeconds        the measured run's length from its first send to its last end
     * @param processCpuSeconds  CPU time of the whole JVM during the measured run
     * @param simCpuSeconds      CPU time of the simulated endpoint's own threads in that run
     * @param harnessCpuSeconds  process minus sim: the engine, client, JIT and GC
     */
    record Capacity(int concurrency, int chunksPerResponse, long requests, long failed, long contentChunks,
                    double wallSeconds, double chunksPerSecond, double processCpuSeconds, double simCpuSeconds,
                    double harnessCpuSeconds, double chunksPerHarnessCpuSecond, double chunksPerProcessCpuSecond) {
    }

    static Capacity capacity(int concurrency, int chunks, Duration warmup, Duration measured, Endpoint.Transport client) {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().fixedResponse(chunks, 1).traceCapacity(0).start()) {
            Endpoint endpoint = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("sim-fixed").transport(client).build();
            Workload workload = Workload.ofTexts("Say something long.");
            Benchmark.builder().endpoints(endpoint).workload(workload).load(Load.concurrency(concurrency))
                    .duration(warmup).run();
            Cpu before = Cpu.now();
            BenchmarkResult r = Benchmark.builder().endpoints(endpoint).workload(workload)
                    .load(Load.concurrency(concurrency)).duration(measured).run();
            Cpu used = Cpu.now().minus(before);
            EndpointResult e = r.endpoints().get(0);
            long contentChunks = 0;
            for (RequestRecord rec : e.records()) {
                contentChunks += rec.contentChunks();
            }
            double wall = e.job().durationSeconds();
            double harness = used.process() - used.sim();
            return new Capacity(concurrency, chunks, e.job().requests(), e.job().failed(), contentChunks, wall,
                    contentChunks / wall, used.process(), used.sim(), harness, contentChunks / harness,
                    contentChunks / used.process());
        }
    }

    /** CPU seconds of the process and of the simulated endpoint's threads. */
    record Cpu(double process, double sim) {
        static Cpu now() {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long sim = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith(SIM_THREAD_PREFIX)) {
                    long t = threads.getThreadCpuTime(info.getThreadId());
                    if (t > 0) {
                        sim += t;
                    }
                }
            }
            return new Cpu(os.getProcessCpuTime() / 1e9, sim / 1e9);
        }

        Cpu minus(Cpu o) {
            return new Cpu(process - o.process, sim - o.sim);
        }
    }

    // ---------------------------------------------------------------- overhead

    /**
     * Timing overhead at one concurrency. Each successful request's TTFT splits into three parts on
     * the one {@code System.nanoTime()} clock of this JVM:
     * <pre>  TTFT = request path (t0 → sim parsed the request)
     *        + server time (parsed → first token written; the configured prefill plus the sim's lateness)
     *        + response path (first token written → engine stamped the first content chunk)</pre>
     * The response path is the time the harness adds to a measured TTFT: loopback delivery, the
     * HTTP client, SSE and JSON decoding and the engine's timestamp. Milliseconds.
     *
     * @param matched           requests matched to a server trace (by their unique prompt and output sizes)
     * @param hiccup            how much later than asked a thread sleeping 1 ms at a time woke up during
     *                          the measured run: the floor the machine (scheduler, GC, other load) puts
     *                          under any latency measured in this process
     * @param gcPauses          collections during the measured run (all collectors)
     * @param gcPauseMillis     their total time as the collectors' beans report it
     * @param processCpuSeconds CPU time of the whole JVM (sim included) during the measured run
     * @param simCpuSeconds     CPU time of the simulated endpoint's threads during the measured run
     * @param contentChunks     content chunks received in the measured run
     * @param harnessCpuMicrosPerChunk (process − sim CPU) / content chunks: the engine's and client's
     *                          CPU per streamed chunk, request costs included, in microseconds
     */
    record Overhead(int concurrency, long requests, long failed, long matched, double configuredTtftMillis,
                    Summary responsePath, Summary requestPath, Summary serverTime, Summary ttftMinusConfigured,
                    double simMaxLagMillis, long simLateEvents, Summary hiccup, long gcPauses, double gcPauseMillis,
                    double seconds, double processCpuSeconds, double simCpuSeconds, long contentChunks,
                    double harnessCpuMicrosPerChunk) {
    }

    /** Order statistics of a sample, milliseconds. */
    record Summary(long count, double min, double p50, double p90, double p99, double max) {
        static Summary of(double[] v) {
            if (v.length == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] s = v.clone();
            Arrays.sort(s);
            return new Summary(s.length, s[0], at(s, 50), at(s, 90), at(s, 99), s[s.length - 1]);
        }

        /** Nearest-rank percentile. */
        private static double at(double[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /** Prompt words repeat with this period; output sizes step once per period, so (words, max_tokens) is unique. */
    private static final int WORD_PERIOD = 1_000;

    static Overhead overhead(int concurrency, int requests, double prefillMillis, double stepMillis,
                             double stepPerRequestMillis, int outputTokens, Endpoint.Transport client) {
        TimingModel timing = TimingModel.builder().prefill(prefillMillis, 0).decode(stepMillis, stepPerRequestMillis)
                .jitter(0).maxRunning(1_000_000).build();
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(timing).traceCapacity(requests + 2 * concurrency)
                .start()) {
            Endpoint endpoint = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("sim-timed").transport(client).build();
            // warm-up: the same path, discarded (its traces are told apart by id)
            Benchmark.builder().endpoints(endpoint).workload(new SizedWorkload(outputTokens)).load(Load.concurrency(concurrency))
                    .requests(Math.max(2L * concurrency, 200)).run();
            long lastWarmupTrace = sim.traces().stream().mapToLong(RequestTrace::id).max().orElse(0);

            CapturingClock clock = new CapturingClock();
            OriginListener origin = new OriginListener(clock);
            Hiccups hiccups = new Hiccups();
            long[] gc0 = gc();
            Cpu cpu0 = Cpu.now();
            long start = System.nanoTime();
            hiccups.start();
            BenchmarkResult r;
            try {
                r = Benchmark.builder().endpoints(endpoint).workload(new SizedWorkload(outputTokens))
                        .load(Load.concurrency(concurrency)).requests(requests).clock(clock).listener(origin).run();
            } finally {
                hiccups.stop();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Cpu cpu = Cpu.now().minus(cpu0);
            long[] gc = gc();
            EndpointResult e = r.endpoints().get(0);
            SimStats stats = sim.stats();

            Map<Long, RequestTrace> byKey = new HashMap<>();
            Set<Long> duplicate = new HashSet<>();
            for (RequestTrace t : sim.traces()) {
                if (t.id() <= lastWarmupTrace || t.firstTokenNanos() < 0) {
                    continue;
                }
                long key = key(t.promptTokens(), t.sentTokens());
                if (byKey.put(key, t) != null) {
                    duplicate.add(key);
                }
            }
            long originNanos = origin.origin();
            List<double[]> parts = new ArrayList<>();
            long chunks = 0;
            for (RequestRecord rec : e.records()) {
                chunks += rec.contentChunks();
                if (!rec.ok() || rec.ttftNanos() < 0 || rec.inputSource() != TokenSource.USAGE) {
                    continue;
                }
                long key = key(rec.inputTokens(), rec.outputTokens());
                RequestTrace t = byKey.get(key);
                if (t == null || duplicate.contains(key)) {
                    continue;
                }
                long t0 = originNanos + rec.sentNanos();
                long arrival = t0 + rec.ttftNanos();
                parts.add(new double[] {
                    (arrival - t.firstTokenNanos()) / 1e6,
                    (t.receivedNanos() - t0) / 1e6,
                    (t.firstTokenNanos() - t.receivedNanos()) / 1e6,
                    rec.ttftNanos() / 1e6 - prefillMillis,
                });
            }
            return new Overhead(concurrency, e.job().requests(), e.job().failed(), parts.size(), prefillMillis,
                    Summary.of(column(parts, 0)), Summary.of(column(parts, 1)), Summary.of(column(parts, 2)),
                    Summary.of(column(parts, 3)), stats.maxLagMillis(), stats.lateEvents(), hiccups.summary(),
                    gc[0] - gc0[0], gc[1] - gc0[1], seconds, cpu.process(), cpu.sim(), chunks,
                    (cpu.process() - cpu.sim()) * 1e6 / Math.max(1, chunks));
        }
    }

    /** Collections and their total milliseconds so far, over all collectors. */
    static long[] gc() {
        long count = 0;
        long millis = 0;
        for (var b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * A thread that sleeps 1 ms at a time and records how much later it woke up than asked, in
     * milliseconds (as jHiccup does): what the machine alone adds to any wake-up in this process.
     */
    static final class Hiccups implements Runnable {
        private static final long SLEEP_NANOS = 1_000_000;
        private final Thread thread = new Thread(this, "hiccup-meter");
        private volatile boolean running = true;
        private double[] late = new double[1 << 14];
        private int n;

        Hiccups() {
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (running) {
                long t = System.nanoTime();
                java.util.concurrent.locks.LockSupport.parkNanos(SLEEP_NANOS);
                if (n == late.length) {
                    late = Arrays.copyOf(late, n * 2);
                }
                late[n++] = Math.max(0, System.nanoTime() - t - SLEEP_NANOS) / 1e6;
            }
        }

        /** Call after {@link #stop()}. */
        Summary summary() {
            return Summary.of(Arrays.copyOf(late, n));
        }
    }

    private static long key(int promptTokens, int outputTokens) {
        return ((long) promptTokens << 32) | (outputTokens & 0xffffffffL);
    }

    private static double[] column(List<double[]> rows, int i) {
        double[] out = new double[rows.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = rows.get(k)[i];
        }
        return out;
    }

    /**
     * Prompts of {@code 1 + i % 1000} words asking for {@code base + i / 1000} tokens, so that every
     * request of a run up to 1,000 × 1,000 requests has a distinct (prompt tokens, output tokens)
     * pair to match it with the server's trace.
     */
    static final class SizedWorkload implements Workload {
        private final int base;

        SizedWorkload(int base) {
            this.base = base;
        }

        @Override
        public Prompt prompt(long index) {
            int words = 1 + (int) (index % WORD_PERIOD);
            int output = base + (int) ((index / WORD_PERIOD) % WORD_PERIOD);
            StringBuilder sb = new StringBuilder(words * 3);
            sb.append("hi");
            for (int w = 1; w < words; w++) {
                sb.append(" hi");
            }
            return new Prompt(PromptInfo.of("sized-" + index), List.of(Prompt.Message.user(sb.toString())), output, -1,
                    Map.of());
        }

        @Override
        public String description() {
            return "sized prompts (1-1000 words, " + base + "+ tokens out)";
        }
    }

    /**
     * The system clock that remembers, per thread, the last value it returned, so that a listener
     * can recover the run's time origin exactly from {@link Progress#elapsed()}.
     */
    static final class CapturingClock implements Clock {
        private final ThreadLocal<long[]> last = ThreadLocal.withInitial(() -> new long[1]);

        @Override
        public long monotonicNanos() {
            long t = System.nanoTime();
            last.get()[0] = t;
            return t;
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        long lastOnThisThread() {
            return last.get()[0];
        }
    }

    /**
     * Recovers the measured phase's origin: {@code onStart} runs on the thread that just read the
     * clock for the snapshot, whose {@code elapsed} is that reading minus the origin.
     */
    static final class OriginListener implements ProgressListener {
        private final CapturingClock clock;
        private final AtomicLong origin = new AtomicLong(Long.MIN_VALUE);

        OriginListener(CapturingClock clock) {
            this.clock = clock;
        }

        @Override
        public void onStart(List<Progress> initial) {
            origin.set(clock.lastOnThisThread() - initial.get(0).elapsed().toNanos());
        }

        long origin() {
            long o = origin.get();
            if (o == Long.MIN_VALUE) {
                throw new IllegalStateException("the run's origin was not captured: onStart was not called");
            }
            return o;
        }
    }

    // ---------------------------------------------------------------- scale

    /**
     * Many concurrent streams: whether they all complete, and the heap they cost.
     *
     * @param peakRunning     most requests the sim was serving at once
     * @param peakHeapMiB     the highest heap use sampled every 10 ms during the run (garbage included)
     * @param poolPeakMiB     the sum of the heap pools' peak use during the run (garbage included)
     * @param liveBeforeMiB   heap in use after a full GC before the run
     * @param liveAtPeakMiB   heap in use after a full GC taken once {@code streams} requests were running
     * @param kibPerStream    (live at peak − live before) / streams: engine, client and sim together
     */
    record Scale(int streams, long requests, long failed, Map<String, Long> failures, int peakRunning,
                 double seconds, double heapMaxMiB, double peakHeapMiB, double poolPeakMiB, double liveBeforeMiB,
                 double liveAtPeakMiB, double kibPerStream, int peakThreads) {
    }

    static Scale scale(int streams, int outputTokens, double stepMillis, int rounds, Endpoint.Transport client) {
        TimingModel timing = TimingModel.builder().prefill(20, 0).decode(stepMillis, 0).jitter(0)
                .maxRunning(1_000_000).build();
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(timing).traceCapacity(0).start()) {
            Endpoint endpoint = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("sim-scale").transport(client).build();
            Workload workload = Workload.synthetic(16, outputTokens);
            Benchmark.builder().endpoints(endpoint).workload(workload).load(Load.concurrency(Math.min(streams, 64)))
                    .requests(256).run();
            double liveBefore = liveHeapMiB();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            threads.resetPeakThreadCount();
            HeapSampler sampler = new HeapSampler(() -> sim.stats().running(), streams);
            sampler.start();
            long start = System.nanoTime();
            BenchmarkResult r;
            try {
                r = Benchmark.builder().endpoints(endpoint).workload(workload).load(Load.concurrency(streams))
                        .requests((long) streams * rounds).timeout(Duration.ofMinutes(5)).run();
            } finally {
                sampler.stop();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double poolPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    poolPeak += pool.getPeakUsage().getUsed() / MIB;
                }
            }
            EndpointResult e = r.endpoints().get(0);
            Map<String, Long> failures = new HashMap<>();
            e.job().failures().forEach((k, v) -> failures.put(k.name(), v));
            double liveAtPeak = sampler.liveAtTarget();
            return new Scale(streams, e.job().requests(), e.job().failed(), failures, sim.stats().peakRunning(), seconds,
                    Runtime.getRuntime().maxMemory() / MIB, sampler.peakMiB(), poolPeak, liveBefore, liveAtPeak,
                    Double.isNaN(liveAtPeak) ? Double.NaN : (liveAtPeak - liveBefore) * 1024 / streams,
                    threads.getPeakThreadCount());
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    static double liveHeapMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
    }

    /**
     * Samples heap use and the number of open streams every 10 ms, and once {@code target} streams
     * are open takes one full GC to measure the live heap with all of them open.
     */
    static final class HeapSampler implements Runnable {
        private final LongSupplier open;
        private final long target;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile double peak;
        private volatile long peakOpen;
        private volatile double liveAtTarget = Double.NaN;

        /**
         * @param open   how many streams are open now (at the endpoint, or in flight at the engine)
         * @param target the count at which the live heap is measured
         */
        HeapSampler(LongSupplier open, long target) {
            this.open = open;
            this.target = target;
            this.thread = new Thread(this, "heap-sampler");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running.get()) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() / MIB);
                long now = open.getAsLong();
                peakOpen = Math.max(peakOpen, now);
                if (Double.isNaN(liveAtTarget) && now >= target) {
                    liveAtTarget = liveHeapMiB();
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        double peakMiB() {
            return peak;
        }

        long peakOpen() {
            return peakOpen;
        }

        double liveAtTarget() {
            return liveAtTarget;
        }
    }
}
