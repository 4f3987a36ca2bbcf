package io.llmbench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmbench.core.Endpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The harness's whole-process load benchmark (not JMH): the real engine and OpenAI client against
 * the simulated endpoint in the same JVM over loopback. It measures
 * <ol>
 *   <li><b>capacity</b>: content chunks per second parsed and timed at concurrency 32 against
 *       fixed-response mode (2,000-chunk bodies served repeatedly), and per CPU-second of the
 *       harness (process CPU minus the simulated endpoint's threads); target ≥ 500,000 chunks/s;</li>
 *   <li><b>overhead</b>: measured TTFT minus the server-side first-token send time (the sim's
 *       {@code RequestTrace}, same clock) at concurrency 10, 100 and 1,000; target ≤ 1 ms at the
 *       median and ≤ 3 ms at p99 for concurrency 100;</li>
 *   <li><b>scale</b>: 5,000 concurrent streams complete with no failures within a 1 GiB heap
 *       (run with {@code -Xmx1g}); peak heap and live heap per stream.</li>
 *   <li>against an <b>out-of-process timing reference</b> ({@link TimingReference}, a small C server
 *       built with gcc when needed) for each client of {@code --client netty,jdk}, one after the
 *       other, repeated {@code --repeat} times: {@link ReferenceSuite#SCENARIOS} ({@code stream},
 *       {@code stream5000}, {@code bulk}, {@code open-streams}, {@code poisson}, {@code sampler}).</li>
 * </ol>
 * It prints a table and, with {@code --json FILE}, writes the figures as JSON.
 *
 * <pre>
 * java -Xmx1g -cp jmh/target/benchmarks.jar io.llmbench.jmh.LoadBenchmark [--only capacity,overhead,scale]
 *      [--json out.json] [--capacity-seconds 10] [--overhead-concurrency 10,100,1000] [--scale-streams 5000] [--quick]
 *      [--client netty,jdk] [--repeat 3] [--stream-concurrency 100,1000] [--open-streams 20000] [--poisson-seconds 30]
 * </pre>
 * The reference scenarios hold thousands of sockets: launch with the open-file limit raised to
 * the hard limit, {@code bash -c 'ulimit -n $(ulimit -Hn) && exec java ...'} (the reference server
 * raises its own the same way).
 */
public final class LoadBenchmark {
    /** Target: content chunks per second at concurrency 32. */
    public static final double TARGET_CHUNKS_PER_SECOND = 500_000;
    /** Target: median response-path overhead at concurrency 100, milliseconds. */
    public static final double TARGET_OVERHEAD_P50_MILLIS = 1.0;
    /** Target: p99 response-path overhead at concurrency 100, milliseconds. */
    public static final double TARGET_OVERHEAD_P99_MILLIS = 3.0;
    /** Target: concurrent streams within {@link #TARGET_HEAP_MIB}. */
    public static final int TARGET_STREAMS = 5_000;
    /** Target: the heap the scale run must fit in, MiB. */
    public static final int TARGET_HEAP_MIB = 1_024;

    private LoadBenchmark() {
    }

    /**
     * What to run. Immutable.
     *
     * @param scenarios            any of {@code capacity}, {@code overhead}, {@code scale}
     * @param capacityConcurrency  requests in flight in the capacity run
     * @param capacityChunks       content chunks per fixed response
     * @param capacityWarmup       warm-up before the capacity run
     * @param capacitySeconds      the capacity run's length
     * @param overheadConcurrency  the concurrencies of the overhead runs
     * @param overheadRequests     measured requests per overhead run, one per concurrency (the last repeats)
     * @param overheadTokens       output tokens per request in the overhead runs (plus one per 1,000 requests)
     * @param prefillMillis        the sim's fixed prefill in the overhead runs (its TTFT)
     * @param stepMillis           the sim's decode step in the overhead runs: fixed part
     * @param stepPerRequestMillis the sim's decode step in the overhead runs: part per request in the batch
     * @param scaleStreams         concurrent streams in the scale run
     * @param scaleTokens          output tokens per stream in the scale run
     * @param scaleStepMillis      the sim's decode step in the scale run
     * @param scaleRounds          requests per stream in the scale run
     * @param client               the HTTP client of the built-in OpenAI client under test in the in-process
     *                             scenarios (the first of {@code --client})
     * @param reference            the options of the scenarios against the out-of-process timing reference
     */
    public record Options(List<String> scenarios, int capacityConcurrency, int capacityChunks, Duration capacityWarmup,
                          Duration capacitySeconds, List<Integer> overheadConcurrency, List<Integer> overheadRequests,
                          int overheadTokens, double prefillMillis, double stepMillis, double stepPerRequestMillis, int scaleStreams, int scaleTokens,
                          double scaleStepMillis, int scaleRounds, Endpoint.Transport client, ReferenceSuite.Options reference) {
        public Options {
            scenarios = List.copyOf(scenarios);
            reference = reference == null ? ReferenceSuite.Options.ofDefaults() : reference;
            overheadConcurrency = List.copyOf(overheadConcurrency);
            overheadRequests = List.copyOf(overheadRequests);
            if (overheadRequests.isEmpty()) {
                throw new IllegalArgumentException("overheadRequests must not be empty");
            }
            List<String> known = new ArrayList<>(List.of("capacity", "overhead", "scale"));
            known.addAll(ReferenceSuite.SCENARIOS);
            for (String s : scenarios) {
                if (!known.contains(s)) {
                    throw new IllegalArgumentException("scenario must be one of " + String.join(", ", known) + ", but was '" + s + "'");
                }
            }
        }

        /** The published configuration. */
        public static Options ofDefaults() {
            return new Options(List.of("capacity", "overhead", "scale"), 32, 2_000, Duration.ofSeconds(3),
                    Duration.ofSeconds(10), List.of(10, 100, 1_000), List.of(1_000, 3_000, 5_000), 32, 50, 10, 0.05,
                    TARGET_STREAMS, 20, 100, 2, Endpoint.DEFAULT_TRANSPORT, ReferenceSuite.Options.ofDefaults());
        }

        /** A run of a few seconds that exercises every scenario, for smoke tests. */
        public static Options quick() {
            return new Options(List.of("capacity", "overhead", "scale"), 4, 200, Duration.ofMillis(300),
                    Duration.ofSeconds(1), List.of(10), List.of(60), 4, 20, 5, 0, 200, 20, 20, 1, Endpoint.DEFAULT_TRANSPORT,
                    ReferenceSuite.Options.quick());
        }

        /** These options with other reference-scenario options. */
        public Options withReference(ReferenceSuite.Options r) {
            return new Options(scenarios, capacityConcurrency, capacityChunks, capacityWarmup, capacitySeconds,
                    overheadConcurrency, overheadRequests, overheadTokens, prefillMillis, stepMillis, stepPerRequestMillis,
                    scaleStreams, scaleTokens, scaleStepMillis, scaleRounds, client, r);
        }
    }

    /** Everything measured; scenarios not run are null. */
    public record Results(Instant startedAt, Map<String, String> machine, Options options, LoadScenarios.Capacity capacity,
                          List<LoadScenarios.Overhead> overhead, LoadScenarios.Scale scale, ReferenceSuite.Results reference) {
    }

    public static void main(String[] args) throws IOException {
        Options o = Options.ofDefaults();
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> o = Options.quick();
                case "--json" -> json = Path.of(value(args, ++i, a));
                case "--only" -> o = with(o, "scenarios", Arrays.asList(value(args, ++i, a).split(",")));
                case "--capacity-seconds" -> o = with(o, "capacitySeconds", Duration.ofMillis(Math.round(Double.parseDouble(value(args, ++i, a)) * 1000)));
                case "--capacity-concurrency" -> o = with(o, "capacityConcurrency", Integer.parseInt(value(args, ++i, a)));
                case "--overhead-concurrency" -> o = with(o, "overheadConcurrency",
                        Arrays.stream(value(args, ++i, a).split(",")).map(Integer::valueOf).toList());
                case "--overhead-requests" -> o = with(o, "overheadRequests",
                        Arrays.stream(value(args, ++i, a).split(",")).map(Integer::valueOf).toList());
                case "--scale-streams" -> o = with(o, "scaleStreams", Integer.parseInt(value(args, ++i, a)));
                case "--client" -> {
                    List<ReferenceScenarios.Client> clients = Arrays.stream(value(args, ++i, a).split(","))
                            .map(ReferenceScenarios.Client::parse).toList();
                    o = with(o, "client", clients.get(0).transport).withReference(o.reference().withClients(clients));
                }
                case "--repeat" -> o = o.withReference(o.reference().withRepeat(Integer.parseInt(value(args, ++i, a))));
                case "--stream-concurrency" -> o = o.withReference(o.reference().withStreamConcurrency(
                        Arrays.stream(value(args, ++i, a).split(",")).map(Integer::valueOf).toList()));
                case "--open-streams" -> o = o.withReference(o.reference().withOpenStreams(Integer.parseInt(value(args, ++i, a))));
                case "--poisson-seconds" -> o = o.withReference(o.reference().withPoissonSeconds(
                        Duration.ofMillis(Math.round(Double.parseDouble(value(args, ++i, a)) * 1000))));
                default -> throw new IllegalArgumentException("argument must be one of --quick, --json, --only, --capacity-seconds, "
                        + "--capacity-concurrency, --overhead-concurrency, --overhead-requests, --scale-streams, --client, --repeat, "
                        + "--stream-concurrency, --open-streams, --poisson-seconds, but was '" + a + "'");
            }
        }
        Results r = run(o, System.out);
        print(r, System.out);
        if (json != null) {
            writeJson(r, json);
            System.out.println("wrote " + json);
        }
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    @SuppressWarnings("unchecked")
    private static Options with(Options o, String field, Object v) {
        return new Options(
                field.equals("scenarios") ? (List<String>) v : o.scenarios(),
                field.equals("capacityConcurrency") ? (Integer) v : o.capacityConcurrency(),
                o.capacityChunks(), o.capacityWarmup(),
                field.equals("capacitySeconds") ? (Duration) v : o.capacitySeconds(),
                field.equals("overheadConcurrency") ? (List<Integer>) v : o.overheadConcurrency(),
                field.equals("overheadRequests") ? (List<Integer>) v : o.overheadRequests(),
                o.overheadTokens(), o.prefillMillis(), o.stepMillis(), o.stepPerRequestMillis(),
                field.equals("scaleStreams") ? (Integer) v : o.scaleStreams(),
                o.scaleTokens(), o.scaleStepMillis(), o.scaleRounds(),
                field.equals("client") ? (Endpoint.Transport) v : o.client(), o.reference());
    }

    /** Runs the chosen scenarios, logging each start to {@code log}. */
    public static Results run(Options o, PrintStream log) {
        Objects.requireNonNull(o, "options");
        Instant started = Instant.now();
        LoadScenarios.Capacity capacity = null;
        List<LoadScenarios.Overhead> overhead = new ArrayList<>();
        LoadScenarios.Scale scale = null;
        if (o.scenarios().contains("capacity")) {
            log.printf(Locale.ROOT, "capacity: concurrency %d, %d-chunk responses, %d s%n", o.capacityConcurrency(),
                    o.capacityChunks(), o.capacitySeconds().toSeconds());
            capacity = LoadScenarios.capacity(o.capacityConcurrency(), o.capacityChunks(), o.capacityWarmup(), o.capacitySeconds(),
                    o.client());
        }
        if (o.scenarios().contains("overhead")) {
            for (int i = 0; i < o.overheadConcurrency().size(); i++) {
                int c = o.overheadConcurrency().get(i);
                int requests = o.overheadRequests().get(Math.min(i, o.overheadRequests().size() - 1));
                log.printf(Locale.ROOT, "overhead: concurrency %d, %d requests%n", c, requests);
                overhead.add(LoadScenarios.overhead(c, requests, o.prefillMillis(), o.stepMillis(), o.stepPerRequestMillis(),
                        o.overheadTokens(), o.client()));
            }
        }
        if (o.scenarios().contains("scale")) {
            log.printf(Locale.ROOT, "scale: %d streams of %d tokens%n", o.scaleStreams(), o.scaleTokens());
            scale = LoadScenarios.scale(o.scaleStreams(), o.scaleTokens(), o.scaleStepMillis(), o.scaleRounds(), o.client());
        }
        List<String> ref = o.scenarios().stream().filter(ReferenceSuite.SCENARIOS::contains).toList();
        ReferenceSuite.Results reference = ref.isEmpty() ? null : ReferenceSuite.run(o.reference(), ref, log);
        return new Results(started, machine(), o, capacity, overhead.isEmpty() ? null : List.copyOf(overhead), scale, reference);
    }

    static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("loadAverage", String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        m.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        m.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return m;
    }

    /** Prints the figures as tables. */
    public static void print(Results r, PrintStream out) {
        out.printf(Locale.ROOT, "%nmachine: %s%nclient: %s%n", r.machine(), r.options().client().name().toLowerCase(Locale.ROOT));
        LoadScenarios.Capacity c = r.capacity();
        if (c != null) {
            out.printf(Locale.ROOT, "%n| capacity | value | target |%n|---|---|---|%n");
            out.printf(Locale.ROOT, "| content chunks/s (concurrency %d, %,d-chunk bodies) | %,.0f | >= %,.0f |%n",
                    c.concurrency(), c.chunksPerResponse(), c.chunksPerSecond(), TARGET_CHUNKS_PER_SECOND);
            out.printf(Locale.ROOT, "| chunks per harness CPU-second (process - sim threads) | %,.0f | |%n", c.chunksPerHarnessCpuSecond());
            out.printf(Locale.ROOT, "| chunks per process CPU-second | %,.0f | |%n", c.chunksPerProcessCpuSecond());
            out.printf(Locale.ROOT, "| requests / failed / content chunks | %,d / %,d / %,d | 0 failed |%n", c.requests(), c.failed(), c.contentChunks());
            out.printf(Locale.ROOT, "| wall s / process CPU s / sim CPU s | %.2f / %.2f / %.2f | |%n", c.wallSeconds(),
                    c.processCpuSeconds(), c.simCpuSeconds());
        }
        if (r.overhead() != null) {
            out.printf(Locale.ROOT, "%n| overhead (ms) | requests | failed | matched | response path p50 | p90 | p99 | max "
                    + "| request path p50 | p99 | server time p50 | p99 | TTFT - configured p50 | p99 | sim max lag "
                    + "| hiccup p50 | p99 | max | GCs | GC ms | run s | CPU s | sim CPU s | harness CPU µs/chunk |%n");
            out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
            for (LoadScenarios.Overhead h : r.overhead()) {
                out.printf(Locale.ROOT, "| concurrency %d | %,d | %,d | %,d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f "
                                + "| %.3f | %.3f | %.1f | %.3f | %.3f | %.1f | %d | %.0f | %.1f | %.1f | %.1f | %.1f |%n",
                        h.concurrency(), h.requests(), h.failed(), h.matched(), h.responsePath().p50(), h.responsePath().p90(),
                        h.responsePath().p99(), h.responsePath().max(), h.requestPath().p50(), h.requestPath().p99(),
                        h.serverTime().p50(), h.serverTime().p99(), h.ttftMinusConfigured().p50(), h.ttftMinusConfigured().p99(),
                        h.simMaxLagMillis(), h.hiccup().p50(), h.hiccup().p99(), h.hiccup().max(), h.gcPauses(), h.gcPauseMillis(),
                        h.seconds(), h.processCpuSeconds(), h.simCpuSeconds(), h.harnessCpuMicrosPerChunk());
            }
            out.printf(Locale.ROOT, "targets at concurrency 100: response path p50 <= %.0f ms, p99 <= %.0f ms%n",
                    TARGET_OVERHEAD_P50_MILLIS, TARGET_OVERHEAD_P99_MILLIS);
        }
        LoadScenarios.Scale s = r.scale();
        if (s != null) {
            out.printf(Locale.ROOT, "%n| scale | value | target |%n|---|---|---|%n");
            out.printf(Locale.ROOT, "| streams / peak running at the sim | %,d / %,d | %,d |%n", s.streams(), s.peakRunning(), TARGET_STREAMS);
            out.printf(Locale.ROOT, "| requests / failed | %,d / %,d %s | 0 failed |%n", s.requests(), s.failed(), s.failures());
            out.printf(Locale.ROOT, "| max heap (-Xmx) MiB | %.0f | <= %d |%n", s.heapMaxMiB(), TARGET_HEAP_MIB);
            out.printf(Locale.ROOT, "| peak heap used (sampled / pool peaks) MiB | %.0f / %.0f | |%n", s.peakHeapMiB(), s.poolPeakMiB());
            out.printf(Locale.ROOT, "| live heap before / with all streams open MiB | %.1f / %.1f | |%n", s.liveBeforeMiB(), s.liveAtPeakMiB());
            out.printf(Locale.ROOT, "| live heap per stream KiB (engine + client + sim) | %.1f | |%n", s.kibPerStream());
            out.printf(Locale.ROOT, "| run s / peak JVM threads | %.1f / %d | |%n", s.seconds(), s.peakThreads());
        }
        if (r.reference() != null) {
            ReferenceSuite.print(r.reference(), out);
        }
    }

    /** Writes the results as indented JSON. */
    public static void writeJson(Results r, Path file) {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        try {
            Files.writeString(file, json.writeValueAsString(json.valueToTree(toMap(r))));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static Map<String, Object> toMap(Results r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startedAt", r.startedAt().toString());
        m.put("machine", r.machine());
        Map<String, Object> opts = new LinkedHashMap<>();
        Options o = r.options();
        opts.put("scenarios", o.scenarios());
        opts.put("capacityConcurrency", o.capacityConcurrency());
        opts.put("capacityChunks", o.capacityChunks());
        opts.put("capacityWarmupSeconds", o.capacityWarmup().toMillis() / 1e3);
        opts.put("capacitySeconds", o.capacitySeconds().toMillis() / 1e3);
        opts.put("overheadConcurrency", o.overheadConcurrency());
        opts.put("overheadRequests", o.overheadRequests());
        opts.put("overheadTokens", o.overheadTokens());
        opts.put("prefillMillis", o.prefillMillis());
        opts.put("stepMillis", o.stepMillis());
        opts.put("stepPerRequestMillis", o.stepPerRequestMillis());
        opts.put("scaleStreams", o.scaleStreams());
        opts.put("scaleTokens", o.scaleTokens());
        opts.put("scaleStepMillis", o.scaleStepMillis());
        opts.put("scaleRounds", o.scaleRounds());
        opts.put("client", o.client().name().toLowerCase(Locale.ROOT));
        m.put("options", opts);
        m.put("capacity", r.capacity());
        m.put("overhead", r.overhead());
        m.put("scale", r.scale());
        m.put("reference", r.reference());
        m.put("referenceOptions", o.reference());
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("chunksPerSecond", TARGET_CHUNKS_PER_SECOND);
        targets.put("overheadP50Millis", TARGET_OVERHEAD_P50_MILLIS);
        targets.put("overheadP99Millis", TARGET_OVERHEAD_P99_MILLIS);
        targets.put("streams", TARGET_STREAMS);
        targets.put("heapMiB", TARGET_HEAP_MIB);
        targets.put("reference", ReferenceSuite.targets());
        m.put("targets", targets);
        return m;
    }
}
