package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Clock;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Traffic;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void emptyReportStillRendersAPage() {
        String page = HtmlReport.builder().clock(Clock.manual(Instant.parse("2025-01-02T03:04:05Z"))).build().render();
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>llmbench report</title>")
                .contains("Generated 2025-01-02 03:04:05 UTC").contains("0 runs · 0 charts").endsWith("</html>\n");
        assertThat(HtmlEscapingTest.dataBlock(page)).isEqualTo("{\"charts\":[]}");
    }

    @Test
    void summaryShowsHeadlineNumbersMetadataAndWarningsAtTheTop() {
        EndpointResult a = Fixtures.result("alpha", 120, 1, 1.0, new Traffic(Traffic.Mode.CONCURRENCY, 4));
        String page = HtmlReport.builder().result(new BenchmarkResult(List.of(a), List.of("cancelled early"))).build().render();
        int summary = page.indexOf("<section id=\"summary\">");
        int runs = page.indexOf("<section id=\"runs\">");
        int warnings = page.indexOf("<section id=\"warnings\">");
        int firstChart = page.indexOf("<canvas");
        assertThat(summary).isPositive().isLessThan(runs);
        assertThat(runs).isLessThan(warnings);
        assertThat(warnings).isLessThan(firstChart);
        assertThat(page).contains("<td>concurrency 4</td>", "<td class=\"num\">120</td>", "H100-80GB", "team=perf", "suite=nightly");
        assertThat(page).contains(String.format(java.util.Locale.ROOT, "%.1f%%", a.job().successRate() * 100));
        assertThat(page).contains("<li>cancelled early</li>");
        for (String w : a.warnings()) {
            assertThat(page).contains("<li>alpha (concurrency 4): " + io.llmbench.report.internal.Html.escape(w) + "</li>");
        }
        // p99 of ~113 samples rests on too few: starred and explained
        assertThat(page).contains("<span class=\"few\" title=\"p99 of " + a.metric(io.llmbench.core.Metric.E2E).count() + " samples\">*</span>")
                .contains("rests on too few samples");
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> HtmlReport.builder().maxScatterPoints(0)).hasMessage("maxScatterPoints must be >= 1, but was 0");
        assertThatThrownBy(() -> HtmlReport.builder().maxTimeBuckets(-1)).hasMessage("maxTimeBuckets must be >= 1, but was -1");
        assertThatThrownBy(() -> SweepCurve.of("s", List.of())).hasMessageContaining("sweep steps must not be empty");
        assertThatThrownBy(() -> new PredictionCurve.BandPoint(1, 2, 3, 1)).hasMessageContaining("lower must be <= upper");
    }
}
