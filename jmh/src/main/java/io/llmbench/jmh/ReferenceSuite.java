package io.llmbench.jmh;

import io.llmbench.jmh.ReferenceScenarios.Bulk;
import io.llmbench.jmh.ReferenceScenarios.Client;
import io.llmbench.jmh.ReferenceScenarios.OpenStreams;
import io.llmbench.jmh.ReferenceScenarios.Poisson;
import io.llmbench.jmh.ReferenceScenarios.SamplerCost;
import io.llmbench.jmh.ReferenceScenarios.Stream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The load benchmark's scenarios against the out-of-process timing reference (issue 12), run for
 * each chosen client one after the other in one run (so neither client's load disturbs the other's
 * figures), repeated with the client order alternating; the tables show medians over the repeats.
 * Scenario names for {@code --only}: {@code stream} (concurrency 100 and 1,000, 32 tokens at 10 ms
 * gaps, also CPU per chunk), {@code stream5000} (5,000 streams at 50 ms gaps), {@code bulk}
 * (2,000-chunk bodies at concurrency 32), {@code open-streams} (20,000 slow streams, bounded by the
 * open-file limit), {@code poisson} (2,000 req/s for 30 s) and {@code sampler} (the health
 * sampler's own CPU cost).
 */
final class ReferenceSuite {
    static final List<String> SCENARIOS = List.of("stream", "stream5000", "bulk", "open-streams", "poisson", "sampler");

    /** Target: added TTFT p50 at concurrency 100, ms. */
    static final double TARGET_ADDED_TTFT_P50_C100 = 0.5;
    /** Target: added TTFT p99 at concurrency 100, ms. */
    static final double TARGET_ADDED_TTFT_P99_C100 = 2;
    /** Target: TPOT p50 error at concurrency 100, percent. */
    static final double TARGET_TPOT_ERROR_C100 = 1;
    /** Target: added TTFT p50 at concurrency 1,000, ms. */
    static final double TARGET_ADDED_TTFT_P50_C1000 = 1;
    /** Target: added TTFT p99 at concurrency 1,000, ms. */
    static final double TARGET_ADDED_TTFT_P99_C1000 = 5;
    /** Target: TPOT p50 error at concurrency 1,000, percent. */
    static final double TARGET_TPOT_ERROR_C1000 = 2;
    /** Target: added TTFT p50 at concurrency 5,000 (50 ms gaps), ms. */
    static final double TARGET_ADDED_TTFT_P50_C5000 = 5;
    /** Target: CPU per chunk with one chunk per read, µs. */
    static final double TARGET_CPU_MICROS_PER_CHUNK = 3;
    /** Target: chunks per second with 2,000-chunk bodies at concurrency 32. */
    static final double TARGET_BULK_CHUNKS_PER_SECOND = 2_500_000;
    /** Target: slow streams held open at once. */
    static final int TARGET_OPEN_STREAMS = 20_000;
    /** Target: schedule lag p99 at 2,000 req/s Poisson, ms. */
    static final double TARGET_SCHEDULE_LAG_P99 = 1;
    /** Target: achieved rate error, percent. */
    static final double TARGET_RATE_ERROR = 1;

    private ReferenceSuite() {
    }

    /**
     * What to run. Immutable.
     *
     * @param clients            the clients, each measured in every scenario
     * @param repeat             runs of each scenario per client (medians are shown)
     * @param streamConcurrency  concurrencies of the {@code stream} scenario
     * @param streamRounds       requests per stream slot in the {@code stream} scenario (requests = concurrency × rounds)
     * @param wideConcurrency    streams of the {@code stream5000} scenario
     * @param wideRounds         requests per slot there
     * @param bulkSeconds        the measured length of each {@code bulk} run
     * @param streamWarmup       warm-up requests of a timed stream run at least (twice the concurrency otherwise)
     * @param openStreams        streams asked for in {@code open-streams}
     * @param openGapMillis      their first-token delay and token gap (10 tokens each)
     * @param poissonRate        requests per second in {@code poisson}
     * @param poissonSeconds     its length
     * @param samplerSeconds     each leg of the {@code sampler} cost measurement
     */
    record Options(List<Client> clients, int repeat, List<Integer> streamConcurrency, int streamRounds, int streamWarmup,
                   int wideConcurrency, int wideRounds, Duration bulkSeconds, int openStreams, double openGapMillis,
                   double poissonRate, Duration poissonSeconds, Duration samplerSeconds) {
        Options {
            clients = List.copyOf(clients);
            streamConcurrency = List.copyOf(streamConcurrency);
            if (clients.isEmpty()) {
                throw new IllegalArgumentException("clients must not be empty");
            }
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be >= 1, but was " + repeat);
            }
        }

        static Options ofDefaults() {
            return new Options(List.of(Client.NETTY, Client.JDK), 3, List.of(100, 1_000), 20, 1_000, 5_000, 2,
                    Duration.ofSeconds(10), TARGET_OPEN_STREAMS, 2_000, 2_000, Duration.ofSeconds(30), Duration.ofSeconds(5));
        }

        static Options quick() {
            return new Options(List.of(Client.NETTY, Client.JDK), 1, List.of(20), 3, 20, 40, 1, Duration.ofMillis(500), 40, 50,
                    200, Duration.ofSeconds(1), Duration.ofMillis(200));
        }

        Options withClients(List<Client> c) {
            return new Options(c, repeat, streamConcurrency, streamRounds, streamWarmup, wideConcurrency, wideRounds, bulkSeconds,
                    openStreams, openGapMillis, poissonRate, poissonSeconds, samplerSeconds);
        }

        Options withRepeat(int r) {
            return new Options(clients, r, streamConcurrency, streamRounds, streamWarmup, wideConcurrency, wideRounds, bulkSeconds,
                    openStreams, openGapMillis, poissonRate, poissonSeconds, samplerSeconds);
        }

        Options withStreamConcurrency(List<Integer> c) {
            return new Options(clients, repeat, c, streamRounds, streamWarmup, wideConcurrency, wideRounds, bulkSeconds,
                    openStreams, openGapMillis, poissonRate, poissonSeconds, samplerSeconds);
        }

        Options withOpenStreams(int n) {
            return new Options(clients, repeat, streamConcurrency, streamRounds, streamWarmup, wideConcurrency, wideRounds,
                    bulkSeconds, n, openGapMillis, poissonRate, poissonSeconds, samplerSeconds);
        }

        Options withPoissonSeconds(Duration d) {
            return new Options(clients, repeat, streamConcurrency, streamRounds, streamWarmup, wideConcurrency, wideRounds,
                    bulkSeconds, openStreams, openGapMillis, poissonRate, d, samplerSeconds);
        }
    }

    /** Every run of every scenario (all repeats); lists of scenarios not run are empty. */
    record Results(List<Stream> streams, List<Stream> wide, List<Bulk> bulk, List<OpenStreams> open, List<Poisson> poisson,
                   List<SamplerCost> sampler) {
        boolean isEmpty() {
            return streams.isEmpty() && wide.isEmpty() && bulk.isEmpty() && open.isEmpty() && poisson.isEmpty() && sampler.isEmpty();
        }
    }

    static Results run(Options o, List<String> scenarios, PrintStream log) {
        List<Stream> streams = new ArrayList<>();
        List<Stream> wide = new ArrayList<>();
        List<Bulk> bulk = new ArrayList<>();
        List<OpenStreams> open = new ArrayList<>();
        List<Poisson> poisson = new ArrayList<>();
        List<SamplerCost> sampler = new ArrayList<>();
        for (int rep = 0; rep < o.repeat(); rep++) {
            List<Client> order = new ArrayList<>(o.clients());
            if (rep % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Client c : order) {
                if (scenarios.contains("stream")) {
                    for (int conc : o.streamConcurrency()) {
                        log.printf(Locale.ROOT, "reference stream: %s, concurrency %d, run %d of %d%n", c.key(), conc, rep + 1, o.repeat());
                        streams.add(ReferenceScenarios.stream(c, conc, 32, 10, 50, (long) conc * o.streamRounds(),
                                Math.max(o.streamWarmup(), conc * 2L)));
                    }
                }
                if (scenarios.contains("stream5000")) {
                    log.printf(Locale.ROOT, "reference stream: %s, concurrency %d at 50 ms gaps, run %d of %d%n", c.key(),
                            o.wideConcurrency(), rep + 1, o.repeat());
                    wide.add(ReferenceScenarios.stream(c, o.wideConcurrency(), 32, 50, 50,
                            (long) o.wideConcurrency() * o.wideRounds(), o.wideConcurrency()));
                }
                if (scenarios.contains("bulk")) {
                    log.printf(Locale.ROOT, "reference bulk: %s, run %d of %d%n", c.key(), rep + 1, o.repeat());
                    bulk.add(ReferenceScenarios.bulk(c, 32, 2_000, Duration.ofSeconds(3).compareTo(o.bulkSeconds()) > 0
                            ? o.bulkSeconds() : Duration.ofSeconds(3), o.bulkSeconds()));
                }
                if (scenarios.contains("open-streams")) {
                    log.printf(Locale.ROOT, "reference open streams: %s, %d streams, run %d of %d%n", c.key(), o.openStreams(),
                            rep + 1, o.repeat());
                    open.add(ReferenceScenarios.openStreams(c, o.openStreams(), 10, o.openGapMillis(), o.openGapMillis()));
                }
                if (scenarios.contains("poisson")) {
                    log.printf(Locale.ROOT, "reference poisson: %s, %.0f req/s for %d s, run %d of %d%n", c.key(), o.poissonRate(),
                            o.poissonSeconds().toSeconds(), rep + 1, o.repeat());
                    poisson.add(ReferenceScenarios.poisson(c, o.poissonRate(), o.poissonSeconds(), 4, 5, 5));
                }
            }
            if (scenarios.contains("sampler")) {
                log.printf(Locale.ROOT, "harness-health sampler cost, run %d of %d%n", rep + 1, o.repeat());
                sampler.addAll(ReferenceScenarios.samplerCost(o.samplerSeconds()));
            }
        }
        return new Results(streams, wide, bulk, open, poisson, sampler);
    }

    // ---------------------------------------------------------------- tables of medians

    static void print(Results r, PrintStream out) {
        if (!r.streams().isEmpty() || !r.wide().isEmpty()) {
            out.printf(Locale.ROOT, "%n| timed stream (median of runs; ms) | client | runs | requests | failed | matched "
                    + "| added TTFT p50 | p99 | request path p50 | response path p50 | p99 | TPOT p50 | true TPOT p50 | TPOT error %% "
                    + "| chunks/s | CPU µs/chunk | server late p99 (first / all) | health | loop lag p99 | CPU share | load |%n");
            out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
            List<Stream> all = new ArrayList<>(r.streams());
            all.addAll(r.wide());
            for (List<Stream> g : groups(all, s -> s.concurrency() + "/" + s.gapMillis() + "/" + s.client())) {
                Stream f = g.get(0);
                out.printf(Locale.ROOT, "| concurrency %,d, %d tokens at %.0f ms | %s | %d | %,.0f | %,.0f | %,.0f | %.3f | %.3f | %.3f | %.3f "
                                + "| %.3f | %.3f | %.3f | %+.2f | %,.0f | %.1f | %.3f / %.3f | %s | %.3f | %.0f%% | %.1f |%n",
                        f.concurrency(), f.tokens(), f.gapMillis(), f.client(), g.size(), med(g, Stream::requests),
                        med(g, Stream::failed), med(g, Stream::matched), med(g, s -> s.addedTtft().p50()),
                        med(g, s -> s.addedTtft().p99()), med(g, s -> s.requestPath().p50()), med(g, s -> s.responsePath().p50()),
                        med(g, s -> s.responsePath().p99()), med(g, Stream::clientTpotP50), med(g, Stream::serverTpotP50),
                        med(g, Stream::tpotErrorPct), med(g, Stream::chunksPerSecond), med(g, Stream::cpuMicrosPerChunk),
                        med(g, Stream::serverFirstLateP99Millis), med(g, Stream::serverLateP99Millis), verdicts(g.stream().map(s -> s.health().verdict()).toList()),
                        med(g, s -> s.health().loopLagP99Millis()), med(g, s -> s.health().cpuShare()) * 100,
                        med(g, s -> s.health().loadAverage()));
            }
            out.printf(Locale.ROOT, "targets: c100 added TTFT p50 <= %.1f, p99 <= %.0f ms, TPOT within %.0f%%; c1000 p50 <= %.0f, "
                            + "p99 <= %.0f ms, TPOT within %.0f%%; c5000 0 failures, p50 <= %.0f ms; CPU <= %.0f µs/chunk%n",
                    TARGET_ADDED_TTFT_P50_C100, TARGET_ADDED_TTFT_P99_C100, TARGET_TPOT_ERROR_C100, TARGET_ADDED_TTFT_P50_C1000,
                    TARGET_ADDED_TTFT_P99_C1000, TARGET_TPOT_ERROR_C1000, TARGET_ADDED_TTFT_P50_C5000, TARGET_CPU_MICROS_PER_CHUNK);
        }
        if (!r.bulk().isEmpty()) {
            out.printf(Locale.ROOT, "%n| bulk bodies (median) | client | runs | requests | failed | chunks/s | CPU µs/chunk | health |%n"
                    + "|---|---|---|---|---|---|---|---|%n");
            for (List<Bulk> g : groups(r.bulk(), Bulk::client)) {
                Bulk f = g.get(0);
                out.printf(Locale.ROOT, "| concurrency %d, %,d-chunk bodies | %s | %d | %,.0f | %,.0f | %,.0f | %.2f | %s |%n",
                        f.concurrency(), f.chunksPerResponse(), f.client(), g.size(), med(g, Bulk::requests), med(g, Bulk::failed),
                        med(g, Bulk::chunksPerSecond), med(g, Bulk::cpuMicrosPerChunk),
                        verdicts(g.stream().map(b -> b.health().verdict()).toList()));
            }
            out.printf(Locale.ROOT, "target: >= %,.0f chunks/s%n", TARGET_BULK_CHUNKS_PER_SECOND);
        }
        if (!r.open().isEmpty()) {
            out.printf(Locale.ROOT, "%n| open slow streams (median) | client | runs | streams | requests | failed | peak in flight "
                    + "| peak heap MiB | live heap at peak MiB | KiB/stream | max heap MiB | limited by |%n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|%n");
            for (List<OpenStreams> g : groups(r.open(), OpenStreams::client)) {
                OpenStreams f = g.get(0);
                out.printf(Locale.ROOT, "| 10 tokens, %.0f ms apart | %s | %d | %,d | %,.0f | %,.0f %s | %,.0f | %.0f | %.0f | %.1f | %.0f | %s |%n",
                        f.gapMillis(), f.client(), g.size(), f.streams(), med(g, OpenStreams::requests), med(g, OpenStreams::failed), f.failures(),
                        med(g, OpenStreams::peakInFlight), med(g, OpenStreams::peakHeapMiB), med(g, OpenStreams::liveAtPeakMiB),
                        med(g, OpenStreams::kibPerStream), f.heapMaxMiB(), f.limitedBy().isEmpty() ? "-" : f.limitedBy());
            }
            out.printf(Locale.ROOT, "target: %,d streams, 0 failures, heap <= 1 GiB%n", TARGET_OPEN_STREAMS);
        }
        if (!r.poisson().isEmpty()) {
            out.printf(Locale.ROOT, "%n| Poisson arrivals (median) | client | runs | requests | failed | achieved req/s | rate error %% "
                    + "| schedule lag p50 ms | p99 | max | late sends | health |%n|---|---|---|---|---|---|---|---|---|---|---|---|%n");
            for (List<Poisson> g : groups(r.poisson(), Poisson::client)) {
                Poisson f = g.get(0);
                out.printf(Locale.ROOT, "| %,.0f req/s for %.0f s | %s | %d | %,.0f | %,.0f %s | %,.1f | %+.2f | %.3f | %.3f | %.1f | %,.0f | %s |%n",
                        f.rate(), f.seconds(), f.client(), g.size(), med(g, Poisson::requests), med(g, Poisson::failed),
                        f.failures(), med(g, Poisson::achievedRate), med(g, Poisson::rateErrorPct), med(g, Poisson::scheduleLagP50Millis),
                        med(g, Poisson::scheduleLagP99Millis), med(g, Poisson::scheduleLagMaxMillis), med(g, Poisson::lateSends),
                        verdicts(g.stream().map(p -> p.health().verdict()).toList()));
            }
            out.printf(Locale.ROOT, "targets: schedule lag p99 <= %.0f ms; achieved rate within %.0f%%%n", TARGET_SCHEDULE_LAG_P99,
                    TARGET_RATE_ERROR);
        }
        if (!r.sampler().isEmpty()) {
            out.printf(Locale.ROOT, "%n| harness-health sampler cost (median) | runs | baseline CPU ms/s | with sampler ms/s "
                    + "| cost (share of one core) |%n|---|---|---|---|---|%n");
            for (List<SamplerCost> g : groups(r.sampler(), s -> s.probed().replaceAll(" \\(loop lag.*", ""))) {
                SamplerCost f = g.get(0);
                out.printf(Locale.ROOT, "| %s, %d scheduler%s | %d | %.2f | %.2f | %.2f%% |%n", f.probed().replaceAll(" \\(loop lag.*", ""),
                        f.schedulers(), f.schedulers() == 1 ? "" : "s", g.size(), med(g, SamplerCost::baselineCpuMillisPerSecond),
                        med(g, SamplerCost::sampledCpuMillisPerSecond), med(g, SamplerCost::costCoreShare) * 100);
            }
        }
    }

    static Map<String, Object> targets() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("addedTtftP50C100Millis", TARGET_ADDED_TTFT_P50_C100);
        t.put("addedTtftP99C100Millis", TARGET_ADDED_TTFT_P99_C100);
        t.put("tpotErrorC100Pct", TARGET_TPOT_ERROR_C100);
        t.put("addedTtftP50C1000Millis", TARGET_ADDED_TTFT_P50_C1000);
        t.put("addedTtftP99C1000Millis", TARGET_ADDED_TTFT_P99_C1000);
        t.put("tpotErrorC1000Pct", TARGET_TPOT_ERROR_C1000);
        t.put("addedTtftP50C5000Millis", TARGET_ADDED_TTFT_P50_C5000);
        t.put("cpuMicrosPerChunk", TARGET_CPU_MICROS_PER_CHUNK);
        t.put("bulkChunksPerSecond", TARGET_BULK_CHUNKS_PER_SECOND);
        t.put("openStreams", TARGET_OPEN_STREAMS);
        t.put("scheduleLagP99Millis", TARGET_SCHEDULE_LAG_P99);
        t.put("rateErrorPct", TARGET_RATE_ERROR);
        return t;
    }

    private static <T> List<List<T>> groups(List<T> runs, Function<T, String> key) {
        Map<String, List<T>> m = new LinkedHashMap<>();
        for (T t : runs) {
            m.computeIfAbsent(key.apply(t), k -> new ArrayList<>()).add(t);
        }
        return new ArrayList<>(m.values());
    }

    /** The median (the lower middle of an even count) of a figure over runs, NaNs left out. */
    static <T> double med(List<T> runs, ToDoubleFunction<T> f) {
        double[] v = runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v[(v.length - 1) / 2];
    }

    private static String verdicts(List<String> v) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        v.forEach(x -> counts.merge(x, 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        counts.forEach((k, n) -> s.append(s.length() == 0 ? "" : " ").append(k).append(n > 1 || counts.size() > 1 ? "×" + n : ""));
        return s.toString();
    }
}
