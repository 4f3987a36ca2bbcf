package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import io.llmbench.report.HtmlReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The quick start: benchmark one OpenAI-compatible endpoint and write an HTML report.
 *
 * <pre>
 * java ... io.llmbench.examples.QuickStart                                  # against a simulated endpoint
 * java ... io.llmbench.examples.QuickStart --url http://localhost:8000/v1 --model meta-llama/Llama-3.1-8B-Instruct
 * </pre>
 *
 * Options: {@code --url} (default: start a simulated endpoint in-process), {@code --model},
 * {@code --requests} (default 64), {@code --concurrency} (default 8), {@code --report} (default
 * {@code quickstart-report.html}). The API key, if the server needs one, comes from the
 * environment variable {@code LLMBENCH_API_KEY}; it is never printed or written to the report.
 */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    /** Runs the quick start and returns the endpoint's result; prints a table to {@code out}. */
    public static EndpointResult run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "url", "model", "requests", "concurrency", "report");
        String url = a.string("url", null);
        Path report = Path.of(a.string("report", "quickstart-report.html"));

        try (SimulatedEndpoint sim = url == null ? SimulatedEndpoint.builder().model("sim-8b").start() : null) {
            Endpoint endpoint = Endpoint.openAi(url != null ? url : sim.baseUrl())
                    .model(a.string("model", url != null ? null : sim.model()))
                    .apiKey(System.getenv("LLMBENCH_API_KEY"))      // held as a Secret, never printed
                    .name("quickstart")
                    .build();

            BenchmarkResult result = Benchmark.builder()
                    .endpoints(endpoint)
                    .workload(Workload.synthetic(512, 128))          // ~512 prompt tokens, exactly 128 generated
                    .load(Load.concurrency(a.integer("concurrency", 8, 1)))
                    .requests(a.integer("requests", 64, 1))
                    .warmup(4)
                    .slos(Slo.of(Metric.TTFT, 500), Slo.of(Metric.TPOT, 50))   // p95 limits, for goodput
                    .run();

            EndpointResult r = result.endpoint("quickstart");
            ResultTable.print(List.of(r), out);
            out.printf(Locale.ROOT, "TTFT p95 %.1f ms, TPOT p50 %.2f ms, %.0f output tokens/s, %d of %d requests met every SLO%n",
                    r.metric(Metric.TTFT).p95(), r.metric(Metric.TPOT).p50(), r.job().outputTokenThroughput(),
                    r.job().goodRequests(), r.job().requests());
            r.warnings().forEach(w -> out.println("warning: " + w));

            HtmlReport.builder().title("llmbench quick start").result(result).build().write(report);
            out.println("report: " + report.toAbsolutePath());
            return r;
        }
    }
}
