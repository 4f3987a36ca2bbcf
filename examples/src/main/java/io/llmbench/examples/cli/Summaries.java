package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.Slo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tables commands print for results: headline numbers per run, SLO checks. */
final class Summaries {
    private Summaries() {
    }

    /** One row per result: traffic, success, TTFT, TPOT, E2E and throughput. */
    static TextTable results(List<EndpointResult> results, boolean goodput) {
        boolean workloads = results.stream().map(r -> r.run().workload()).distinct().count() > 1;
        List<String> h = new ArrayList<>(List.of("endpoint", "load", "requests", "ok", "ttft p50", "ttft p95",
                "tpot p50", "e2e p50", "e2e p95", "out tok/s", "req/s"));
        if (workloads) {
            h.add(2, "workload");
        }
        if (goodput) {
            h.add("goodput");
        }
        h.add("harness");
        TextTable t = new TextTable(h.toArray(new String[0])).optional("e2e p95", "ttft p95", "requests");
        for (EndpointResult r : results) {
            List<Object> row = new ArrayList<>(List.of(r.name(), r.run().load(), r.job().requests(),
                    Fmt.pct(r.job().successRate()), ms(r, Metric.TTFT, 50), ms(r, Metric.TTFT, 95), ms(r, Metric.TPOT, 50),
                    ms(r, Metric.E2E, 50), ms(r, Metric.E2E, 95), Fmt.num(r.job().outputTokenThroughput()),
                    Fmt.num(r.job().requestThroughput())));
            if (goodput) {
                row.add(Fmt.num(r.job().goodput()));
            }
            row.add(r.health().map(x -> x.verdict().name()).orElse("-"));
            if (workloads) {
                row.add(2, r.run().workload());
            }
            t.row(row.toArray());
        }
        return t;
    }

    private static String ms(EndpointResult r, Metric m, double p) {
        MetricStats s = r.metric(m);
        if (s.count() == 0) {
            return "-";
        }
        double v = p == 50 ? s.p50() : p == 95 ? s.p95() : s.percentile(p);
        return Fmt.num(v) + (s.tooFewSamplesFor(p) ? "*" : "");
    }

    /** Prints the results table with the units line and the few-samples note. */
    static void print(PrintWriter out, int width, List<EndpointResult> results, List<Slo> slos) {
        String table = results(results, !slos.isEmpty()).render(width);
        out.print(table);
        out.println(table.contains("*") ? "(latencies in ms; * = the percentile rests on fewer than "
                + MetricStats.MIN_SAMPLES_ABOVE_PERCENTILE + " samples above it; harness = whether llmbench itself kept up)"
                : "(latencies in ms; harness = whether llmbench itself kept up)");
        health(out, results);
    }

    /**
     * The harness health below the table: one line per run that was not OK, naming what to
     * distrust, or one line saying every sampled run was OK with its worst figures.
     */
    static void health(PrintWriter out, List<EndpointResult> results) {
        List<HarnessHealth> sampled = results.stream().flatMap(r -> r.health().stream()).toList();
        if (sampled.isEmpty()) {
            return;
        }
        boolean allOk = true;
        for (EndpointResult r : results) {
            if (r.health().isPresent() && !r.health().get().ok()) {
                allOk = false;
                out.println("harness health [" + r.name() + ", " + r.run().traffic() + "]: " + r.health().get().describe());
            }
        }
        if (allOk) {
            double lag = sampled.stream().mapToDouble(HarnessHealth::loopLagP99Millis).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            double cpu = sampled.stream().mapToDouble(HarnessHealth::cpuShare).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "harness health: OK%s (loop lag p99 <= %s ms, CPU <= %s of %d cores)%n",
                    sampled.size() == 1 ? "" : " for all " + sampled.size() + " runs", Fmt.num(lag), Fmt.pct(cpu), sampled.get(0).cores());
        }
    }

    /**
     * Checks every run against every SLO at its percentile.
     *
     * @return the misses, e.g. {@code "fast: ttft p95 <= 500 ms missed (p95 was 612)"}; empty when all were met
     */
    static List<String> sloMisses(List<EndpointResult> results, List<Slo> slos) {
        List<String> misses = new ArrayList<>();
        for (EndpointResult r : results) {
            for (Slo slo : slos) {
                MetricStats s = r.metric(slo.metric());
                if (!slo.isMetBy(s)) {
                    double p = slo.metric().lowerIsBetter() ? slo.percentile() : 100 - slo.percentile();
                    String was = s.count() == 0 ? "no samples" : "p" + Fmt.level(p) + " was " + Fmt.num(s.hasHistogram() ? s.percentile(p) : Double.NaN);
                    misses.add(r.name() + " [" + r.run().load() + "]: " + slo + " missed (" + was + ")");
                }
            }
        }
        return misses;
    }
}
