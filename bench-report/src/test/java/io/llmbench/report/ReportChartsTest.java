package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.Traffic;
import io.llmbench.report.internal.ChartSpec;
import io.llmbench.report.internal.RecordDigest;
import io.llmbench.report.internal.ReportCharts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportChartsTest {
    static List<ChartSpec> charts(List<EndpointResult> eps, int maxPoints) {
        return ReportCharts.build(new ReportCharts.Inputs(eps, List.of(), List.of(), List.of(), List.of(), maxPoints, 300));
    }

    static ChartSpec chart(List<ChartSpec> charts, String title) {
        return charts.stream().filter(c -> c.title().equals(title)).findFirst().orElseThrow(() -> new AssertionError("no chart " + title));
    }

    @Test
    void scatterDataIsASystematicSampleBoundedPerEndpoint() {
        EndpointResult a = Fixtures.result("a", 5_000, 1, 1.0, new Traffic(Traffic.Mode.RATE, 50));
        ChartSpec c = chart(charts(List.of(a), 300), "E2E latency by prompt length");
        List<Object> data = c.datasets().get(0).data();
        long ok = a.job().succeeded();
        int stride = (int) Math.ceil(ok / 300.0);
        assertThat(data).hasSizeLessThanOrEqualTo(300).hasSize((int) Math.ceil(ok / (double) stride));
        // the first point is the first succeeded request
        RequestRecord first = a.records().stream().filter(RequestRecord::ok).findFirst().orElseThrow();
        assertThat(((double[]) data.get(0))[0]).isEqualTo(first.inputTokens());
        assertThat(c.note()).contains("every " + stride + "-th");
    }

    @Test
    void timelineConservesTokensCompletionsAndTimeInFlight() {
        EndpointResult a = Fixtures.result("a", 3_000, 4, 1.0, new Traffic(Traffic.Mode.RATE, 40));
        RecordDigest.Timeline t = RecordDigest.Timeline.covering(List.of(a.records()), 300);
        RecordDigest d = RecordDigest.of(a.records(), 100, t);
        assertThat(t.buckets).isLessThanOrEqualTo(301);
        double tokens = 0;
        double completions = 0;
        double inFlightSeconds = 0;
        for (int i = 0; i < t.buckets; i++) {
            tokens += d.tokensPerSecond[i] * t.widthSeconds;
            completions += d.completionsPerSecond[i] * t.widthSeconds;
            inFlightSeconds += d.inFlight[i] * t.widthSeconds;
        }
        assertThat(tokens).isCloseTo(a.job().outputTokens(), within(1e-6 * a.job().outputTokens()));
        assertThat(completions).isCloseTo(a.job().succeeded(), within(1e-6));
        double busy = a.records().stream().mapToDouble(r -> r.endNanos() / 1e9).sum();
        assertThat(inFlightSeconds).isCloseTo(busy, within(busy * 1e-9));
    }

    @Test
    void groupMediansComeFromAllRequestsOfTheGroup() {
        EndpointResult a = Fixtures.result("a", 900, 2, 1.0, new Traffic(Traffic.Mode.RATE, 50));
        ChartSpec c = chart(charts(List.of(a), 10), "E2E median by prompt length class");
        assertThat(c.labels()).containsExactly("short", "medium", "long");
        double[] longE2e = a.records().stream().filter(r -> r.ok() && "long".equals(r.prompt().length()))
                .mapToDouble(RequestRecord::e2eMillis).sorted().toArray();
        double median = io.llmbench.core.MetricStats.of(Metric.E2E, longE2e).p50();
        assertThat((Double) c.datasets().get(0).data().get(2)).isCloseTo(median, within(median * 1e-3));
    }

    @Test
    void percentileCurveRisesAndEndsNearTheMaximum() {
        EndpointResult a = Fixtures.result("a", 2_000, 3, 1.0, new Traffic(Traffic.Mode.RATE, 50));
        List<Object> curve = chart(charts(List.of(a), 10), "E2E latency percentile curve").datasets().get(0).data();
        double prevX = -1;
        double prevY = 0;
        for (Object o : curve) {
            double[] p = (double[]) o;
            assertThat(p[0]).isGreaterThan(prevX);
            assertThat(p[1]).isGreaterThanOrEqualTo(prevY);
            prevX = p[0];
            prevY = p[1];
        }
        assertThat(prevY).isCloseTo(a.metric(Metric.E2E).max(), within(a.metric(Metric.E2E).max() * 2e-3));
        assertThat(prevX).isLessThanOrEqualTo(Math.log10(2.0 * a.metric(Metric.E2E).count()) + 1e-3); // x is rounded to 4 digits
    }

    @Test
    void importedRunsWithoutRecordsGetNoRecordCharts() {
        List<EndpointResult> rows = SummaryCsvTest.read(SummaryCsvTest.HEADER + "\n" + SummaryCsvTest.EXAMPLE_ROW + "\n");
        List<ChartSpec> charts = charts(rows, 100);
        assertThat(charts).extracting(ChartSpec::title).contains("E2E latency by endpoint", "E2E latency percentile curve",
                "Outcomes by endpoint").doesNotContain("E2E latency by prompt length", "Throughput and concurrency over time",
                "TPOT by endpoint");
        assertThat(chart(charts, "E2E latency percentile curve").datasets().get(0).data()).hasSize(6);
        assertThat(charts).extracting(ChartSpec::id).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, charts.size()).mapToObj(i -> "chart-" + i).toList());
    }

    @Test
    void pageSizeDoesNotGrowWithTheNumberOfRecords() {
        int small = Samples.fullReport(5_000).build().render().length();
        int large = Samples.fullReport(40_000).build().render().length();
        assertThat((double) large).isLessThan(small * 1.15);
    }

    @Test
    void eachEndpointKeepsOneColourInEveryChartAndItsRunsGetShadesOfIt() {
        EndpointResult a = Fixtures.result("alpha", 300, 1, 1.0, new Traffic(Traffic.Mode.RATE, 20));
        EndpointResult b = Fixtures.result("beta", 300, 2, 0.5, new Traffic(Traffic.Mode.RATE, 20));
        EndpointResult a2 = Fixtures.result("alpha · 40 req/s", 300, 3, 1.0, new Traffic(Traffic.Mode.RATE, 40));
        List<ChartSpec> charts = charts(List.of(a, b, a2), 100);

        for (String title : List.of("E2E latency by endpoint", "TTFT percentile curve", "Success rate by endpoint",
                "E2E latency by prompt length")) {
            ChartSpec c = chart(charts, title);
            assertThat(c.datasets()).extracting(ChartSpec.Dataset::label).containsExactly("alpha", "beta", "alpha · 40 req/s");
            assertThat(c.datasets()).extracting(ChartSpec.Dataset::color)
                    .containsExactly(io.llmbench.report.internal.Palette.color(0), io.llmbench.report.internal.Palette.color(1),
                            io.llmbench.report.internal.Palette.shade(io.llmbench.report.internal.Palette.color(0), 0.8));
        }
        // names stay in the legend: bars are grouped by percentile, not by (long) endpoint name
        assertThat(chart(charts, "E2E latency by endpoint").labels()).containsExactly("p50", "p95", "p99");
        assertThat((Double) chart(charts, "E2E latency by endpoint").datasets().get(1).data().get(1))
                .isCloseTo(b.metric(Metric.E2E).p95(), within(b.metric(Metric.E2E).p95() * 1e-4));
    }

    @Test
    void latencyHistogramCountsEverySucceededRequestOnce() {
        EndpointResult a = Fixtures.result("a", 1_000, 5, 1.0, new Traffic(Traffic.Mode.RATE, 50));
        ChartSpec h = chart(charts(List.of(a), 10), "E2E latency distribution: a");
        assertThat(h.labels()).hasSize(30);
        long sum = h.datasets().get(0).data().stream().mapToLong(o -> ((Number) o).longValue()).sum();
        assertThat(sum).isEqualTo(a.metric(Metric.E2E).count());
        assertThat(h.note()).startsWith(a.metric(Metric.E2E).count() + " succeeded requests in 30 bins");
    }

    @Test
    void percentilesOverTimeAreOrderedAndComeFromTheRequestsOfEachBucket() {
        EndpointResult a = Fixtures.result("a", 3_000, 6, 1.0, new Traffic(Traffic.Mode.RATE, 40));
        ChartSpec c = chart(charts(List.of(a), 10), "E2E latency percentiles over time: a");
        assertThat(c.datasets()).extracting(ChartSpec.Dataset::label).containsExactly("p50", "p90", "p95", "p99");
        List<Object> p50 = c.datasets().get(0).data();
        List<Object> p99 = c.datasets().get(3).data();
        assertThat(p50).hasSameSizeAs(p99).hasSizeLessThanOrEqualTo(61);
        for (int i = 0; i < p50.size(); i++) {
            assertThat(((double[]) p99.get(i))[1]).isGreaterThanOrEqualTo(((double[]) p50.get(i))[1]);
        }
        // every p99 lies within the run's E2E range
        double max = a.metric(Metric.E2E).max() * 1.001;
        assertThat(p99).allSatisfy(o -> assertThat(((double[]) o)[1]).isLessThanOrEqualTo(max));
    }

    @Test
    void sweepPutsE2eAndTtftTpotOnSeparateChartsWithTpotOnItsOwnAxis() {
        List<EndpointResult> steps = List.of(Fixtures.result("s", 200, 1, 1.0, new Traffic(Traffic.Mode.CONCURRENCY, 2)),
                Fixtures.result("s", 200, 2, 0.8, new Traffic(Traffic.Mode.CONCURRENCY, 8)));
        List<ChartSpec> charts = ReportCharts.build(new ReportCharts.Inputs(List.of(), List.of(SweepCurve.of("s", steps)
                .withKnee(2, List.of(io.llmbench.core.Slo.of(Metric.TPOT, 50)))), List.of(), List.of(), List.of(), 10, 300));
        ChartSpec e2e = chart(charts, "E2E latency vs load: s");
        ChartSpec first = chart(charts, "TTFT and TPOT vs load: s");
        assertThat(e2e.datasets()).extracting(ChartSpec.Dataset::label).contains("E2E p50", "E2E p95").noneMatch(l -> l.startsWith("TTFT"));
        assertThat(first.y2().title()).isEqualTo("TPOT (ms per output token)");
        assertThat(first.datasets()).filteredOn(d -> "y2".equals(d.axis())).extracting(ChartSpec.Dataset::label)
                .contains("TPOT p50", "TPOT p95", "SLO tpot p95 <= 50 ms");
        assertThat(first.datasets()).filteredOn(d -> d.label().startsWith("TTFT")).allSatisfy(d -> assertThat(d.axis()).isNull());
    }

    @Test
    void longNamesAreShortenedInTheMiddleKeepingWhatTellsRunsApart() {
        String name = "together/graphon/graphon-Qwen3-Omni-30B-A3B-Instruct · 0.6 req/s";
        String s = io.llmbench.report.internal.Html.middle(name, 40);
        assertThat(s).hasSize(40).startsWith("together/graph").endsWith("-Instruct · 0.6 req/s").contains("…");
        assertThat(io.llmbench.report.internal.Html.middle("short", 40)).isEqualTo("short");
    }
}
