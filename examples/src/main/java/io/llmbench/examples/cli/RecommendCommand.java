package io.llmbench.examples.cli;

import io.llmbench.core.Slo;
import io.llmbench.model.Alternative;
import io.llmbench.model.Check;
import io.llmbench.model.Compliance;
import io.llmbench.model.Criterion;
import io.llmbench.model.Measure;
import io.llmbench.model.Point;
import io.llmbench.model.Prediction;
import io.llmbench.model.Recommendation;
import io.llmbench.model.RecommendationResult;
import io.llmbench.model.Recommender;
import io.llmbench.model.Rejection;
import io.llmbench.model.Statistic;
import io.llmbench.store.ResultStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench recommend}: the deployments that meet the SLOs for a workload, best first. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommend deployments for a workload under SLOs: predict each deployment at the workload (each SLO "
                + "at its own percentile), drop those whose prediction misses an SLO, mark those whose interval crosses one as "
                + "at risk (--strict drops them too), rank the rest by TOPSIS.", "",
                "Example: llmbench recommend --input-tokens 1000 --output-tokens 200 --concurrency 16 --slo ttft=500 --slo tpot=40"})
final class RecommendCommand extends ModelCommand {
    @Mixin
    PointOptions point;

    @Option(names = "--slo", paramLabel = "METRIC[:pNN]=LIMIT", description = "SLO every recommendation must meet (repeatable).")
    List<Slo> slos = new ArrayList<>();

    @Option(names = "--weight", paramLabel = "MEASURE=W", description = "Ranking criterion and weight (repeatable; default: the SLOs' measures).")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(names = "--compliance", paramLabel = "point|interval", defaultValue = "point",
            description = "point: the predicted value decides, a crossing interval marks the deployment at risk (default); "
                    + "interval: the whole interval must meet each SLO (as --strict).")
    Compliance compliance = Compliance.POINT;

    @Option(names = "--strict", description = "Reject deployments at risk (whose interval crosses an SLO) instead of marking them.")
    boolean strict;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Most recommendations (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int execute() {
        Point at = point.point();
        if (slos.isEmpty() && weights.isEmpty()) {
            throw CliException.usage("give at least one --slo (or --weight) to recommend by");
        }
        if (limit < 1) {
            throw CliException.badFlag("--limit", "must be >= 1, but was " + limit);
        }
        Compliance c = strict ? Compliance.INTERVAL : compliance;
        Recommender.Builder rb;
        try {
            rb = Recommender.builder().slos(slos).compliance(c).limit(limit);
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag("--slo", e.getMessage());
        }
        List<Criterion> criteria = new ArrayList<>();
        weights.forEach((k, w) -> {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw CliException.badFlag("--weight", "must be MEASURE=W with W > 0, but was " + k + "=" + w);
            }
            criteria.add(Criterion.of(RankCommand.measure(k), w));
        });
        if (!criteria.isEmpty()) {
            rb.criteria(criteria.toArray(new Criterion[0]));
        }
        Recommender recommender = rb.build();
        predictor();
        // each SLO at its own percentile: a model per statistic the SLOs name (or the one --statistic asks for)
        Set<Statistic> stats = statistic != null ? Set.of(statistic(List.of())) : recommender.statistics();
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            Map<Statistic, Map<String, RunModels.Fit>> byStat = new EnumMap<>(Statistic.class);
            for (Statistic s : stats) {
                byStat.put(s, fits(store, at, s));
            }
            Map<String, RunModels.Fit> main = byStat.containsKey(Statistic.MEAN) ? byStat.get(Statistic.MEAN) : byStat.values().iterator().next();
            reportUnfitted(main, false);
            Map<String, Analysis.Choice> choices = new LinkedHashMap<>();
            Analysis.choices(main, at).forEach((name, choice) -> {
                if (!choice.basis().startsWith("predicted")) {
                    choices.put(name, choice);
                    return;
                }
                Map<Statistic, Prediction> predictions = new EnumMap<>(Statistic.class);
                for (Map.Entry<Statistic, Map<String, RunModels.Fit>> e : byStat.entrySet()) {
                    RunModels.Fit f = e.getValue().get(name);
                    if (f != null && f.model() != null) {
                        try {
                            predictions.put(e.getKey(), f.model().predict(at));
                        } catch (IllegalArgumentException ex) {
                            // this statistic cannot be predicted there: its constraints miss
                        }
                    }
                }
                choices.put(name, new Analysis.Choice(predictions.isEmpty() ? choice.alternative()
                        : Alternative.predicted(name, predictions), choice.basis()));
            });
            if (choices.isEmpty()) {
                throw new CliException("no deployment has a run with succeeded requests");
            }
            List<Alternative> alts = choices.values().stream().map(Analysis.Choice::alternative).toList();
            RecommendationResult r;
            try {
                r = recommender.recommend(alts);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot rank: " + e.getMessage());
            }
            out().println("workload " + at + ", SLOs " + slos + " each at its own percentile (predictions of "
                    + stats.stream().map(Statistic::key).collect(Collectors.joining(", ")) + "), "
                    + (c == Compliance.INTERVAL ? "strict: whole intervals must meet them" : "an interval crossing an SLO marks a deployment at risk")
                    + ":");
            if (r.recommended().isEmpty()) {
                out().println("no deployment meets every SLO");
            } else {
                TextTable t = new TextTable("rank", "deployment", "score", "ttft ms", "tpot ms", "e2e ms", "out tok/s", "risk", "basis");
                for (Recommendation rec : r.recommended()) {
                    Alternative a = rec.alternative();
                    t.row(rec.rank(), rec.name(), String.format(Locale.ROOT, "%.3f", rec.score()), v(a, Measure.TTFT),
                            v(a, Measure.TPOT), v(a, Measure.E2E), v(a, Measure.OUTPUT_THROUGHPUT), rec.risky() ? "at risk" : "-",
                            choices.get(rec.name()).basis());
                }
                t.print(out(), ctx().tableWidth());
                for (Recommendation rec : r.recommended()) {
                    rec.atRisk().forEach(k -> out().println("at risk: " + rec.name() + ": " + k));
                }
            }
            if (!r.rejected().isEmpty()) {
                out().println("rejected:");
                TextTable t = new TextTable("deployment", "missed", "predicted", "interval", "confidence");
                for (Rejection j : r.rejected()) {
                    Check k = j.check();
                    t.row(j.name(), j.violated().toString(), Fmt.num(k.value()),
                            Double.isNaN(k.lower()) || k.lower() == k.upper() ? "-" : "[" + Fmt.num(k.lower()) + ", " + Fmt.num(k.upper()) + "]",
                            k.confidence() == null ? (Double.isNaN(k.value()) ? "not predicted" : "measured")
                                    : k.confidence().name().toLowerCase(Locale.ROOT));
                }
                t.print(out(), ctx().tableWidth());
            }
        }
        return Llmbench.OK;
    }

    private static String v(Alternative a, Measure m) {
        return a.value(m).isPresent() ? Fmt.num(a.value(m).getAsDouble()) : "-";
    }
}
