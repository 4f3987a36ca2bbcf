package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.model.history.Change;
import io.llmbench.model.history.DiffOptions;
import io.llmbench.model.history.IntervalMethod;
import io.llmbench.model.history.RunDiff;
import io.llmbench.model.history.Threshold;
import io.llmbench.model.history.Verdict;
import io.llmbench.report.HtmlReport;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmbench diff}: a candidate run against a baseline, with intervals and verdicts; exit 4 on a regression. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare a candidate run with a baseline: every statistic's change with a bootstrap confidence interval "
                + "and a verdict (better / worse / no significant change) under the thresholds. Exits with 4 when a statistic "
                + "regressed, so a CI job can fail on it.",
                "RUN is a run id, a prefix of at least 4 characters, or label:NAME=VALUE (or label:NAME), the latest run with that label.",
                "Default thresholds: 5% for latency and user TPS statistics, 10% for throughputs.", "",
                "Example: llmbench diff label:role=baseline label:role=candidate --max-regression ttft:p95=5% --max-regression e2e=10%"})
final class DiffCommand extends Cmd {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "The reference run.")
    String baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The run under test.")
    String candidate;

    @Option(names = "--max-regression", paramLabel = "[METRIC[:STAT]=]AMOUNT",
            description = {"Largest accepted regression (repeatable): ttft:p95=5%, e2e=200ms, output_throughput=10%, or 3% for all. "
                    + "METRIC: ttft, tpot, itl, e2e, user_tps, output_throughput, request_throughput; STAT: p50, p95, p99, mean."})
    List<Threshold> thresholds = new ArrayList<>();

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "" + DiffOptions.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DiffOptions.DEFAULT_SEED,
            description = "Bootstrap seed (default ${DEFAULT-VALUE}); the same runs and seed give the same intervals.")
    long seed;

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "" + DiffOptions.DEFAULT_CONFIDENCE,
            description = "Confidence level of the intervals (default ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report of the comparison.")
    Path html;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() throws Exception {
        DiffOptions.Builder b = DiffOptions.custom();
        thresholds.forEach(b::maxRegression);
        DiffOptions options;
        try {
            options = b.resamples(resamples).seed(seed).confidence(confidence).build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        StoredRun base;
        StoredRun cand;
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            base = store.findWithRecords(RunIds.resolveRef(store, baseline)).orElseThrow();
            cand = store.findWithRecords(RunIds.resolveRef(store, candidate)).orElseThrow();
        }
        RunDiff diff = RunDiff.compare(base.result(), cand.result(), options);
        print(base, cand, diff);
        if (html != null) {
            Path parent = html.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            HtmlReport.builder().title("llmbench diff: " + cand.result().name() + " against " + base.result().name())
                    .diff(diff).build().write(html);
            out().println("report: " + html);
        }
        return diff.hasRegression() ? Llmbench.REGRESSION : Llmbench.OK;
    }

    private void print(StoredRun base, StoredRun cand, RunDiff diff) {
        describe("baseline ", base);
        describe("candidate", cand);
        DiffOptions o = diff.options();
        out().printf(Locale.ROOT, "intervals: %.0f%% percentile bootstrap, %d resamples, seed %d%n%n", o.confidence() * 100,
                o.resamples(), o.seed());
        TextTable t = new TextTable("statistic", "baseline", "candidate", "change", String.format(Locale.ROOT, "%.0f%% interval",
                o.confidence() * 100), "max", "verdict");
        for (Change c : diff.changes()) {
            t.row(c.label(), Fmt.num(c.baseline()), Fmt.num(c.candidate()),
                    Double.isNaN(c.relativeChange()) ? "-" : String.format(Locale.ROOT, "%+.1f%%", c.relativeChange() * 100),
                    c.hasInterval() ? String.format(Locale.ROOT, "[%+.1f%%, %+.1f%%]", c.lower() * 100, c.upper() * 100)
                            : c.method() == IntervalMethod.NONE ? "none possible" : "-",
                    c.threshold().describeAmount(), verdict(c));
        }
        t.print(out());
        List<String> notes = new ArrayList<>(diff.notes());
        diff.changes().stream().filter(c -> c.note() != null && c.verdict() != Verdict.NO_SIGNIFICANT_CHANGE
                || c.note() != null && c.note().contains("rests on")).forEach(c -> notes.add(c.label() + ": " + c.note()));
        if (!notes.isEmpty()) {
            out().println();
            notes.forEach(n -> out().println("note: " + n));
        }
        out().println();
        List<Change> worse = diff.regressions();
        if (worse.isEmpty()) {
            out().println("no regression beyond the thresholds");
        } else {
            out().println(worse.size() + (worse.size() == 1 ? " regression: " : " regressions: ")
                    + String.join(", ", worse.stream().map(c -> c.label() + " " + c.describeChange()).toList()));
        }
    }

    private void describe(String role, StoredRun s) {
        EndpointResult r = s.result();
        out().printf(Locale.ROOT, "%s  %s  %s (%s)  %s  %s  %d requests, %s%n", role, s.id(), r.name(), r.deployment().model(),
                r.run().traffic(), Fmt.time(r.run().startedAt()), r.job().requests(),
                s.recordCount() > 0 ? s.recordCount() + " records" : "no records");
    }

    private static String verdict(Change c) {
        return switch (c.verdict()) {
            case WORSE -> "WORSE";
            case BETTER -> "better";
            case NO_SIGNIFICANT_CHANGE -> "no significant change";
            case NOT_COMPARED -> "not compared";
        };
    }
}
