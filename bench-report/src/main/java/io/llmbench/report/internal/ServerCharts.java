package io.llmbench.report.internal;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.server.ServerFigure;
import io.llmbench.core.server.ServerSummary;
import io.llmbench.core.server.ServerTimeline;
import io.llmbench.report.internal.ChartSpec.Axis;
import io.llmbench.report.internal.ChartSpec.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's "Server" charts and table, from each endpoint's scraped server metrics: server
 * load and client concurrency, server and client token throughput on the client timeline's axis
 * (seconds from the run's time origin), GPU telemetry, and client TTFT beside the server's. Not API.
 */
public final class ServerCharts {
    public static final String GROUP = "Server (its own metrics)";
    private static final Axis SECONDS = new Axis("seconds since start", "linear");

    private ServerCharts() {
    }

    /** The charts, empty when no endpoint has server metrics. */
    static List<ChartSpec> build(List<EndpointResult> eps, List<RecordDigest> digests, RecordDigest.Timeline t) {
        List<ServerSummary> summaries = eps.stream().map(ServerSummary::of).toList();
        List<ChartSpec> out = new ArrayList<>();
        if (summaries.stream().allMatch(ServerSummary::isEmpty)) {
            return out;
        }
        ChartSpec load = ChartSpec.of(GROUP, "Server load and client concurrency over time", "line", SECONDS,
                new Axis("requests", "linear")).y2(new Axis("KV-cache usage (%)", "linear"));
        ChartSpec tokens = ChartSpec.of(GROUP, "Generated tokens per second: server and client", "line", SECONDS,
                new Axis("tokens per second", "linear"));
        ChartSpec gpu = ChartSpec.of(GROUP, "GPU utilisation and power over time", "line", SECONDS,
                new Axis("GPU utilisation (%)", "linear")).y2(new Axis("power (W)", "linear"));
        for (int i = 0; i < eps.size(); i++) {
            ServerSummary s = summaries.get(i);
            if (s.isEmpty()) {
                continue;
            }
            String n = eps.get(i).name();
            String color = Palette.color(i);
            for (ServerTimeline tl : s.timelines()) {
                String label = n + " " + tl.server() + " " + tl.label();
                switch (tl.key()) {
                    case "running" -> load.add(Dataset.of(label, points(tl), color).radius(0));
                    case "waiting" -> load.add(Dataset.of(label, points(tl), color).radius(0).dashed());
                    case "kv_cache" -> load.add(Dataset.of(label, points(tl), color).axis("y2").radius(0).hiddenAtFirst());
                    case "generation_tokens_per_second" -> tokens.add(Dataset.of(label, points(tl), color).radius(0));
                    case "gpu.util" -> gpu.add(Dataset.of(label, points(tl), color).radius(0));
                    case "gpu.power" -> gpu.add(Dataset.of(label, points(tl), color).axis("y2").radius(0).dashed());
                    default -> { }
                }
            }
            if (!eps.get(i).records().isEmpty()) {
                load.add(Dataset.of(n + " client in flight", ReportCharts.series(t, digests.get(i).inFlight), "#7F7F7F").radius(0).dashed());
                tokens.add(Dataset.of(n + " client output tokens/s", ReportCharts.series(t, digests.get(i).tokensPerSecond), "#7F7F7F").radius(0).dashed());
            }
        }
        load.note("From the servers' own /metrics, scraped during the run, on the client timeline's axis: "
                + "running = the batch, waiting = queued. The client's in flight (grey) is what it had sent and not yet finished.");
        tokens.note("Server: the rise of its generation-token counter between scrapes; client (grey): tokens of content chunks as they arrived.");
        out.add(load);
        out.add(tokens);
        out.add(gpu.note("DCGM exporter: mean utilisation over GPUs, power summed over GPUs."));
        out.add(ttft(eps, summaries));
        return out;
    }

    /** Client TTFT beside the server's, per endpoint: the difference is network and client queueing. */
    private static ChartSpec ttft(List<EndpointResult> eps, List<ServerSummary> summaries) {
        List<String> names = eps.stream().map(EndpointResult::name).toList();
        ChartSpec c = ChartSpec.of(GROUP, "TTFT: client vs server", "bar", new Axis("endpoint", "category"),
                new Axis("TTFT (ms)", "linear")).labels(names);
        List<Object> clientMean = new ArrayList<>();
        List<Object> serverMean = new ArrayList<>();
        List<Object> clientP50 = new ArrayList<>();
        List<Object> serverP50 = new ArrayList<>();
        for (int i = 0; i < eps.size(); i++) {
            ServerSummary s = summaries.get(i);
            boolean has = !Double.isNaN(s.value("ttft.mean"));
            clientMean.add(has ? ReportCharts.finite(eps.get(i).metric(Metric.TTFT).mean()) : null);
            clientP50.add(has ? ReportCharts.finite(eps.get(i).metric(Metric.TTFT).p50()) : null);
            serverMean.add(ReportCharts.finite(s.value("ttft.mean")));
            serverP50.add(ReportCharts.finite(s.value("ttft.p50")));
        }
        c.add(Dataset.of("client mean", clientMean, Palette.color(0)));
        c.add(Dataset.of("server mean", serverMean, Palette.color(1)));
        c.add(Dataset.of("client p50", clientP50, Palette.color(4)).hiddenAtFirst());
        c.add(Dataset.of("server p50", serverP50, Palette.color(5)).hiddenAtFirst());
        return c.note("Client TTFT minus server TTFT is the network and the client's own queueing; "
                + "server percentiles are interpolated within its histogram buckets.");
    }

    /** The page's "Server metrics" section, a table of derived figures; nothing when no endpoint has server metrics. */
    static void table(StringBuilder h, List<EndpointResult> rows) {
        List<String> lines = new ArrayList<>();
        for (EndpointResult r : rows) {
            if (r.serverMetrics().isEmpty()) {
                continue;
            }
            ServerSummary s = ServerSummary.of(r);
            StringBuilder row = new StringBuilder();
            row.append("<tr><td class=\"name\">").append(Html.escape(r.name())).append("</td><td>")
                    .append(Html.escape(String.format(Locale.ROOT, "%d of %d scrapes failed", r.serverMetrics().failures(),
                            r.serverMetrics().scrapes()))).append("</td><td class=\"wrap\">");
            List<String> parts = new ArrayList<>();
            for (ServerFigure f : s.figures()) {
                String v = f.value() == Math.rint(f.value()) && Math.abs(f.value()) < 1e15
                        ? String.format(Locale.ROOT, "%,.0f", f.value()) : HtmlPage.fmt(f.value());
                parts.add(Html.escape(f.server() + " " + f.label() + ": " + v + " " + f.unit()));
            }
            row.append(parts.isEmpty() ? "no known server metrics" : String.join("<br>", parts)).append("</td></tr>\n");
            lines.add(row.toString());
        }
        if (lines.isEmpty()) {
            return;
        }
        h.append("<section id=\"server\">\n<h2>Server metrics</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>")
                .append("<th>Endpoint</th><th>Scrapes</th><th>Derived figures (docs/SERVER-METRICS.md)</th></tr></thead>\n<tbody>\n");
        lines.forEach(h::append);
        h.append("</tbody></table></div>\n</section>\n");
    }

    private static List<Object> points(ServerTimeline tl) {
        List<Object> out = new ArrayList<>(tl.values().length);
        for (int i = 0; i < tl.values().length; i++) {
            out.add(new Object[] {Num.round(tl.seconds()[i], 3), ReportCharts.finite(Num.round(tl.values()[i], 4))});
        }
        return out;
    }
}
