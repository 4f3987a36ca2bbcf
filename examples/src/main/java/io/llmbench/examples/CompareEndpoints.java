package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import io.llmbench.report.HtmlReport;
import io.llmbench.report.SummaryCsv;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares endpoints side by side: the same prompts, in the same order, under the same load, at the
 * same time. Prints a table and the winner per metric, and writes an HTML report and a summary CSV.
 *
 * <p>By default it starts two simulated endpoints with different characters: {@code fast-prefill}
 * (quick first token, slower decode) and {@code fast-decode} (slower prefill, quicker decode). With
 * {@code --urls name=url,name=url --model M} it compares real servers (API key from the environment
 * variable {@code LLMBENCH_API_KEY}).
 *
 * <p>Options: {@code --urls}, {@code --model}, {@code --requests} (default 48), {@code --concurrency}
 * (default 8), {@code --out} (directory for {@code compare.html} and {@code compare-summary.csv}, default {@code .}).
 */
public final class CompareEndpoints {
    /** Metrics compared, each with its better direction from {@link Metric#lowerIsBetter()}. */
    static final List<Metric> COMPARED = List.of(Metric.TTFT, Metric.TPOT, Metric.E2E, Metric.USER_TPS);

    private CompareEndpoints() {
    }

    /** What the comparison found: the benchmark and the winning endpoint per metric (by p50). */
    public record Outcome(BenchmarkResult result, Map<Metric, String> winners, Path report, Path summaryCsv) {
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static Outcome run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "urls", "model", "requests", "concurrency", "out");
        Path dir = Path.of(a.string("out", "."));
        List<SimulatedEndpoint> sims = new ArrayList<>();
        try {
            List<Endpoint> endpoints = new ArrayList<>();
            if (a.has("urls")) {
                for (String pair : a.strings("urls", List.of())) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0 || eq == pair.length() - 1) {
                        throw new IllegalArgumentException("option --urls must be name=url pairs, but contained '" + pair + "'");
                    }
                    endpoints.add(Endpoint.openAi(pair.substring(eq + 1)).name(pair.substring(0, eq))
                            .model(a.string("model", null)).apiKey(System.getenv("LLMBENCH_API_KEY")).build());
                }
            } else {
                // quick first token, slower decode steps
                sims.add(SimulatedEndpoint.builder().model("sim-a").seed(1)
                        .timing(TimingModel.builder().prefill(4, 0.005).decode(3.0, 0.15).maxRunning(64).jitter(0.05).build()).start());
                // slow prefill, quick decode steps
                sims.add(SimulatedEndpoint.builder().model("sim-b").seed(2)
                        .timing(TimingModel.builder().prefill(25, 0.02).decode(1.2, 0.05).maxRunning(64).jitter(0.05).build()).start());
                endpoints.add(Endpoint.openAi(sims.get(0).baseUrl()).model("sim-a").name("fast-prefill").hardware("sim-A").build());
                endpoints.add(Endpoint.openAi(sims.get(1).baseUrl()).model("sim-b").name("fast-decode").hardware("sim-B").build());
            }

            BenchmarkResult result = Benchmark.builder()
                    .endpoints(endpoints)
                    .workload(Workload.synthetic(256, 64))
                    .load(Load.concurrency(a.integer("concurrency", 8, 1)))
                    .requests(a.integer("requests", 48, 1))
                    .warmup(2)
                    .slos(Slo.of(Metric.TTFT, 100), Slo.of(Metric.E2E, 1000))
                    .run();

            ResultTable.print(result.endpoints(), out);
            Map<Metric, String> winners = new LinkedHashMap<>();
            for (Metric m : COMPARED) {
                winners.put(m, winner(result.endpoints(), m, out));
            }

            Files.createDirectories(dir);
            Path html = dir.resolve("compare.html");
            Path csv = dir.resolve("compare-summary.csv");
            HtmlReport.builder().title("endpoint comparison").result(result).build().write(html);
            SummaryCsv.write(result.endpoints(), csv);
            out.println("report: " + html.toAbsolutePath());
            out.println("summary CSV: " + csv.toAbsolutePath());
            return new Outcome(result, winners, html, csv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create output directory " + dir, e);
        } finally {
            sims.forEach(SimulatedEndpoint::close);
        }
    }

    /** The endpoint with the best median of the metric; prints how far ahead it is of the runner-up. */
    static String winner(List<EndpointResult> results, Metric metric, PrintStream out) {
        Comparator<EndpointResult> byMedian = Comparator.comparingDouble(r -> r.metric(metric).p50());
        List<EndpointResult> ranked = results.stream().filter(r -> r.metric(metric).count() > 0)
                .sorted(metric.lowerIsBetter() ? byMedian : byMedian.reversed()).toList();
        if (ranked.isEmpty()) {
            out.printf(Locale.ROOT, "%-9s no samples%n", metric.key());
            return null;
        }
        EndpointResult best = ranked.get(0);
        double b = best.metric(metric).p50();
        if (ranked.size() == 1) {
            out.printf(Locale.ROOT, "%-9s best p50: %s (%.2f %s)%n", metric.key(), best.name(), b, metric.unit().symbol());
        } else {
            EndpointResult next = ranked.get(1);
            double n = next.metric(metric).p50();
            out.printf(Locale.ROOT, "%-9s best p50: %s (%.2f %s), %.2fx better than %s (%.2f %s)%n", metric.key(), best.name(), b,
                    metric.unit().symbol(), metric.lowerIsBetter() ? n / b : b / n, next.name(), n, metric.unit().symbol());
        }
        return best.name();
    }
}
