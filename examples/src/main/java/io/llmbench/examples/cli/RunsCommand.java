package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.model.history.Change;
import io.llmbench.model.history.DiffOptions;
import io.llmbench.model.history.Threshold;
import io.llmbench.model.history.Trend;
import io.llmbench.model.history.TrendPoint;
import io.llmbench.report.HtmlReport;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench runs}: stored runs, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List stored runs, newest first, optionally filtered; with --trend, one statistic over the runs "
                + "(oldest first), each run compared with the one before and regressions marked.", "",
                "Example: llmbench runs --model sim-8b --limit 20",
                "         llmbench runs --label deploy=llama-prod --trend ttft:p95 --html trend.html"})
final class RunsCommand extends Cmd {
    @Mixin
    RunFilter filter;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Show at most N runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--trend", paramLabel = "METRIC[:STAT]",
            description = "Show this statistic over the runs, oldest first, with each run's change from the one before "
                    + "(e.g. ttft:p95, e2e:mean, output_throughput).")
    String trend;

    @Option(names = "--max-regression", paramLabel = "[METRIC[:STAT]=]AMOUNT",
            description = "With --trend: the largest accepted regression between consecutive runs (repeatable; default 5%, 10% for throughputs).")
    List<Threshold> thresholds = new ArrayList<>();

    @Option(names = "--html", paramLabel = "FILE", description = "With --trend: also write an HTML chart of it.")
    Path html;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() throws java.io.IOException {
        if (limit < 1) {
            throw CliException.badFlag("--limit", "must be >= 1, but was " + limit);
        }
        if (trend == null && (html != null || !thresholds.isEmpty())) {
            throw CliException.usage("--html and --max-regression need --trend");
        }
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            RunQuery q = filter.query();
            if (trend != null) {
                return trend(store.runs(q.page(0, limit)), store.count(q));
            }
            long total = store.count(q);
            List<StoredRun> runs = store.runs(q.page(0, limit));
            if (runs.isEmpty()) {
                out().println("no stored run matches " + filter.describe());
                return Llmbench.OK;
            }
            TextTable t = new TextTable("id", "started", "endpoint", "model", "load", "workload", "requests", "ok",
                    "ttft p50", "e2e p50", "out tok/s").optional("started", "requests", "e2e p50", "ttft p50");
            for (StoredRun s : runs) {
                EndpointResult r = s.result();
                t.row(Fmt.id(s.id(), ctx().tableWidth()), Fmt.time(r.run().startedAt()), r.name(), r.deployment().model(), r.run().load(),
                        r.run().workload(), r.job().requests(), Fmt.pct(r.job().successRate()),
                        Fmt.num(r.metric(Metric.TTFT).p50()), Fmt.num(r.metric(Metric.E2E).p50()),
                        Fmt.num(r.job().outputTokenThroughput()));
            }
            t.print(out(), ctx().tableWidth());
            if (total > runs.size()) {
                out().println("(" + runs.size() + " of " + total + " runs; --limit shows more)");
            }
        }
        return Llmbench.OK;
    }

    private int trend(List<StoredRun> newestFirst, long total) throws java.io.IOException {
        if (newestFirst.isEmpty()) {
            throw new CliException("no stored run matches " + filter.describe());
        }
        List<StoredRun> runs = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(runs);
        DiffOptions.Builder b = DiffOptions.custom();
        thresholds.forEach(b::maxRegression);
        Trend t;
        try {
            t = Trend.of(runs.stream().map(StoredRun::id).toList(), runs.stream().map(StoredRun::result).toList(), trend, b.build());
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag("--trend", e.getMessage());
        }
        out().println(t.key() + " (" + t.measure().unitSymbol() + ") over " + runs.size() + " runs, oldest first"
                + (total > runs.size() ? " (the latest " + runs.size() + " of " + total + "; --limit shows more)" : "")
                + "; each against the run before it");
        TextTable table = new TextTable("id", "started", "endpoint", "load", t.key(), "change", "interval", "verdict");
        for (int i = 0; i < runs.size(); i++) {
            TrendPoint p = t.points().get(i);
            Change c = p.change();
            EndpointResult r = runs.get(i).result();
            table.row(Fmt.id(p.id(), ctx().tableWidth()), Fmt.time(p.startedAt()), r.name(), r.run().load(), Fmt.num(p.value()),
                    c == null || Double.isNaN(c.relativeChange()) ? "-" : String.format(Locale.ROOT, "%+.1f%%", c.relativeChange() * 100),
                    c != null && c.hasInterval() ? String.format(Locale.ROOT, "[%+.1f%%, %+.1f%%]", c.lower() * 100, c.upper() * 100) : "-",
                    c == null ? "" : c.regressed() ? "REGRESSION" : c.verdict() == io.llmbench.model.history.Verdict.BETTER ? "better" : "");
        }
        table.print(out(), ctx().tableWidth());
        out().println(t.regressions().size() + " regression" + (t.regressions().size() == 1 ? "" : "s")
                + (t.regressions().isEmpty() ? "" : ": " + String.join(", ", t.regressions().stream().map(TrendPoint::id).toList())));
        if (html != null) {
            Path parent = html.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            HtmlReport.builder().title("llmbench trend of " + t.key() + " (" + filter.describe() + ")").trend(t).build().write(html);
            out().println("report: " + html);
        }
        return Llmbench.OK;
    }
}
