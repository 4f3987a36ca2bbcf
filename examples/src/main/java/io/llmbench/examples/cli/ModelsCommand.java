package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmbench models}: every model in the store with its latest run. */
@Command(name = "models", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the models in the store: how many runs each has and its latest run's headline numbers.")
final class ModelsCommand extends Cmd {
    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() {
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            List<ModelSummary> models = store.models();
            if (models.isEmpty()) {
                out().println("no runs stored in " + storeOptions.describe());
                return Llmbench.OK;
            }
            TextTable t = new TextTable("model", "runs", "latest run", "started", "endpoint", "load", "ttft p50",
                    "e2e p50", "out tok/s", "ok").optional("started", "e2e p50");
            for (ModelSummary m : models) {
                EndpointResult r = m.latest().result();
                t.row(m.model(), m.runCount(), Fmt.id(m.latest().id(), ctx().tableWidth()), Fmt.time(r.run().startedAt()), r.name(), r.run().load(),
                        Fmt.num(r.metric(Metric.TTFT).p50()), Fmt.num(r.metric(Metric.E2E).p50()),
                        Fmt.num(r.job().outputTokenThroughput()), Fmt.pct(r.job().successRate()));
            }
            t.print(out(), ctx().tableWidth());
        }
        return Llmbench.OK;
    }
}
