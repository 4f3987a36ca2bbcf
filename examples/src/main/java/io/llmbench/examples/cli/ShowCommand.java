package io.llmbench.examples.cli;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RunInfo;
import io.llmbench.report.ResultJson;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoredRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmbench show}: one stored run in full. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show one stored run: what was measured, job figures, every metric's distribution and warnings.")
final class ShowCommand extends Cmd {
    @Parameters(paramLabel = "RUN", description = "Run id (or an unambiguous prefix of at least 4 characters).")
    String id;

    @Option(names = "--json", description = "Print the run as llmbench result JSON (without request records).")
    boolean json;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() {
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            StoredRun run = store.find(RunIds.resolve(store, id)).orElseThrow();
            if (json) {
                StringWriter w = new StringWriter();
                ResultJson.writeWithoutRecords(new BenchmarkResult(List.of(run.result()), List.of()), w);
                out().println(w);
                return Llmbench.OK;
            }
            print(out(), ctx().tableWidth(), run);
        }
        return Llmbench.OK;
    }

    static void print(PrintWriter out, int width, StoredRun s) {
        EndpointResult r = s.result();
        Deployment d = r.deployment();
        RunInfo i = r.run();
        JobStats j = r.job();
        out.println("run " + s.id() + " (saved " + Fmt.time(s.savedAt()) + ", " + s.recordCount() + " request records)");
        field(out, "endpoint", d.name());
        field(out, "model", d.model());
        field(out, "provider", d.provider());
        field(out, "base url", d.baseUrl());
        field(out, "hardware", d.hardware() == null ? null : d.hardware() + (d.gpuCount() > 0 ? " x" + d.gpuCount() : ""));
        field(out, "engine", d.engine());
        field(out, "quantization", d.quantization());
        field(out, "model size", d.modelSize());
        if (!d.labels().isEmpty()) {
            field(out, "labels", d.labels().toString());
        }
        field(out, "load", i.load());
        field(out, "workload", i.workload());
        field(out, "started", Fmt.time(i.startedAt()));
        field(out, "finished", Fmt.time(i.finishedAt()));
        field(out, "cell", i.cellKey());
        if (!i.labels().isEmpty()) {
            field(out, "run labels", i.labels().toString());
        }
        field(out, "notes", i.notes());
        field(out, "requests", String.format(Locale.ROOT, "%d sent, %d ok, %d failed (%s)%s", j.requests(), j.succeeded(),
                j.failed(), Fmt.pct(j.successRate()), j.failures().isEmpty() ? "" : " " + j.failures()));
        field(out, "duration", Fmt.duration(j.durationSeconds()));
        field(out, "throughput", String.format(Locale.ROOT, "%s req/s, %s output tok/s, %s total tok/s, peak %s output tok/s",
                Fmt.num(j.requestThroughput()), Fmt.num(j.outputTokenThroughput()), Fmt.num(j.totalTokenThroughput()),
                Fmt.num(j.peakOutputTokensPerSecond())));
        field(out, "goodput", Fmt.num(j.goodput()) + " req/s (" + j.goodRequests() + " requests met every SLO)");
        field(out, "tokens", j.inputTokens() + " in, " + j.outputTokens() + " out" + (j.outputTokenSources().isEmpty() ? ""
                : " (output counted by " + j.outputTokenSources() + ")"));
        if (j.lateSends() > 0) {
            field(out, "late sends", Long.toString(j.lateSends()));
        }
        TextTable t = new TextTable("metric", "unit", "count", "mean", "stdev", "min", "p50", "p80", "p95", "p99", "p99.9", "max");
        for (Metric m : Metric.values()) {
            MetricStats st = r.metrics().get(m);
            if (st == null || st.count() == 0) {
                continue;
            }
            t.row(m.key(), m.unit().symbol(), st.count(), Fmt.num(st.mean()), Fmt.num(st.stdev()), Fmt.num(st.min()),
                    Fmt.num(st.p50()), Fmt.num(st.p80()), Fmt.num(st.p95()) + star(st, 95), Fmt.num(st.p99()) + star(st, 99),
                    Fmt.num(st.p999()) + star(st, 99.9), Fmt.num(st.max()));
        }
        out.println();
        t.print(out, width);
        ServerLines.printAll(out, width, r);
        r.warnings().forEach(w -> out.println("warning: " + w));
    }

    private static String star(MetricStats s, double p) {
        return s.tooFewSamplesFor(p) ? "*" : "";
    }

    private static void field(PrintWriter out, String name, String value) {
        if (value != null) {
            out.printf(Locale.ROOT, "  %-13s %s%n", name, value);
        }
    }
}
