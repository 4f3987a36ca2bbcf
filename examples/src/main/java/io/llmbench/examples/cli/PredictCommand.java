package io.llmbench.examples.cli;

import io.llmbench.model.Accuracy;
import io.llmbench.model.AccuracyReport;
import io.llmbench.model.Evaluation;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import io.llmbench.model.Predictor;
import io.llmbench.model.Statistic;
import io.llmbench.store.ResultStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench predict}: every metric for a workload nobody measured. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict TTFT, TPOT, ITL, E2E latency, per-request speed and throughput for a workload, "
                + "from the stored runs of each deployment, with an interval and a confidence level.", "",
                "Example: llmbench predict --endpoint fast-small --input-tokens 1500 --output-tokens 300 --concurrency 8 --evaluate"})
final class PredictCommand extends ModelCommand {
    @Mixin
    PointOptions point;

    @Option(names = "--level", paramLabel = "P", defaultValue = "0.9", description = "Interval level in (0, 1) (default ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--evaluate", description = "Also report each predictor's leave-one-out error on these runs.")
    boolean evaluate;

    @Override
    int execute() {
        if (!(level > 0 && level < 1)) {
            throw CliException.badFlag("--level", "must be in (0, 1), but was " + level);
        }
        Point at = point.point();
        predictor();
        Statistic stat = statistic(List.of());
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            Map<String, RunModels.Fit> fits = fits(store, at, stat);
            reportUnfitted(fits, true);
            for (RunModels.Fit f : fits.values()) {
                if (f.model() != null) {
                    print(f, at, stat);
                }
            }
            if (evaluate) {
                evaluate(fits);
            }
        }
        return Llmbench.OK;
    }

    private void print(RunModels.Fit f, Point at, Statistic stat) {
        FittedModel m = f.model();
        Prediction p;
        try {
            p = m.predict(at, level);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(f.name() + ": " + e.getMessage() + hint(m));
        }
        out().printf(Locale.ROOT, "%s at %s: %s confidence (%s of %d runs, %s predictor, %.0f%% intervals)%n", f.name(), at,
                p.confidence().name().toLowerCase(Locale.ROOT), statisticName(stat), m.size(), m.predictorName(), 100 * level);
        out().println("why: " + p.reason());
        if (p.saturation() != null) {
            out().println(p.saturation());
        }
        TextTable t = new TextTable("measure", "predicted", "lower", "upper", "unit", "confidence", "method");
        for (PredictedValue v : p.values().values()) {
            t.row(v.measure().key(), Fmt.num(v.value()), Fmt.num(v.lower()), Fmt.num(v.upper()), v.measure().unitSymbol(),
                    v.confidence().name().toLowerCase(Locale.ROOT), m.methods().getOrDefault(v.measure(), ""));
        }
        t.print(out(), ctx().tableWidth());
        Observation near = m.nearest(at);
        out().println("nearest measurement: " + near.source() + " at " + near.point());
        out().println();
    }

    private static String hint(FittedModel m) {
        if (m.trafficMode().isPresent()) {
            return m.trafficMode().get() == io.llmbench.core.Traffic.Mode.RATE ? " (add --rate REQ/S)" : " (add --concurrency N)";
        }
        return m.fixedTraffic().map(t -> " (the runs were all at " + t + ")").orElse("");
    }

    private void evaluate(Map<String, RunModels.Fit> fits) {
        Map<String, List<Observation>> groups = new LinkedHashMap<>();
        fits.values().stream().filter(f -> f.model() != null).forEach(f -> groups.put(f.name(), f.observations()));
        Map<String, Predictor> predictors = new LinkedHashMap<>();
        Predictor.names().forEach(n -> predictors.put(n, Predictor.named(n)));
        out().println("leave-one-out evaluation over " + groups.keySet() + " (error = |predicted - actual| / actual):");
        TextTable t = new TextTable("predictor", "measure", "folds", "median error", "p90 error", "coverage", "p90 upper/lower");
        for (Map.Entry<String, Predictor> e : predictors.entrySet()) {
            AccuracyReport r = Evaluation.leaveOneOut(e.getValue(), groups);
            for (Map.Entry<Measure, Accuracy> a : r.accuracy().entrySet()) {
                Accuracy acc = a.getValue();
                t.row(e.getKey(), a.getKey().key(), acc.count(), Fmt.pct(acc.medianApe()), Fmt.pct(acc.p90Ape()),
                        Fmt.pct(acc.coverage()), Fmt.num(acc.p90WidthRatio()));
            }
        }
        t.print(out(), ctx().tableWidth());
        out().println("(coverage: share of held-out runs inside their " + Math.round(100 * Predictor.DEFAULT_LEVEL) + "% interval)");
    }
}
