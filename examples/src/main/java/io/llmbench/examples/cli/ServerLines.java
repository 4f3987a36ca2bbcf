package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.server.ScrapeSource;
import io.llmbench.core.server.ServerFigure;
import io.llmbench.core.server.ServerMetrics;
import io.llmbench.core.server.ServerSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What commands print of a run's server metrics: the few derived figures, or all of them. */
final class ServerLines {
    /** The figures the run summary prints, in order, with their short names. */
    private static final String[][] FEW = {
            {"running.mean", "running"}, {"running.max", "max"}, {"waiting.mean", "waiting"}, {"waiting.max", "max"},
            {"kv_cache.max", "KV cache max"}, {"preemptions", "preemptions"}, {"prefix_cache.hit_rate", "prefix hits"},
            {"prefix_cache.hit_rate.mean", "prefix hits"}, {"ttft.p50", "TTFT p50"}, {"tpot.p50", "TPOT p50"},
            {"e2e.p50", "E2E p50"}, {"gpu.util.mean", "GPU util"}, {"gpu.power.mean", "power"}, {"gpu.memory_used.max", "memory max"},
            {"gpu.energy_per_output_token", "energy/token"}};

    private ServerLines() {
    }

    /** One line about the scrapes, one per server with its few figures, and the client-vs-server TTFT gap. */
    static List<String> few(EndpointResult r) {
        ServerMetrics m = r.serverMetrics();
        if (m.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(scrapes(r.name(), m));
        ServerSummary s = ServerSummary.of(r);
        for (String server : s.servers()) {
            List<String> parts = new ArrayList<>();
            for (String[] f : FEW) {
                s.figures().stream().filter(x -> x.server().equals(server) && x.key().equals(f[0])).findFirst()
                        .ifPresent(x -> parts.add(f[1] + " " + value(x)));
            }
            if (!parts.isEmpty()) {
                out.add("  " + server + ": " + String.join(", ", parts));
            }
        }
        s.figure("ttft.client_minus_server.mean").ifPresent(f ->
                out.add("  client TTFT - server TTFT: " + value(f) + " mean (network and client queueing)"));
        return out;
    }

    /** Prints the few figures of every run that has server metrics. */
    static void printFew(PrintWriter out, List<EndpointResult> results) {
        for (EndpointResult r : results) {
            few(r).forEach(out::println);
        }
    }

    /** Prints every derived figure of one run as a table. */
    static void printAll(PrintWriter out, int width, EndpointResult r) {
        ServerMetrics m = r.serverMetrics();
        if (m.isEmpty()) {
            return;
        }
        out.println();
        out.println(scrapes(r.name(), m));
        for (ScrapeSource src : m.sources()) {
            out.printf(Locale.ROOT, "  %s: %d scrapes, %d failed, %d points%s%n", src.url(), src.scrapes(), src.failures(), src.points(),
                    src.errors().isEmpty() ? "" : "; first error: " + src.errors().get(0));
        }
        ServerSummary s = ServerSummary.of(r);
        if (s.isEmpty()) {
            out.println("  no known server metrics (vllm:*, sglang:*, tgi_*, DCGM_FI_*) to derive figures from");
            return;
        }
        TextTable t = new TextTable("server", "figure", "value", "unit", "what");
        for (ServerFigure f : s.figures()) {
            t.row(f.server(), f.key(), Fmt.num(f.value()), f.unit(), f.label());
        }
        t.print(out, width);
    }

    private static String scrapes(String endpoint, ServerMetrics m) {
        return String.format(Locale.ROOT, "server metrics of %s: %d source%s every %s, %d scrapes, %d failed, %d series kept",
                endpoint, m.sources().size(), m.sources().size() == 1 ? "" : "s", Fmt.duration(m.interval()), m.scrapes(),
                m.failures(), m.series().size());
    }

    private static String value(ServerFigure f) {
        String unit = f.unit();
        if (unit.equals("%")) {
            return Fmt.num(f.value()) + "%";
        }
        if (unit.equals("requests") || unit.equals("preemptions")) {
            return Fmt.num(f.value());
        }
        return Fmt.num(f.value()) + " " + unit;
    }
}
