package io.llmbench.report.internal;

import io.llmbench.core.EndpointResult;
import io.llmbench.model.history.Change;
import io.llmbench.model.history.IntervalMethod;
import io.llmbench.model.history.RunDiff;
import io.llmbench.model.history.Trend;
import io.llmbench.model.history.TrendPoint;
import io.llmbench.model.history.Verdict;
import io.llmbench.report.internal.ChartSpec.Axis;
import io.llmbench.report.internal.ChartSpec.Dataset;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run-history parts of the report: a section per comparison (a table of every statistic with
 * both values, the change, its interval, the threshold and the verdict, changed rows highlighted)
 * and per trend (a table of the runs), plus their charts (the changes as bars; the statistic over
 * runs with regressions marked). Every caller-supplied string is escaped. Not API.
 */
public final class HistorySections {
    /** The chart group of history charts. */
    public static final String GROUP = "Run history";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HistorySections() {
    }

    /** Sections and charts (without ids; the caller numbers them). */
    public record Parts(List<HtmlPage.Section> sections, List<ChartSpec> charts) {
    }

    public static Parts build(List<RunDiff> diffs, List<Trend> trends) {
        List<HtmlPage.Section> sections = new ArrayList<>();
        List<ChartSpec> charts = new ArrayList<>();
        for (int i = 0; i < diffs.size(); i++) {
            RunDiff d = diffs.get(i);
            sections.add(new HtmlPage.Section("diff-" + i, "Comparison" + (diffs.size() > 1 ? " " + (i + 1) : ""), diff(d)));
            charts.add(changeChart(d));
        }
        for (int i = 0; i < trends.size(); i++) {
            Trend t = trends.get(i);
            sections.add(new HtmlPage.Section("trend-" + i, "Trend of " + t.key(), trend(t)));
            charts.add(trendChart(t));
        }
        return new Parts(sections, charts);
    }

    /** The names the two runs of a comparison go by in the report's other tables and charts. */
    public static String baselineName(RunDiff d) {
        return "baseline: " + d.baseline().name();
    }

    public static String candidateName(RunDiff d) {
        return "candidate: " + d.candidate().name();
    }

    private static String diff(RunDiff d) {
        StringBuilder h = new StringBuilder();
        h.append("<h2>Comparison: ").append(Html.escape(d.candidate().name())).append(" against ")
                .append(Html.escape(d.baseline().name())).append("</h2>\n<p class=\"meta\">Baseline ")
                .append(describe(d.baseline())).append("; candidate ").append(describe(d.candidate())).append(". ")
                .append(String.format(Locale.ROOT, "Intervals: %.0f%% percentile bootstrap, %,d resamples, seed %d.",
                        d.options().confidence() * 100, d.options().resamples(), d.options().seed()))
                .append("</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Statistic</th><th class=\"num\">Baseline</th>")
                .append("<th class=\"num\">Candidate</th><th class=\"num\">Change</th><th>")
                .append(String.format(Locale.ROOT, "%.0f%% interval", d.options().confidence() * 100))
                .append("</th><th>Max regression</th><th>Verdict</th><th>Note</th></tr></thead>\n<tbody>\n");
        for (Change c : d.changes()) {
            String cls = switch (c.verdict()) {
                case WORSE -> "worse";
                case BETTER -> "better";
                case NOT_COMPARED -> "na";
                case NO_SIGNIFICANT_CHANGE -> "same";
            };
            h.append("<tr class=\"").append(cls).append("\"><td class=\"name\">").append(Html.escape(c.label()))
                    .append(" (").append(Html.escape(c.measure().unitSymbol())).append(")</td>");
            num(h, HtmlPage.fmt(c.baseline()));
            num(h, HtmlPage.fmt(c.candidate()));
            num(h, Double.isNaN(c.relativeChange()) ? "–" : pct(c.relativeChange()));
            h.append("<td>").append(c.hasInterval() ? "[" + pct(c.lower()) + ", " + pct(c.upper()) + "]"
                    : c.method() == IntervalMethod.NONE ? "none possible" : "–").append("</td>");
            h.append("<td>").append(Html.escape(c.threshold().describeAmount())).append("</td>");
            h.append("<td class=\"verdict\">").append(verdict(c.verdict())).append("</td>");
            h.append("<td class=\"wrap\">").append(Html.escape(c.note())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        if (!d.notes().isEmpty()) {
            h.append("<ul class=\"warnings\">\n");
            for (String n : d.notes()) {
                h.append("<li>").append(Html.escape(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        List<Change> worse = d.regressions();
        if (worse.isEmpty()) {
            h.append("<p class=\"verdict ok\">No regression beyond the thresholds.</p>\n");
        } else {
            h.append("<p class=\"verdict worse\">").append(worse.size()).append(worse.size() == 1 ? " regression: " : " regressions: ")
                    .append(Html.escape(String.join(", ", worse.stream().map(Change::label).toList()))).append(".</p>\n");
        }
        return h.toString();
    }

    private static String describe(EndpointResult r) {
        return "<b>" + Html.escape(r.name()) + "</b> (" + Html.escape(r.deployment().model()) + ", " + Html.escape(r.run().traffic().toString())
                + ", " + r.job().requests() + " requests, " + (r.records().isEmpty() ? "no records" : r.records().size() + " records")
                + ", started " + Html.escape(TIME.format(r.run().startedAt())) + " UTC)";
    }

    private static String trend(Trend t) {
        StringBuilder h = new StringBuilder();
        h.append("<h2>Trend of ").append(Html.escape(t.key())).append("</h2>\n<p class=\"meta\">Each run against the one before it; ")
                .append(t.regressions().size()).append(" of ").append(Math.max(0, t.points().size() - 1))
                .append(" steps regressed.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Run</th><th>Started</th>")
                .append("<th class=\"num\">").append(Html.escape(t.key())).append(" (").append(Html.escape(t.measure().unitSymbol()))
                .append(")</th><th class=\"num\">Change</th><th>Interval</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        for (TrendPoint p : t.points()) {
            Change c = p.change();
            String cls = c == null ? "same" : c.verdict() == Verdict.WORSE ? "worse" : c.verdict() == Verdict.BETTER ? "better" : "same";
            h.append("<tr class=\"").append(cls).append("\"><td class=\"name\">").append(Html.escape(p.id())).append("</td><td>")
                    .append(Html.escape(TIME.format(p.startedAt()))).append("</td>");
            num(h, HtmlPage.fmt(p.value()));
            num(h, c == null || Double.isNaN(c.relativeChange()) ? "–" : pct(c.relativeChange()));
            h.append("<td>").append(c != null && c.hasInterval() ? "[" + pct(c.lower()) + ", " + pct(c.upper()) + "]" : "–").append("</td>");
            h.append("<td class=\"verdict\">").append(c == null ? "first" : verdict(c.verdict())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        return h.toString();
    }

    private static ChartSpec changeChart(RunDiff d) {
        List<Change> cs = d.changes().stream().filter(c -> !Double.isNaN(c.relativeChange())).toList();
        ChartSpec c = ChartSpec.of(GROUP, "Change: " + d.candidate().name() + " against " + d.baseline().name(), "bar",
                new Axis(null, "category"), new Axis("change (%)", "linear")).asHorizontal().asStacked()
                .labels(cs.stream().map(Change::label).toList());
        c.add(Dataset.of("worse", values(cs, Verdict.WORSE), "#C0392B"));
        c.add(Dataset.of("better", values(cs, Verdict.BETTER), "#1E8449"));
        c.add(Dataset.of("no significant change", values(cs, Verdict.NO_SIGNIFICANT_CHANGE), "#7F7F7F"));
        return c.note("Relative change of each statistic; the table has the intervals.");
    }

    private static List<Object> values(List<Change> cs, Verdict v) {
        List<Object> out = new ArrayList<>();
        for (Change c : cs) {
            out.add(c.verdict() == v ? Num.round(c.relativeChange() * 100, 4) : null);
        }
        return out;
    }

    private static ChartSpec trendChart(Trend t) {
        List<String> labels = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<Object> marks = new ArrayList<>();
        for (TrendPoint p : t.points()) {
            labels.add(TIME.format(p.startedAt()) + " " + shortId(p.id()));
            Double v = Double.isFinite(p.value()) ? Num.round(p.value(), 4) : null;
            values.add(v);
            marks.add(p.regressed() ? v : null);
        }
        ChartSpec c = ChartSpec.of(GROUP, t.key() + " over runs", "line", new Axis("run (start time, id)", "category"),
                new Axis(t.key() + " (" + t.measure().unitSymbol() + ")", "linear")).labels(labels);
        c.add(Dataset.of(t.key(), values, Palette.color(0)).radius(3));
        c.add(Dataset.of("regression against the run before", marks, "#C0392B").line(false).radius(7));
        return c.note("Red: the run regressed against the one before it (bootstrap interval beyond the threshold).");
    }

    private static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    private static String verdict(Verdict v) {
        return switch (v) {
            case WORSE -> "worse";
            case BETTER -> "better";
            case NO_SIGNIFICANT_CHANGE -> "no significant change";
            case NOT_COMPARED -> "not compared";
        };
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%+.1f%%", f * 100);
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(Html.escape(text)).append("</td>");
    }
}
