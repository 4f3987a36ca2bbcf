package io.llmbench.report;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Traffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures HTML report write time and file size for 10^4, 10^5 and 10^6 request records (two
 * endpoints, half each, 200 req/s so the timeline spans the run). Not a unit test: run it by hand,
 * see docs/perf-report.md. Arguments: record counts (default 10000 100000 1000000).
 */
public final class ReportWriteBenchmark {
    private static final int WARMUP = 2;
    private static final int RUNS = 5;

    private ReportWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {10_000, 100_000, 1_000_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("llmbench-report-bench");
        System.out.println("records | write median (ms) | min (ms) | max (ms) | file size (bytes) | charts");
        for (int n : counts) {
            List<EndpointResult> eps = new ArrayList<>();
            for (int e = 0; e < 2; e++) {
                eps.add(Fixtures.result(e == 0 ? "llama-vllm" : "llama-tgi", n / 2, e + 1, 1.0 + e * 0.5, new Traffic(Traffic.Mode.RATE, 200)));
            }
            HtmlReport report = HtmlReport.builder().title("bench " + n).result(new BenchmarkResult(eps, List.of())).build();
            Path file = dir.resolve("report-" + n + ".html");
            for (int i = 0; i < WARMUP; i++) {
                report.write(file);
            }
            long[] times = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                report.write(file);
                times[i] = System.nanoTime() - t0;
            }
            Arrays.sort(times);
            String html = Files.readString(file);
            long charts = html.split("<canvas id=\"chart-", -1).length - 1;
            System.out.printf(Locale.ROOT, "%,d | %.0f | %.0f | %.0f | %,d | %d%n", n, times[RUNS / 2] / 1e6, times[0] / 1e6,
                    times[RUNS - 1] / 1e6, Files.size(file), charts);
            Files.delete(file);
        }
        Files.delete(dir);
    }
}
