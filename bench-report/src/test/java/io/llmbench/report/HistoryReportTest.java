package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import io.llmbench.model.history.DiffOptions;
import io.llmbench.model.history.RunDiff;
import io.llmbench.model.history.Trend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The comparison and trend sections of the HTML report. */
class HistoryReportTest {
    /** A run named with markup, measured at the given speed (lower is slower). */
    static EndpointResult run(String name, long seed, double speed, Instant start) {
        EndpointResult r = Fixtures.result(name, 300, seed, speed, new Traffic(Traffic.Mode.CONCURRENCY, 8));
        RunInfo i = r.run();
        return new EndpointResult(r.deployment(), new RunInfo(i.traffic(), i.workload(), i.labels(), i.notes(), i.cellKey(), start,
                start.plusSeconds(60)), r.job(), r.metrics(), r.records(), r.warnings());
    }

    static RunDiff slower() {
        return RunDiff.compare(run(Samples.XSS, 1, 1.0, Fixtures.START), run(Samples.XSS, 2, 0.8, Fixtures.START.plusSeconds(3600)));
    }

    @Test
    void aComparisonSectionTabulatesEveryStatisticAndHighlightsTheRegressions() {
        RunDiff d = slower();
        String page = HtmlReport.builder().title("diff").diff(d).build().render();
        assertThat(page).contains("<a href=\"#diff-0\">Comparison</a>", "<section id=\"diff-0\">");
        Matcher worse = Pattern.compile("<tr class=\"worse\"><td class=\"name\">([a-z_ 0-9]+) \\(").matcher(page);
        List<String> worseRows = new ArrayList<>();
        while (worse.find()) {
            worseRows.add(worse.group(1));
        }
        assertThat(worseRows).isEqualTo(d.regressions().stream().map(c -> c.label()).toList()).contains("ttft p50", "e2e p50");
        assertThat(page).contains("regressions: ").contains("none possible");   // throughputs have no interval
        assertThat(page).containsPattern("\\[\\+[0-9.]+%, \\+[0-9.]+%\\]");
        // the two runs side by side in the summary table and the charts, the hostile name escaped everywhere
        assertThat(page).contains(">baseline: &lt;script&gt;alert(1)&lt;/script&gt;</td>", ">candidate: &lt;script&gt;alert(1)&lt;/script&gt;</td>");
        assertThat(page).doesNotContain(Samples.XSS);
    }

    @Test
    void aTrendChartMarksTheRunsThatRegressed() throws Exception {
        List<EndpointResult> runs = List.of(run("llama", 1, 1.0, Fixtures.START), run("llama", 2, 1.0, Fixtures.START.plusSeconds(86400)),
                run("llama", 3, 0.75, Fixtures.START.plusSeconds(2 * 86400)), run("llama", 4, 0.75, Fixtures.START.plusSeconds(3 * 86400)));
        Trend t = Trend.of(List.of("run-aaaaaaaa1", "run-b", "run-c", "run-d"), runs, Measure.TTFT, Statistic.P95, DiffOptions.ofDefaults());
        assertThat(t.regressions()).extracting(p -> p.id()).containsExactly("run-c");
        String page = HtmlReport.builder().title("trend").trend(t).build().render();
        assertThat(page).contains("<a href=\"#trend-0\">Trend of ttft:p95</a>", "<td class=\"name\">run-c</td>");
        String json = page.substring(page.indexOf("<script type=\"application/json\" id=\"llmbench-data\">") + 51);
        JsonNode charts = new ObjectMapper().readTree(json.substring(0, json.indexOf("</script>"))).get("charts");
        JsonNode chart = null;
        for (JsonNode c : charts) {
            if (c.get("title").asText().equals("ttft:p95 over runs")) {
                chart = c;
            }
        }
        assertThat(chart).isNotNull();
        assertThat(chart.get("labels")).hasSize(4);
        assertThat(chart.get("labels").get(0).asText()).isEqualTo("2025-03-01 10:00 run-aaaa");
        JsonNode marks = chart.get("datasets").get(1).get("data");
        assertThat(marks.get(0).isNull()).isTrue();
        assertThat(marks.get(2).asDouble()).isEqualTo(chart.get("datasets").get(0).get("data").get(2).asDouble());
        assertThat(marks.get(3).isNull()).isTrue();
    }

    @Test
    void summaryOnlyRunsSayNoIntervalIsPossible() {
        String page = HtmlReport.builder().diff(RunDiff.compare(quotedOnly(run("a", 1, 1.0, Fixtures.START)),
                quotedOnly(run("a", 2, 0.8, Fixtures.START)))).build().render();
        assertThat(page).contains("holds only quoted summary figures", "no interval is possible");
        assertThat(page).doesNotContainPattern("<td>\\[[-+]");
        assertThat(page).contains("<tr class=\"worse\"><td class=\"name\">ttft p50 (ms)</td>");
    }

    /** The run's figures without histograms or records, as a summary imported from another tool. */
    static EndpointResult quotedOnly(EndpointResult r) {
        Map<Metric, MetricStats> m = new EnumMap<>(Metric.class);
        r.metrics().forEach((k, s) -> m.put(k, new MetricStats(k, s.count(), s.mean(), s.stdev(), s.min(), s.max(), s.p05(), s.p50(),
                s.p80(), s.p95(), s.p99(), s.p999(), null)));
        return new EndpointResult(r.deployment(), r.run(), r.job(), m, List.of(), r.warnings());
    }
}
