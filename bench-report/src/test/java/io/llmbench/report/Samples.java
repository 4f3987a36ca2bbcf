package io.llmbench.report;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Clock;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A full report with every chart kind, and hostile strings in every caller-supplied place. */
final class Samples {
    static final String XSS = "<script>alert(1)</script>";
    /** Would mark the page if it ever ran as markup. */
    static final String XSS_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";

    private Samples() {
    }

    static HtmlReport.Builder fullReport(int recordsPerEndpoint) {
        EndpointResult a = Fixtures.withHealth(Fixtures.result("llama-vllm", recordsPerEndpoint, 1, 1.0,
                new Traffic(Traffic.Mode.RATE, 20)), Fixtures.suspectHealth("reason " + XSS_IMG));
        EndpointResult b = Fixtures.result(XSS, recordsPerEndpoint, 2, 1.6, new Traffic(Traffic.Mode.RATE, 20));
        List<EndpointResult> steps = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            steps.add(Fixtures.result("llama-vllm", 60, 10 + i, 4.0 / i, new Traffic(Traffic.Mode.RATE, 2 * i)));
        }
        List<Slo> slos = List.of(Slo.of(Metric.TTFT, 150), Slo.of(Metric.E2E, 4000));
        List<PredictionCurve.BandPoint> pts = new ArrayList<>();
        List<PredictionCurve.BandPoint> observed = new ArrayList<>();
        for (int x = 64; x <= 2048; x += 64) {
            double y = 200 + 9.5 * x;
            pts.add(new PredictionCurve.BandPoint(x, y, y * 0.85, y * 1.15));
            if (x % 512 == 0) {
                observed.add(PredictionCurve.BandPoint.of(x, y * 1.05));
            }
        }
        PredictionCurve curve = new PredictionCurve("Predicted E2E p50 vs output tokens " + XSS, "output tokens", "E2E p50 (ms)",
                List.of(new PredictionCurve.Series("llama-vllm linear", pts, observed)));
        Ranking ranking = new Ranking("Models by TTFT p95", "TTFT p95 (ms)", List.of(new Ranking.Entry("llama-vllm", 120),
                new Ranking.Entry(XSS, 180), new Ranking.Entry("qwen-sglang", 260)));
        ParetoFront front = new ParetoFront("TTFT vs throughput", "TTFT p95 (ms)", "output tokens/s", List.of(
                new ParetoFront.Point("llama-vllm", 120, 900, true), new ParetoFront.Point(XSS, 180, 1400, true),
                new ParetoFront.Point("qwen-sglang", 260, 1000, false), new ParetoFront.Point(XSS_IMG, 300, 1600, true)));
        return HtmlReport.builder()
                .title("Nightly " + XSS + " & 'quotes' \"double\"")
                .result(new BenchmarkResult(List.of(a, b), List.of("harness note " + XSS_IMG + " \u2028 </script><!-- ]]>")))
                .sweep(SweepCurve.of("llama-vllm " + XSS, steps).withKnee(8, slos))
                .prediction(curve)
                .ranking(ranking)
                .pareto(front)
                .clock(Clock.manual(Fixtures.START));
    }
}
