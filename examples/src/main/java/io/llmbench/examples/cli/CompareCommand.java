package io.llmbench.examples.cli;

import io.llmbench.model.BatchJob;
import io.llmbench.model.Candidate;
import io.llmbench.model.Comparison;
import io.llmbench.model.Estimates;
import io.llmbench.model.TimeEstimate;
import io.llmbench.store.ResultStore;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmbench compare}: deployments side by side for one job: fastest first, speed-up and time saved. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare deployments for a batch job: estimated time of each, fastest first, with the speed-up "
                + "over the slowest and the time saved (and cost, given a GPU-hour price).", "",
                "Example: llmbench compare --requests 50000 --input-tokens 800 --output-tokens 200 --concurrency 16",
                "         llmbench compare --requests 50000 --input-tokens 800 --output-tokens 200 --rate 2.5"})
final class CompareCommand extends ModelCommand {
    @Mixin
    JobOptions jobOptions;

    @Override
    int execute() {
        BatchJob job = jobOptions.job();
        predictor();
        statistic(List.of());
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            List<Candidate> candidates = fittedCandidates(store, jobOptions, job);
            List<Comparison> rows;
            try {
                rows = Estimates.compare(job, candidates);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot compare: " + e.getMessage());
            }
            boolean cost = candidates.stream().anyMatch(c -> c.pricing() != null);
            out().println("job: " + job.describe());
            TextTable t = cost
                    ? new TextTable("rank", "deployment", "time", "speed-up", "time saved", "out tok/s", "confidence", "cost " + jobOptions.currency, "basis")
                    : new TextTable("rank", "deployment", "time", "speed-up", "time saved", "out tok/s", "confidence", "basis");
            for (Comparison c : rows) {
                TimeEstimate e = c.estimate();
                String conf = e.confidence().name().toLowerCase(Locale.ROOT);
                String speed = String.format(Locale.ROOT, "%.2fx", c.speedUpVsSlowest());
                if (cost) {
                    t.row(c.rank(), e.name(), Fmt.duration(e.seconds()), speed, Fmt.duration(c.secondsSavedVsSlowest()),
                            Fmt.num(e.outputTokensPerSecond()), conf, e.costEstimate().map(x -> Fmt.num(x.perJob())).orElse("-"), e.basis());
                } else {
                    t.row(c.rank(), e.name(), Fmt.duration(e.seconds()), speed, Fmt.duration(c.secondsSavedVsSlowest()),
                            Fmt.num(e.outputTokensPerSecond()), conf, e.basis());
                }
            }
            t.print(out(), ctx().tableWidth());
        }
        return Llmbench.OK;
    }
}
