package io.llmbench.examples.cli;

import io.llmbench.model.Alternative;
import io.llmbench.model.Criterion;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Pareto;
import io.llmbench.model.Point;
import io.llmbench.model.Ranked;
import io.llmbench.model.Rankings;
import io.llmbench.model.Statistic;
import io.llmbench.model.Topsis;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoredRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench rank}: deployments ranked per metric, by TOPSIS, and their Pareto front. */
@Command(name = "rank", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rank deployments per metric (TTFT, TPOT, E2E latency, output tokens/s, requests/s), by TOPSIS "
                + "with weights, and show the Pareto front. Uses each deployment's latest run, or predictions at a "
                + "workload given with --input-tokens/--output-tokens.", "",
                "Examples: llmbench rank --measure ttft",
                "          llmbench rank --input-tokens 1000 --output-tokens 200 --concurrency 16 --weight ttft=2 --weight output_throughput=1"})
final class RankCommand extends ModelCommand {
    @Mixin
    PointOptions point;

    @Option(names = "--measure", split = ",", paramLabel = "KEY",
            description = "Measures to rank: ttft, tpot, itl, e2e, user_tps, output_throughput, request_throughput (default: all main ones).")
    List<String> measures = new ArrayList<>();

    @Option(names = "--weight", paramLabel = "MEASURE=W", description = "TOPSIS criterion and weight (repeatable; default: ttft, tpot, output_throughput at 1).")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Override
    int execute() {
        List<Measure> ms = measures.isEmpty() ? Analysis.RANKED : measures.stream().map(RankCommand::measure).toList();
        List<Criterion> criteria = new ArrayList<>();
        weights.forEach((k, w) -> {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw CliException.badFlag("--weight", "must be MEASURE=W with W > 0, but was " + k + "=" + w);
            }
            criteria.add(Criterion.of(measure(k), w));
        });
        predictor();
        statistic(List.of());
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            Map<String, Alternative> alts = new LinkedHashMap<>();
            Map<String, String> basis = new LinkedHashMap<>();
            if (point.given()) {
                Point at = point.point();
                Statistic stat = statistic(List.of());
                Map<String, RunModels.Fit> fits = fits(store, at, stat);
                reportUnfitted(fits, false);
                Analysis.choices(fits, at).forEach((n, c) -> {
                    alts.put(n, c.alternative());
                    basis.put(n, c.basis());
                });
                out().println("at " + at + " (" + statisticName(stat) + "):");
            } else {
                Statistic stat = statistic(List.of());
                for (Map.Entry<String, List<StoredRun>> g : groups(store).entrySet()) {
                    List<StoredRun> runs = g.getValue();
                    for (int i = runs.size() - 1; i >= 0; i--) {
                        StoredRun latest = runs.get(i);
                        if (latest.result().job().succeeded() > 0) {
                            alts.put(g.getKey(), Alternative.of(g.getKey(), Observation.from(latest.result(), stat)));
                            basis.put(g.getKey(), "run " + Fmt.id(latest.id(), ctx().tableWidth()) + ": " + latest.result().run().load() + ", "
                                    + latest.result().run().workload());
                            break;
                        }
                    }
                }
                out().println("latest run of each deployment (" + statisticName(stat) + "); runs at different workloads "
                        + "are not comparable, give --input-tokens/--output-tokens to rank predictions at one workload:");
            }
            if (alts.isEmpty()) {
                throw new CliException("no deployment has a run with succeeded requests");
            }
            for (Measure m : ms) {
                List<Ranked> ranked = Rankings.rank(alts.values(), m);
                if (ranked.isEmpty()) {
                    continue;
                }
                out().println();
                out().println(m.key() + " (" + m.unitSymbol() + ", " + (m.lowerIsBetter() ? "lower" : "higher") + " is better):");
                TextTable t = new TextTable("rank", "deployment", m.key(), "basis");
                ranked.forEach(r -> t.row(r.rank(), r.name(), Fmt.num(r.value()), basis.get(r.name())));
                t.print(out(), ctx().tableWidth());
            }
            List<Criterion> cs = criteria.isEmpty() ? Analysis.criteria(alts.values()) : criteria;
            if (alts.size() >= 2 && !cs.isEmpty()) {
                for (Criterion c : cs) {
                    for (Alternative a : alts.values()) {
                        if (a.value(c.measure()).isEmpty()) {
                            throw CliException.badFlag("--weight", a.name() + " has no " + c.measure().key() + " value to rank by");
                        }
                    }
                }
                out().println();
                out().println("TOPSIS over " + cs.stream().map(c -> c.measure().key() + "=" + Fmt.num(c.weight()))
                        .collect(Collectors.joining(", ")) + " (closeness to the ideal, higher is better):");
                TextTable t = new TextTable("rank", "deployment", "closeness");
                Topsis.rank(alts.values(), cs).forEach(r -> t.row(r.rank(), r.name(), String.format(Locale.ROOT, "%.3f", r.value())));
                t.print(out(), ctx().tableWidth());
                List<Alternative> both = alts.values().stream().filter(a -> cs.stream().allMatch(c -> a.value(c.measure()).isPresent())).toList();
                List<String> front = Pareto.front(both, cs).stream().map(Alternative::name).toList();
                out().println("Pareto front over " + cs.stream().map(c -> c.measure().key()).toList() + ": " + front);
            }
        }
        return Llmbench.OK;
    }

    static Measure measure(String key) {
        try {
            return Measure.ofKey(key.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag("--measure", "must be one of " + Arrays.stream(Measure.values()).map(Measure::key)
                    .collect(Collectors.joining(", ")) + ", but was '" + key + "'");
        }
    }
}
