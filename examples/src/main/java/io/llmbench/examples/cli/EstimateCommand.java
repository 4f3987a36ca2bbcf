package io.llmbench.examples.cli;

import io.llmbench.model.BatchJob;
import io.llmbench.model.Candidate;
import io.llmbench.model.Estimates;
import io.llmbench.model.TimeEstimate;
import io.llmbench.store.ResultStore;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmbench estimate}: how long N requests take on each deployment. */
@Command(name = "estimate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate how long a batch of N requests takes on each deployment (and what it costs, given a "
                + "GPU-hour price), from its stored runs.", "",
                "Example: llmbench estimate --requests 100000 --input-tokens 1500 --output-tokens 300 --concurrency 32 "
                        + "--price-per-gpu-hour 2.5",
                "         llmbench estimate --requests 100000 --input-tokens 1500 --output-tokens 300 --rate 4",
                "A job at a request rate completes at most that rate (less when the deployment saturates); runs of the other "
                        + "traffic mode are converted by Little's law (in flight = rate x latency)."})
final class EstimateCommand extends ModelCommand {
    @Mixin
    JobOptions jobOptions;

    @Override
    int execute() {
        BatchJob job = jobOptions.job();
        predictor();
        statistic(List.of());
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            List<Candidate> candidates = fittedCandidates(store, jobOptions, job);
            out().println("job: " + job.describe());
            TextTable t = table(candidates.stream().anyMatch(c -> c.pricing() != null), jobOptions.currency);
            for (Candidate c : candidates) {
                TimeEstimate e;
                try {
                    e = Estimates.timeToProcess(job, c);
                } catch (IllegalArgumentException ex) {
                    err().println("note: " + c.name() + ": " + ex.getMessage());
                    continue;
                }
                row(t, e, candidates.stream().anyMatch(x -> x.pricing() != null));
            }
            t.print(out(), ctx().tableWidth());
        }
        return Llmbench.OK;
    }

    static TextTable table(boolean cost, String currency) {
        return cost ? new TextTable("deployment", "time", "hours", "req/s", "out tok/s", "latency ms", "confidence", "cost " + currency,
                currency + "/Mtok", "basis")
                : new TextTable("deployment", "time", "hours", "req/s", "out tok/s", "latency ms", "confidence", "basis");
    }

    static void row(TextTable t, TimeEstimate e, boolean cost) {
        String conf = e.confidence().name().toLowerCase(Locale.ROOT);
        if (cost) {
            t.row(e.name(), Fmt.duration(e.seconds()), Fmt.num(e.hours()), Fmt.num(e.requestsPerSecond()),
                    Fmt.num(e.outputTokensPerSecond()), Fmt.num(e.latencyMillis()), conf,
                    e.costEstimate().map(c -> Fmt.num(c.perJob())).orElse("-"),
                    e.costEstimate().map(c -> Fmt.num(c.perMillionOutputTokens())).orElse("-"), e.basis());
        } else {
            t.row(e.name(), Fmt.duration(e.seconds()), Fmt.num(e.hours()), Fmt.num(e.requestsPerSecond()),
                    Fmt.num(e.outputTokensPerSecond()), Fmt.num(e.latencyMillis()), conf, e.basis());
        }
    }
}
