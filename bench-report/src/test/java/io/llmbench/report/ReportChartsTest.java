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
}
