package io.llmbench.report.internal;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.HarnessHealth;
import java.util.List;
import java.util.Locale;

/**
 * The report's "Harness health" section: per run, the verdict as a badge, the sampled figures and
 * the reasons, so a reader sees which figures to distrust. Runs without health (imported) show a
 * dash; the section is left out when no run has health. Every text is escaped. Not API.
 */
final class HealthSection {
    static final String ID = "health";

    private HealthSection() {
    }

    /** Whether any row carries harness health. */
    static boolean applies(List<EndpointResult> rows) {
        return rows.stream().anyMatch(r -> r.health().isPresent());
    }

    static void write(StringBuilder h, List<EndpointResult> rows) {
        if (!applies(rows)) {
            return;
        }
        h.append("<section id=\"").append(ID).append("\">\n<h2>Harness health</h2>\n")
                .append("<p class=\"footnote\">Whether llmbench itself kept up while measuring: the lag of a probe task ")
                .append("run every millisecond on each client event loop (or a timer thread), process CPU against the cores, ")
                .append("GC pauses and, in rate modes, the schedule lag. Suspect above loop lag p99 ")
                .append(fmt(HarnessHealth.LOOP_LAG_P99_SUSPECT_MILLIS)).append(" ms or CPU ")
                .append(pct(HarnessHealth.CPU_SHARE_SUSPECT)).append("; overloaded above ")
                .append(fmt(HarnessHealth.LOOP_LAG_P99_OVERLOADED_MILLIS)).append(" ms or ")
                .append(pct(HarnessHealth.CPU_SHARE_OVERLOADED)).append(".</p>\n")
                .append("<div class=\"table-wrap\"><table>\n<thead><tr><th>Endpoint</th><th>Traffic</th><th>Verdict</th>")
                .append("<th>Probed</th><th class=\"num\">Loop lag p50 (ms)</th><th class=\"num\">p99 (ms)</th>")
                .append("<th class=\"num\">max (ms)</th><th class=\"num\">CPU</th><th class=\"num\">Machine CPU</th>")
                .append("<th class=\"num\">GC pauses (ms)</th><th class=\"num\">Longest GC (ms)</th>")
                .append("<th class=\"num\">Schedule lag p99 (ms)</th><th>What to distrust</th></tr></thead>\n<tbody>\n");
        for (EndpointResult r : rows) {
            h.append("<tr><td class=\"name\">").append(Html.escape(r.name())).append("</td><td>")
                    .append(Html.escape(r.run().traffic().toString())).append("</td>");
            if (r.health().isEmpty()) {
                h.append("<td colspan=\"11\">– (not sampled: imported run)</td></tr>\n");
                continue;
            }
            HarnessHealth x = r.health().get();
            String v = x.verdict().name();
            h.append("<td><span class=\"verdict verdict-").append(v.toLowerCase(Locale.ROOT)).append("\">").append(v)
                    .append("</span></td><td>").append(x.probedLoops() == 0 ? "timer thread"
                            : x.probedLoops() + (x.probedLoops() == 1 ? " event loop" : " event loops")).append("</td>");
            num(h, fmt(x.loopLagP50Millis()));
            num(h, fmt(x.loopLagP99Millis()));
            num(h, fmt(x.loopLagMaxMillis()));
            num(h, pct(x.cpuShare()) + " of " + x.cores());
            num(h, pct(x.machineCpuShare()));
            num(h, fmt(x.gcPauseMillis()) + " (" + x.gcPauses() + ")");
            num(h, fmt(x.gcPauseMaxMillis()));
            num(h, fmt(x.scheduleLagP99Millis()));
            h.append("<td class=\"wrap\">");
            if (x.reasons().isEmpty()) {
                h.append("nothing");
            } else {
                h.append("<ul class=\"reasons\">");
                for (String reason : x.reasons()) {
                    h.append("<li>").append(Html.escape(reason)).append("</li>");
                }
                h.append("</ul>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n</section>\n");
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(text).append("</td>");
    }

    private static String fmt(double v) {
        return HtmlPage.fmt(v);
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
