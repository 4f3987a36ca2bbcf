package io.llmbench.report.internal;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RunInfo;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the report page: the summary tables and warnings as escaped HTML, the charts as JSON
 * data for {@code report.js}, and the inlined scripts under a Content-Security-Policy that allows
 * nothing but those exact scripts (by hash) and inline styles, so the page loads nothing from the
 * network. Not API.
 */
public final class HtmlPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlPage() {
    }

    /** What the page shows; {@code sections} are extra sections of already escaped HTML (comparisons, trends). */
    public record Content(String title, Instant generatedAt, List<EndpointResult> tableRows, int totalRuns, List<String> warnings,
                          List<ChartSpec> charts, List<Section> sections) {
    }

    /**
     * A section of the page: its anchor id, the title in the table of contents (escaped here) and
     * its body, HTML in which every caller-supplied string is already escaped.
     */
    public record Section(String id, String title, String html) {
    }

    /** Names longer than this are shortened in the middle in the summary table (the full name on hover). */
    static final int NAME_CHARS = 44;

    /** Writes the whole page. */
    public static void write(Content c, Writer out) throws IOException {
        Assets a = Assets.get();
        String csp = "default-src 'none'; script-src " + Assets.cspHash(a.captureJs) + " " + Assets.cspHash(a.chartJs) + " "
                + Assets.cspHash(a.reportJs) + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(Html.escape(csp)).append("\">\n")
                .append("<meta name=\"generator\" content=\"llmbench\">\n")
                .append("<title>").append(Html.escape(c.title())).append("</title>\n")
                .append("<script>").append(a.captureJs).append("</script>\n")
                .append("<style>\n").append(a.css).append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>").append(Html.escape(c.title())).append("</h1>\n<p class=\"meta\">Generated ")
                .append(TIME.format(c.generatedAt())).append(" by llmbench · ").append(c.totalRuns())
                .append(c.totalRuns() == 1 ? " run" : " runs");
        if (c.tableRows().size() != c.totalRuns()) {
            h.append(" (").append(c.tableRows().size()).append(" in the tables)");
        }
        h.append(" · ").append(c.charts().size()).append(" charts</p>\n");
        Map<String, List<ChartSpec>> groups = new LinkedHashMap<>();
        for (ChartSpec s : c.charts()) {
            groups.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
        }
        h.append("<nav class=\"toc\"><a href=\"#summary\">Summary</a><a href=\"#runs\">Runs</a>");
        for (Section s : c.sections()) {
            h.append("<a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title())).append("</a>");
        }
        if (HealthSection.applies(c.tableRows())) {
            h.append("<a href=\"#").append(HealthSection.ID).append("\">Harness health</a>");
        }
        if (!c.warnings().isEmpty()) {
            h.append("<a href=\"#warnings\">Warnings (").append(c.warnings().size()).append(")</a>");
        }
        int g = 0;
        for (String group : groups.keySet()) {
            h.append("<a href=\"#group-").append(g++).append("\">").append(Html.escape(group)).append("</a>");
        }
        h.append("</nav>\n</header>\n<main>\n");
        summary(h, c.tableRows());
        runs(h, c.tableRows());
        ServerCharts.table(h, c.tableRows());
        for (Section s : c.sections()) {
            h.append("<section id=\"").append(s.id()).append("\">\n").append(s.html()).append("</section>\n");
        }
        HealthSection.write(h, c.tableRows());
        if (!c.warnings().isEmpty()) {
            h.append("<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul class=\"warnings\">\n");
            for (String w : c.warnings()) {
                h.append("<li>").append(Html.escape(w)).append("</li>\n");
            }
            h.append("</ul>\n</section>\n");
        }
        g = 0;
        for (Map.Entry<String, List<ChartSpec>> e : groups.entrySet()) {
            h.append("<section class=\"group\" id=\"group-").append(g++).append("\">\n<h2>").append(Html.escape(e.getKey()))
                    .append("</h2>\n<div class=\"grid\">\n");
            for (ChartSpec s : e.getValue()) {
                h.append("<figure class=\"card\"><figcaption>").append(Html.escape(s.title())).append("</figcaption>")
                        .append("<div class=\"chart\"><canvas id=\"").append(s.id()).append("\" role=\"img\" aria-label=\"")
                        .append(Html.escape(s.title())).append("\"></canvas></div>");
                if (s.note() != null) {
                    h.append("<p class=\"note\">").append(Html.escape(s.note())).append("</p>");
                }
                h.append("</figure>\n");
            }
            h.append("</div>\n</section>\n");
        }
        h.append("</main>\n<footer><p>llmbench report · charts by Chart.js ").append(Html.escape(a.chartJsVersion))
                .append(" (MIT), inlined · <span id=\"llmbench-status\">charts not drawn (JavaScript off?)</span></p>")
                .append("<pre id=\"llmbench-errors\" hidden></pre></footer>\n");
        out.write(h.toString());
        out.write("<script type=\"application/json\" id=\"llmbench-data\">");
        out.write(Html.scriptJson(Map.of("charts", c.charts())));
        out.write("</script>\n<script>");
        out.write(a.chartJs);
        out.write("</script>\n<script>");
        out.write(a.reportJs);
        out.write("</script>\n</body>\n</html>\n");
        out.flush();
    }

    private static void summary(StringBuilder h, List<EndpointResult> rows) {
        boolean workloads = rows.stream().map(r -> r.run().workload()).distinct().count() > 1;
        h.append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>")
                .append("<th>Endpoint</th><th>Load</th>").append(workloads ? "<th>Workload</th>" : "")
                .append("<th class=\"num\">Requests</th><th class=\"num\">Success</th>")
                .append("<th class=\"num\">TTFT p50 (ms)</th><th class=\"num\">TTFT p95 (ms)</th><th class=\"num\">TPOT p50 (ms)</th>")
                .append("<th class=\"num\">E2E p50 (ms)</th><th class=\"num\">E2E p95 (ms)</th><th class=\"num\">E2E p99 (ms)</th>")
                .append("<th class=\"num\">Output tok/s</th><th class=\"num\">Req/s</th><th class=\"num\">Goodput (req/s)</th>")
                .append("</tr></thead>\n<tbody>\n");
        boolean few = false;
        for (EndpointResult r : rows) {
            JobStats j = r.job();
            h.append("<tr><td class=\"name\" title=\"").append(Html.escape(r.name())).append("\">")
                    .append(Html.escape(Html.middle(r.name(), NAME_CHARS)))
                    .append("</td><td>").append(Html.escape(r.run().load())).append("</td>");
            if (workloads) {
                h.append("<td>").append(Html.escape(r.run().workload())).append("</td>");
            }
            num(h, Long.toString(j.requests()));
            num(h, Double.isNaN(j.successRate()) ? "–" : String.format(Locale.ROOT, "%.1f%%", j.successRate() * 100));
            few |= pct(h, r.metric(Metric.TTFT), 50) | pct(h, r.metric(Metric.TTFT), 95) | pct(h, r.metric(Metric.TPOT), 50)
                    | pct(h, r.metric(Metric.E2E), 50) | pct(h, r.metric(Metric.E2E), 95) | pct(h, r.metric(Metric.E2E), 99);
            num(h, fmt(j.outputTokenThroughput()));
            num(h, fmt(j.requestThroughput()));
            num(h, fmt(j.goodput()));
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
        if (few) {
            h.append("<p class=\"footnote\"><span class=\"few\">*</span> rests on too few samples (fewer than ")
                    .append(MetricStats.MIN_SAMPLES_ABOVE_PERCENTILE).append(" above the percentile).</p>\n");
        }
        h.append("</section>\n");
    }

    private static boolean pct(StringBuilder h, MetricStats s, double p) {
        double v = p == 50 ? s.p50() : p == 95 ? s.p95() : s.p99();
        boolean few = s.count() > 0 && s.tooFewSamplesFor(p);
        h.append("<td class=\"num\">").append(fmt(v));
        if (few) {
            h.append("<span class=\"few\" title=\"p").append((long) p).append(" of ").append(s.count()).append(" samples\">*</span>");
        }
        h.append("</td>");
        return few;
    }

    private static void runs(StringBuilder h, List<EndpointResult> rows) {
        h.append("<section id=\"runs\">\n<h2>Runs</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>")
                .append("<th>Endpoint</th><th>Provider</th><th>Model</th><th>Hardware</th><th>Engine</th><th>Quantization</th>")
                .append("<th class=\"num\">GPUs</th><th>Load</th><th>Workload</th><th>Started</th><th class=\"num\">Duration (s)</th>")
                .append("<th>Labels</th><th>Notes</th></tr></thead>\n<tbody>\n");
        for (EndpointResult r : rows) {
            RunInfo run = r.run();
            var d = r.deployment();
            h.append("<tr><td class=\"name full\">").append(Html.escape(r.name())).append("</td>");
            cell(h, d.provider());
            cell(h, d.model());
            cell(h, d.hardware());
            cell(h, d.engine());
            cell(h, d.quantization());
            num(h, d.gpuCount() == 0 ? "–" : Integer.toString(d.gpuCount()));
            cell(h, run.load());
            h.append("<td class=\"wrap\">").append(Html.escape(run.workload())).append("</td>");
            cell(h, TIME.format(run.startedAt()));
            num(h, fmt(r.job().durationSeconds()));
            Map<String, String> labels = new LinkedHashMap<>(d.labels());
            labels.putAll(run.labels());
            h.append("<td class=\"wrap\">").append(Html.escape(labels.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))).append("</td>");
            h.append("<td class=\"wrap\">").append(Html.escape(run.notes())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n</section>\n");
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(text == null ? "–" : Html.escape(text)).append("</td>");
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(text).append("</td>");
    }

    /** A number for tables: thousands separated above 1,000, 3–4 significant digits below; NaN as a dash. */
    public static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
