package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.sweep.SloKnee;
import io.llmbench.core.sweep.SloSearch;
import io.llmbench.core.sweep.SloSearchResult;
import io.llmbench.core.sweep.Sweep;
import io.llmbench.core.sweep.SweepResult;
import io.llmbench.core.workload.Workload;
import io.llmbench.report.HtmlReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A load sweep and an SLO search: run the same benchmark at concurrency 1, 2, 4, 8, 16 and print how
 * latency grows with load; then search for the highest concurrency at which the endpoint still meets
 * its SLOs (TTFT p95 and TPOT p95), the knee of the curve. The HTML report shows the sweep curves
 * with the knee.
 *
 * <p>By default it runs against a simulated endpoint whose decode step grows with the batch, so
 * TPOT rises with concurrency; {@code --url URL --model M} targets a real server (API key from
 * {@code LLMBENCH_API_KEY}). Options: {@code --requests} per level (default 16), {@code --ttft}
 * and {@code --tpot} SLO limits in ms (defaults 200 and 10), {@code --max-concurrency} (default
 * 32), {@code --report} (default {@code sweep-report.html}).
 */
public final class SweepAndSloSearch {
    /**
     * The simulated endpoint's timing: decode steps of 6 ms + 0.48 ms per running request, so the
     * 10 ms TPOT limit is met up to a batch of 8. Steps of several milliseconds keep a loaded
     * machine's millisecond hiccups small beside the limit.
     */
    public static final TimingModel SIM_TIMING = TimingModel.builder().prefill(8, 0.01).decode(6, 0.48).maxRunning(64).jitter(0.03).build();
    /** Prompt and output sizes of every request. */
    public static final int INPUT_TOKENS = 256;
    public static final int OUTPUT_TOKENS = 32;

    private SweepAndSloSearch() {
    }

    /** The sweep, the search and where the report went. */
    public record Outcome(SweepResult sweep, SloSearchResult search, Path report) {
        /** The knee found for the endpoint, if any level met the SLOs. */
        public SloKnee knee() {
            return search.endpoints().get(0);
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static Outcome run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "url", "model", "requests", "ttft", "tpot", "max-concurrency", "report");
        String url = a.string("url", null);
        try (SimulatedEndpoint sim = url == null ? SimulatedEndpoint.builder().model("sim-8b").timing(SIM_TIMING).start() : null) {
            Endpoint endpoint = Endpoint.openAi(url != null ? url : sim.baseUrl()).model(a.string("model", url != null ? null : sim.model()))
                    .apiKey(System.getenv("LLMBENCH_API_KEY")).name("sweep").build();
            Benchmark template = Benchmark.builder()
                    .endpoints(endpoint)
                    .workload(Workload.synthetic(INPUT_TOKENS, OUTPUT_TOKENS))
                    .requests(a.integer("requests", 16, 1))
                    .warmup(2)
                    .build();

            // 1. how latency grows with load
            SweepResult sweep = Sweep.of(template).concurrencies(1, 2, 4, 8, 16).run();
            List<EndpointResult> steps = sweep.endpoint("sweep");
            ResultTable.print(steps, out);

            // 2. the highest concurrency that still meets the SLOs
            List<Slo> slos = List.of(Slo.of(Metric.TTFT, a.number("ttft", 200, 0)), Slo.of(Metric.TPOT, a.number("tpot", 10, 0)));
            SloSearchResult search = SloSearch.of(template)
                    .slos(slos.toArray(Slo[]::new))
                    .concurrency(1, a.integer("max-concurrency", 32, 1))
                    .onProbe(p -> out.println("  probe " + p))
                    .run();
            SloKnee knee = search.endpoints().get(0);
            out.printf(Locale.ROOT, "knee: %s (%s)%n", knee.knee().isPresent() ? "concurrency " + (long) knee.knee().getAsDouble() : "none",
                    knee.outcome());

            Path report = Path.of(a.string("report", "sweep-report.html"));
            io.llmbench.report.SweepCurve chart = io.llmbench.report.SweepCurve.of("concurrency sweep", steps);
            if (knee.knee().isPresent()) {
                chart = chart.withKnee(knee.knee().getAsDouble(), slos);
            }
            HtmlReport.builder().title("sweep and SLO search").endpoints(steps).sweep(chart).build().write(report);
            out.println("report: " + report.toAbsolutePath());
            return new Outcome(sweep, search, report);
        }
    }
}
