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
            if (w.contains("rests on too few samples")) {
                // said once, by the star and the footnote of the summary table
                assertThat(page).doesNotContain("<li>alpha (concurrency 4): " + io.llmbench.report.internal.Html.escape(w) + "</li>");
            } else {
                assertThat(page).contains("<li>alpha (concurrency 4): " + io.llmbench.report.internal.Html.escape(w) + "</li>");
            }
        }
        // p99 of ~113 samples rests on too few: starred and explained
        assertThat(page).contains("<span class=\"few\" title=\"p99 of " + a.metric(io.llmbench.core.Metric.E2E).count() + " samples\">*</span>")
                .contains("rests on too few samples");
    }

    @Test
    void harnessHealthSectionShowsEachRunsVerdictFiguresAndReasons() {
        EndpointResult judged = Fixtures.withHealth(Fixtures.result("alpha", 60, 1, 1.0, new Traffic(Traffic.Mode.RATE, 4)),
                Fixtures.suspectHealth("client event-loop lag p99 1.6 ms > 1 ms: distrust the tails <of> TTFT"));
        EndpointResult imported = Fixtures.result("beta", 60, 2, 1.0, new Traffic(Traffic.Mode.RATE, 4));
        String page = HtmlReport.builder().endpoints(List.of(judged, imported)).build().render();

        int runs = page.indexOf("<section id=\"runs\">");
        int health = page.indexOf("<section id=\"health\">");
        assertThat(health).isGreaterThan(runs);
        assertThat(page).contains("<a href=\"#health\">Harness health</a>");
        String section = page.substring(health, page.indexOf("</section>", health));
        assertThat(section).contains("<span class=\"verdict verdict-suspect\">SUSPECT</span>", "<td>2 event loops</td>",
                "<td class=\"num\">1.620</td>", "<td class=\"num\">91% of 2</td>", "<td class=\"num\">41.00 (5)</td>",
                "<li>client event-loop lag p99 1.6 ms &gt; 1 ms: distrust the tails &lt;of&gt; TTFT</li>",
                "<td class=\"name\">beta</td>", "not sampled: imported run");
    }

    @Test
    void noHarnessHealthSectionWhenNoRunWasSampled() {
        String page = HtmlReport.builder().endpoints(List.of(Fixtures.result("beta", 20, 2, 1.0, new Traffic(Traffic.Mode.RATE, 4))))
                .build().render();
        assertThat(page).doesNotContain("id=\"health\"").doesNotContain("#health");
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> HtmlReport.builder().maxScatterPoints(0)).hasMessage("maxScatterPoints must be >= 1, but was 0");
        assertThatThrownBy(() -> HtmlReport.builder().maxTimeBuckets(-1)).hasMessage("maxTimeBuckets must be >= 1, but was -1");
        assertThatThrownBy(() -> SweepCurve.of("s", List.of())).hasMessageContaining("sweep steps must not be empty");
        assertThatThrownBy(() -> new PredictionCurve.BandPoint(1, 2, 3, 1)).hasMessageContaining("lower must be <= upper");
    }
}
