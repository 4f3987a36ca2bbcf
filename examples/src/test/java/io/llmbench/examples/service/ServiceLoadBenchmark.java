package io.llmbench.examples.service;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.SummaryCsv;
import io.llmbench.store.ResultStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load benchmark program (not a test): the service over an H2 file store of 10,000 runs (50
 * models × 200), each route hammered in a closed loop over kept-alive connections; prints p50,
 * p99 and requests/s per route, and the first (uncached) answer after a write.
 *
 * <pre>
 * mvn -B -q -pl examples -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.llmbench.examples.service.ServiceLoadBenchmark [-Dexec.args="SECONDS_PER_ROUTE"]
 * </pre>
 */
public final class ServiceLoadBenchmark {
    static final String KEY = "load-key-0123456789abcdef";
    static final int MODELS = 50;
    static final int RUNS_PER_MODEL = 200;

    private ServiceLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path dir = Files.createTempDirectory("llmbench-service-bench-");
        try (ResultStore store = ResultStore.h2File(dir.resolve("store"))) {
            fill(store);
            try (BenchService service = BenchService.builder().store(store).apiKey(KEY).port(0).start()) {
                String host = service.baseUrl().getHost();
                int port = service.port();
                System.out.printf(Locale.ROOT, "store: %d runs of %d models (H2 file); %d CPUs; load average %.2f%n",
                        MODELS * RUNS_PER_MODEL, MODELS, Runtime.getRuntime().availableProcessors(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                List<String> routes = List.of("/api/models", "/v1/benchmarks/models", "/api/benchmarks/models", "/api/rankings",
                        "/api/v1/benchmarks/rankings", "/api/v1/benchmarks/rankings/ttft");
                String atPoint = "/api/rankings/ttft?inputTokens=1024&outputTokens=256&concurrency=8";
                System.out.println("first answer after a write (cache empty), ms:");
                for (String r : routes) {
                    long t0 = System.nanoTime();
                    one(host, port, r);
                    System.out.printf(Locale.ROOT, "  %-70s %8.1f%n", r, (System.nanoTime() - t0) / 1e6);
                }
                // JIT warm-up: every route for a while before any is measured
                for (String r : routes) {
                    load(host, port, r, 2, seconds / 2, false);
                }
                System.out.printf(Locale.ROOT, "%-70s %5s %9s %9s %9s %9s%n", "route (kept-alive connections, cached)", "conns", "p50 ms",
                        "p99 ms", "max ms", "req/s");
                for (String r : routes) {
                    load(host, port, r, 4, seconds);
                }
                load(host, port, "/api/runs?limit=20", 4, seconds);
                load(host, port, "/health", 1, seconds);
                load(host, port, "/health", 20, seconds);
                load(host, port, "/api/models", 20, seconds);
                // ranking predicted at a point fits every model first (the auto predictor's leave-one-out choice)
                long t0 = System.nanoTime();
                one(host, port, atPoint);
                System.out.printf(Locale.ROOT, "first answer of %s (50 fits): %.1f s%n", atPoint, (System.nanoTime() - t0) / 1e9);
                load(host, port, atPoint, 4, seconds);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void fill(ResultStore store) throws IOException {
        List<EndpointResult> sample = SummaryCsv.read(new StringReader(ServiceClient.sampleCsv()), ImportOptions.ofDefaults()).rows();
        List<EndpointResult> batch = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            for (int i = 0; i < RUNS_PER_MODEL; i++) {
                EndpointResult r = sample.get(i % sample.size());
                Deployment d = r.deployment();
                String model = String.format(Locale.ROOT, "model-%02d", m);
                batch.add(new EndpointResult(new Deployment(model + "@acme", d.provider(), model, d.baseUrl(), d.hardware(), d.gpuCount(),
                        d.engine(), d.quantization(), d.contextWindow(), d.modelSize(), d.labels()), r.run(), r.job(), r.metrics(),
                        r.records(), r.warnings()));
                if (batch.size() == 1000) {
                    store.save(new BenchmarkResult(batch, List.of()));
                    batch.clear();
                }
            }
        }
    }

    /** Closed-loop load on one route from {@code conns} kept-alive connections; prints its latency figures. */
    private static void load(String host, int port, String route, int conns, double seconds) throws Exception {
        load(host, port, route, conns, seconds, true);
    }

    private static void load(String host, int port, String route, int conns, double seconds, boolean print) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmupEnd + (long) (seconds * 1e9);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            parts.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try (Socket s = new Socket(host, port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                    byte[] request = ("GET " + route + " HTTP/1.1\r\nHost: x\r\n" + BenchService.API_KEY_HEADER + ": " + KEY + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 > end) {
                            break;
                        }
                        out.write(request);
                        out.flush();
                        read(in);
                        long t1 = System.nanoTime();
                        if (t0 > warmupEnd) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = t1 - t0;
                        }
                    }
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : parts) {
            all.add(f.get());
        }
        pool.shutdown();
        long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (!print || lat.length == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-70s %5d %9.2f %9.2f %9.2f %9.0f%n", route, conns, lat[lat.length / 2] / 1e6,
                lat[(int) Math.min(lat.length - 1, Math.ceil(lat.length * 0.99) - 1)] / 1e6, lat[lat.length - 1] / 1e6,
                lat.length / seconds);
    }

    private static void one(String host, int port, String route) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.getOutputStream().write(("GET " + route + " HTTP/1.1\r\nHost: x\r\n" + BenchService.API_KEY_HEADER + ": " + KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException(route + " answered " + head.lines().findFirst().orElse(""));
            }
        }
    }

    private static final Pattern LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    /** Reads one response with a Content-Length body; returns its head. */
    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        Matcher m = LENGTH.matcher(h);
        if (!m.find()) {
            throw new IOException("no Content-Length in " + h);
        }
        in.readNBytes(Integer.parseInt(m.group(1)));
        return h;
    }
}
