package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench runs}: stored runs, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List stored runs, newest first, optionally filtered.", "", "Example: llmbench runs --model sim-8b --limit 20"})
final class RunsCommand extends Cmd {
    @Mixin
    RunFilter filter;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Show at most N runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() {
        if (limit < 1) {
            throw CliException.badFlag("--limit", "must be >= 1, but was " + limit);
        }
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            RunQuery q = filter.query();
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
}
