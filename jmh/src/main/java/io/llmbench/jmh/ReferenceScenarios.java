package io.llmbench.jmh;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.Progress;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunningBenchmark;
import io.llmbench.core.internal.HarnessSampler;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.workload.Prompt;
import io.llmbench.core.workload.PromptInfo;
import io.llmbench.core.workload.Workload;
import io.llmbench.jmh.LoadScenarios.CapturingClock;
import io.llmbench.jmh.LoadScenarios.OriginListener;
import io.llmbench.jmh.LoadScenarios.Summary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The load benchmark's scenarios against the out-of-process {@link TimingReference}, each run once
 * per client ({@link Endpoint.Transport}). The server's own timestamps (same clock) give, per
 * request, the TTFT the server really took, so that
 * <pre>  added TTFT = client TTFT − (server's first-token write − server's read of the request)
 *             = request path (t0 → server read) + response path (server write → client timestamp)</pre>
 * is what the harness and loopback add; the server's lateness against its own plan is reported
 * beside it. Each method returns an immutable result.
 */
final class ReferenceScenarios {
    private static final double MIB = 1024.0 * 1024.0;

    private ReferenceScenarios() {
    }

    /** A client under test: the built-in client's transport and the tag its requests carry. */
    enum Client {
        NETTY(Endpoint.Transport.NETTY, 1), JDK(Endpoint.Transport.JDK, 2);

        final Endpoint.Transport transport;
        final int tag;

        Client(Endpoint.Transport transport, int tag) {
            this.transport = transport;
            this.tag = tag;
        }

        static Client parse(String name) {
            for (Client c : values()) {
                if (c.name().equalsIgnoreCase(name.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("client must be one of netty, jdk, but was '" + name + "'");
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        Endpoint endpoint(TimingReference server, String suffix) {
            return Endpoint.openAi(server.baseUrl()).model("m").name(key() + suffix).transport(transport)
                    .header("X-Client-Tag", Integer.toString(tag)).build();
        }
    }

    /**
     * The harness's verdict on itself in a run, the figures it rests on, and the machine's 1-minute
     * load average when the run ended.
     */
    record Health(String verdict, double loopLagP99Millis, double loopLagMaxMillis, double cpuShare, double machineCpuShare,
                  int probedLoops, double loadAverage) {
        static Health of(EndpointResult r) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return r.health().map(h -> new Health(h.verdict().name(), h.loopLagP99Millis(), h.loopLagMaxMillis(), h.cpuShare(),
                    h.machineCpuShare(), h.probedLoops(), load))
                    .orElse(new Health("-", Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, load));
        }
    }

    // ---------------------------------------------------------------- timed streams

    /**
     * A timed stream at one concurrency (milliseconds unless named otherwise).
     *
     * @param addedTtft       client TTFT − the server's own TTFT, per matched request
     * @param requestPath     t0 → the server has read the request
     * @param responsePath    the server wrote the first token → the client stamped it
     * @param clientTpotP50   the client's TPOT p50
     * @param serverTpotP50   the server's own (last − first write) / (tokens − 1), p50: the true TPOT
     * @param tpotErrorPct    (client − server) / server TPOT p50, percent
     * @param cpuMicrosPerChunk this JVM's CPU time in the measured run / content chunks received
     * @param serverFirstLateP99Millis how late the server wrote the first token against its plan, p99 over the
     *                        measured requests: the reference's own error in the added TTFT's split
     * @param serverLateP99Millis how late all the server's timed writes were, p99 (warm-up included;
     *                        capped at 100 ms): its own error in the TPOT
     */
    record Stream(String client, int concurrency, int tokens, double gapMillis, double ttftMillis, long requests,
                  long failed, Map<String, Long> failures, long matched, Summary addedTtft, Summary requestPath,
                  Summary responsePath, double clientTpotP50, double serverTpotP50, double tpotErrorPct, long contentChunks,
                  double seconds, double chunksPerSecond, double processCpuSeconds, double cpuMicrosPerChunk,
                  double serverFirstLateP99Millis, double serverLateP99Millis, Health health) {
    }

    static Stream stream(Client client, int concurrency, int tokens, double gapMillis, double ttftMillis, long requests,
                         long warmup) {
        try (TimingReference server = TimingReference.start(ttftMillis, gapMillis, tokens, 0)) {
            Endpoint endpoint = client.endpoint(server, "");
            CapturingClock clock = new CapturingClock();
            OriginListener origin = new OriginListener(clock);
            // the warm-up runs inside the benchmark: its traces have keys from 2^40 up and are left out;
            // the server's write-lateness counters cover warm-up and measured phase alike
            CpuAtStart measuredCpu = new CpuAtStart();
            server.reset();
            BenchmarkResult result = Benchmark.builder().endpoints(endpoint).workload(new RefWorkload(tokens))
                    .load(Load.concurrency(concurrency)).requests(requests).warmup((int) warmup).clock(clock)
                    .listener(origin).listener(measuredCpu).timeout(Duration.ofMinutes(2)).run();
            double cpu = processCpuSeconds() - measuredCpu.seconds();
            var stats = server.stats();
            Map<List<Long>, TimingReference.Trace> traces = server.traces();
            EndpointResult e = result.endpoints().get(0);
            long originNanos = origin.origin();
            List<double[]> rows = new ArrayList<>();
            List<Double> serverTpot = new ArrayList<>();
            List<Double> serverLate = new ArrayList<>();
            long chunks = 0;
            for (RequestRecord r : e.records()) {
                chunks += r.contentChunks();
                if (!r.ok() || r.ttftNanos() < 0) {
                    continue;
                }
                TimingReference.Trace t = traces.get(List.of((long) client.tag, r.sequence()));
                if (t == null || t.firstNanos() < 0) {
                    continue;
                }
                long t0 = originNanos + r.sentNanos();
                rows.add(new double[] {(r.ttftNanos() - t.ttftNanos()) / 1e6, (t.receivedNanos() - t0) / 1e6,
                    (t0 + r.ttftNanos() - t.firstNanos()) / 1e6});
                serverTpot.add(t.tpotMillis());
                serverLate.add(t.ttftNanos() / 1e6 - ttftMillis);
            }
            double clientTpot = e.metric(Metric.TPOT).p50();
            double trueTpot = median(serverTpot);
            double seconds = e.job().durationSeconds();
            return new Stream(client.key(), concurrency, tokens, gapMillis, ttftMillis, e.job().requests(), e.job().failed(),
                    failures(e), rows.size(), Summary.of(column(rows, 0)), Summary.of(column(rows, 1)),
                    Summary.of(column(rows, 2)), clientTpot, trueTpot, (clientTpot - trueTpot) / trueTpot * 100, chunks,
                    seconds, chunks / seconds, cpu, cpu * 1e6 / Math.max(1, chunks),
                    Summary.of(serverLate.stream().mapToDouble(Double::doubleValue).toArray()).p99(),
                    stats.path("lateP99Millis").asDouble(), Health.of(e));
        }
    }

    /** Notes this process's CPU time when the measured phase starts (after the warm-up). */
    static final class CpuAtStart implements io.llmbench.core.ProgressListener {
        private volatile double seconds = Double.NaN;

        @Override
        public void onStart(List<Progress> initial) {
            seconds = processCpuSeconds();
        }

        double seconds() {
            if (Double.isNaN(seconds)) {
                throw new IllegalStateException("the measured phase's start was not seen: onStart was not called");
            }
            return seconds;
        }
    }

    // ---------------------------------------------------------------- bulk bodies

    /** Bulk bodies of {@code chunksPerResponse} chunks written at once, at a fixed concurrency. */
    record Bulk(String client, int concurrency, int chunksPerResponse, long requests, long failed, long contentChunks,
                double seconds, double chunksPerSecond, double processCpuSeconds, double cpuMicrosPerChunk, Health health) {
    }

    static Bulk bulk(Client client, int concurrency, int chunks, Duration warmup, Duration measured) {
        try (TimingReference server = TimingReference.start(0, 0, chunks, chunks)) {
            Endpoint endpoint = client.endpoint(server, "");
            Workload workload = new RefWorkload(chunks);
            Benchmark.builder().endpoints(endpoint).workload(workload).load(Load.concurrency(concurrency)).duration(warmup).run();
            double cpu0 = processCpuSeconds();
            BenchmarkResult r = Benchmark.builder().endpoints(endpoint).workload(workload).load(Load.concurrency(concurrency))
                    .duration(measured).run();
            double cpu = processCpuSeconds() - cpu0;
            EndpointResult e = r.endpoints().get(0);
            long content = e.records().stream().mapToLong(RequestRecord::contentChunks).sum();
            double seconds = e.job().durationSeconds();
            return new Bulk(client.key(), concurrency, chunks, e.job().requests(), e.job().failed(), content, seconds,
                    content / seconds, cpu, cpu * 1e6 / Math.max(1, content), Health.of(e));
        }
    }

    // ---------------------------------------------------------------- open streams

    /**
     * Many slow streams open at once, split over two server processes (one process may not hold
     * them all within its open-file limit).
     *
     * @param requested   streams asked for
     * @param streams     streams run: the request, lowered to what this process's open-file limit allows
     * @param limitedBy   why fewer were run, or empty
     * @param peakInFlight most requests in flight at once (the engine's count)
     */
    record OpenStreams(String client, int requested, int streams, double gapMillis, String limitedBy, long requests, long failed,
                       Map<String, Long> failures, long peakInFlight, double seconds, double heapMaxMiB, double peakHeapMiB,
                       double liveBeforeMiB, double liveAtPeakMiB, double kibPerStream, Health health) {
    }

    static OpenStreams openStreams(Client client, int requested, int tokens, double ttftMillis, double gapMillis) {
        long limit = openFileLimit();
        long open = openFiles();
        int allowed = (int) Math.max(2, (limit - open - 400) / 2 * 2);
        int streams = Math.min(requested, allowed) / 2 * 2;
        String limitedBy = streams < requested ? "open-file limit " + limit + " (ulimit -n; " + open + " already open)" : "";
        try (TimingReference a = TimingReference.start(ttftMillis, gapMillis, tokens, 0);
             TimingReference b = TimingReference.start(ttftMillis, gapMillis, tokens, 0)) {
            Endpoint ea = client.endpoint(a, "-a");
            Endpoint eb = client.endpoint(b, "-b");
            Workload workload = new RefWorkload(tokens);
            Benchmark.builder().endpoints(ea, eb).workload(workload).load(Load.concurrency(64)).requests(64).run();
            double liveBefore = LoadScenarios.liveHeapMiB();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long start = System.nanoTime();
            RunningBenchmark running = Benchmark.builder().endpoints(ea, eb).workload(workload)
                    .load(Load.concurrency(streams / 2)).requests(streams / 2).timeout(Duration.ofMinutes(3))
                    .connectTimeout(Duration.ofSeconds(30)).start();
            LoadScenarios.HeapSampler sampler = new LoadScenarios.HeapSampler(
                    () -> running.progress().stream().mapToLong(Progress::inFlight).sum(), streams);
            sampler.start();
            BenchmarkResult r;
            try {
                r = running.await();
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
            long requests = 0;
            long failed = 0;
            Map<String, Long> failures = new LinkedHashMap<>();
            for (EndpointResult e : r.endpoints()) {
                requests += e.job().requests();
                failed += e.job().failed();
                e.job().failures().forEach((k, v) -> failures.merge(k.name(), v, Long::sum));
            }
            double live = sampler.liveAtTarget();
            return new OpenStreams(client.key(), requested, streams, gapMillis, limitedBy, requests, failed, failures, sampler.peakOpen(),
                    seconds, Runtime.getRuntime().maxMemory() / MIB, Math.max(poolPeak, sampler.peakMiB()), liveBefore, live,
                    Double.isNaN(live) ? Double.NaN : (live - liveBefore) * 1024 / streams, Health.of(r.endpoints().get(0)));
        }
    }

    // ---------------------------------------------------------------- Poisson arrivals

    /**
     * An open-loop Poisson run.
     *
     * @param achievedRate  sends per second between the first and the last send
     * @param rateErrorPct  (achieved − asked) / asked, percent; a Poisson count over n sends itself
     *                      varies by about 100/√n percent
     */
    record Poisson(String client, double rate, double seconds, long requests, long failed, Map<String, Long> failures,
                   double achievedRate,
                   double rateErrorPct, double scheduleLagP50Millis, double scheduleLagP99Millis, double scheduleLagMaxMillis,
                   long lateSends, Health health) {
    }

    static Poisson poisson(Client client, double rate, Duration duration, int tokens, double ttftMillis, double gapMillis) {
        try (TimingReference server = TimingReference.start(ttftMillis, gapMillis, tokens, 0)) {
            Endpoint endpoint = client.endpoint(server, "");
            Workload workload = new RefWorkload(tokens);
            Benchmark.builder().endpoints(endpoint).workload(workload).load(Load.concurrency(64))
                    .requests(Math.max(100, Math.round(rate * 2))).run();
            BenchmarkResult r = Benchmark.builder().endpoints(endpoint).workload(workload).load(Load.poisson(rate))
                    .duration(duration).timeout(Duration.ofSeconds(30)).run();
            EndpointResult e = r.endpoints().get(0);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (RequestRecord rec : e.records()) {
                first = Math.min(first, rec.sentNanos());
                last = Math.max(last, rec.sentNanos());
            }
            double achieved = e.records().size() > 1 ? (e.records().size() - 1) / ((last - first) / 1e9) : Double.NaN;
            MetricStats lag = e.metric(Metric.SCHEDULE_LAG);
            return new Poisson(client.key(), rate, duration.toMillis() / 1e3, e.job().requests(), e.job().failed(), failures(e),
                    achieved,
                    (achieved - rate) / rate * 100, lag.p50(), lag.p99(), lag.max(), e.job().lateSends(), Health.of(e));
        }
    }

    // ---------------------------------------------------------------- the sampler's own cost

    /**
     * What the harness-health sampler costs: the CPU time per second of this process's threads
     * (per thread, to the nanosecond, summed over the threads alive at the end; the process total
     * the JDK reports on Linux counts in 10 ms ticks) with the sampler probing idle schedulers,
     * minus the same without it.
     *
     * @param probed            what was probed: the shared timer thread, or a Netty client's event loops
     * @param schedulers        how many schedulers were probed
     * @param baselineCpuMillisPerSecond CPU ms per second of this process without the sampler
     * @param sampledCpuMillisPerSecond  the same with it
     * @param costCoreShare     the difference as a share of one core
     */
    record SamplerCost(String probed, int schedulers, double seconds, double baselineCpuMillisPerSecond,
                       double sampledCpuMillisPerSecond, double costCoreShare) {
    }

    static List<SamplerCost> samplerCost(Duration each) {
        List<SamplerCost> out = new ArrayList<>();
        out.add(samplerCost("timer thread", List.of(), each));
        ScheduledThreadPoolExecutor plain = new ScheduledThreadPoolExecutor(1);
        try {
            out.add(samplerCost("1 idle ScheduledThreadPoolExecutor", List.of(plain), each));
        } finally {
            plain.shutdownNow();
        }
        Endpoint netty = Endpoint.openAi("http://127.0.0.1:9/v1").model("m").transport(Endpoint.Transport.NETTY).build();
        try (InferenceClient client = netty.clientFactory().create(netty, new ClientOptions(Duration.ofSeconds(1), 1))) {
            out.add(samplerCost("idle Netty client event loops", client.eventLoops(), each));
        }
        return out;
    }

    private static SamplerCost samplerCost(String probed, List<ScheduledExecutorService> loops, Duration each) {
        sleep(each.toMillis() / 4);
        Map<Long, Long> b0 = threadCpu();
        long t0 = System.nanoTime();
        sleep(each.toMillis());
        double baseline = threadCpuSince(b0) / ((System.nanoTime() - t0) / 1e9);
        HarnessSampler sampler = HarnessSampler.start(loops);
        Map<Long, Long> s0 = threadCpu();
        long t1 = System.nanoTime();
        sleep(each.toMillis());
        double sampled = threadCpuSince(s0) / ((System.nanoTime() - t1) / 1e9);
        HarnessHealth h = sampler.stop(Double.NaN, 0);
        return new SamplerCost(probed + " (loop lag p99 " + String.format(Locale.ROOT, "%.3f", h.loopLagP99Millis()) + " ms)",
                Math.max(1, loops.size()), each.toMillis() / 1e3, baseline * 1e3, sampled * 1e3, sampled - baseline);
    }

    // ---------------------------------------------------------------- helpers

    /** Prompts "ref-N hi" asking for a fixed number of tokens: N is the server's trace key. */
    static final class RefWorkload implements Workload {
        private final int tokens;

        RefWorkload(int tokens) {
            this.tokens = tokens;
        }

        @Override
        public Prompt prompt(long index) {
            return new Prompt(PromptInfo.of("ref-" + index), List.of(Prompt.Message.user("ref-" + index + " hi")), tokens, -1,
                    Map.of());
        }

        @Override
        public String description() {
            return "reference prompts, " + tokens + " tokens out";
        }
    }

    /** The CPU time of each live thread of this process, nanoseconds by thread id. */
    static Map<Long, Long> threadCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                out.put(id, t);
            }
        }
        return out;
    }

    /** CPU seconds the threads alive at the end used since {@code before} (threads born since count whole). */
    static double threadCpuSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : threadCpu().entrySet()) {
            sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum / 1e9;
    }

    /** This process's CPU time (10 ms ticks on Linux). */
    static double processCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** This process's soft limit on open files, or a large number where /proc is missing. */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? Long.MAX_VALUE / 4 : Long.parseLong(f[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume enough
        }
        return 1L << 20;
    }

    static long openFiles() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Map<String, Long> failures(EndpointResult e) {
        Map<String, Long> out = new LinkedHashMap<>();
        e.job().failures().forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static double[] column(List<double[]> rows, int i) {
        double[] out = new double[rows.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = rows.get(k)[i];
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
