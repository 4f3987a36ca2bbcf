package io.llmbench.examples.cli;

import io.llmbench.core.Slo;
import io.llmbench.model.Alternative;
import io.llmbench.model.Compliance;
import io.llmbench.model.Criterion;
import io.llmbench.model.Measure;
import io.llmbench.model.Point;
import io.llmbench.model.Recommendation;
import io.llmbench.model.RecommendationResult;
import io.llmbench.model.Recommender;
import io.llmbench.model.Rejection;
import io.llmbench.model.Statistic;
import io.llmbench.store.ResultStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench recommend}: the deployments that meet the SLOs for a workload, best first. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommend deployments for a workload under SLOs: predict each deployment at the workload, "
                + "drop those that miss an SLO, rank the rest by TOPSIS.", "",
                "Example: llmbench recommend --input-tokens 1000 --output-tokens 200 --concurrency 16 --slo ttft=500 --slo tpot=40"})
final class RecommendCommand extends ModelCommand {
    @Mixin
    PointOptions point;

    @Option(names = "--slo", paramLabel = "METRIC[:pNN]=LIMIT", description = "SLO every recommendation must meet (repeatable).")
    List<Slo> slos = new ArrayList<>();

    @Option(names = "--weight", paramLabel = "MEASURE=W", description = "Ranking criterion and weight (repeatable; default: the SLOs' measures).")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(names = "--compliance", paramLabel = "point|interval", defaultValue = "interval",
            description = "interval: the pessimistic end of each prediction interval must meet the SLOs (default); point: the central value.")
    Compliance compliance = Compliance.INTERVAL;

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
        Recommender.Builder rb = Recommender.builder().slos(slos).compliance(compliance).limit(limit);
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
        Statistic stat = statistic(slos);
        predictor();
        statistic(List.of());
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            Map<String, RunModels.Fit> fits = fits(store, at, stat);
            reportUnfitted(fits, false);
            Map<String, Analysis.Choice> choices = Analysis.choices(fits, at);
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
            out().println("workload " + at + ", " + statisticName(stat) + " values, SLOs " + slos + ", compliance "
                    + compliance.name().toLowerCase(Locale.ROOT) + ":");
            if (r.recommended().isEmpty()) {
                out().println("no deployment meets every SLO");
            } else {
                TextTable t = new TextTable("rank", "deployment", "score", "ttft ms", "tpot ms", "e2e ms", "out tok/s", "basis");
                for (Recommendation rec : r.recommended()) {
                    Alternative a = rec.alternative();
                    t.row(rec.rank(), rec.name(), String.format(Locale.ROOT, "%.3f", rec.score()), v(a, Measure.TTFT),
                            v(a, Measure.TPOT), v(a, Measure.E2E), v(a, Measure.OUTPUT_THROUGHPUT), choices.get(rec.name()).basis());
                }
                t.print(out());
            }
            if (!r.rejected().isEmpty()) {
                out().println("rejected:");
                TextTable t = new TextTable("deployment", "missed", "value");
                for (Rejection j : r.rejected()) {
                    t.row(j.name(), j.violated().toString(), Fmt.num(j.value()));
                }
                t.print(out());
            }
        }
        return Llmbench.OK;
    }

    private static String v(Alternative a, Measure m) {
        return a.value(m).isPresent() ? Fmt.num(a.value(m).getAsDouble()) : "-";
    }
}
