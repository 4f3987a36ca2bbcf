package io.llmbench.examples.cli;

import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import io.llmbench.model.Measure;
import io.llmbench.model.Point;
import io.llmbench.model.Predictor;
import io.llmbench.model.Statistic;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoredRun;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code predict}, {@code estimate}, {@code compare}, {@code rank} and {@code recommend} share. */
abstract class ModelCommand extends Cmd {
    @Mixin
    RunFilter filter;

    @Option(names = "--group-by", paramLabel = "endpoint|model", defaultValue = "endpoint",
            description = "One deployment per endpoint name (default) or per model id.")
    RunModels.GroupBy groupBy = RunModels.GroupBy.ENDPOINT;

    @Option(names = "--predictor", paramLabel = "auto|physical|knn|linear", defaultValue = "auto",
            description = "How to predict unmeasured workloads (default ${DEFAULT-VALUE}: chosen per measure by held-out error; "
                    + "aliases such as nearest, neighbour, knn3, kriging are accepted).")
    String predictor = "auto";

    @Option(names = "--statistic", paramLabel = "mean|p05|p50|p95|p99",
            description = "Which statistic of each run is fitted and predicted (default: mean; recommend checks each SLO at its own percentile).")
    String statistic;

    @Mixin
    StoreOptions storeOptions;

    /** The runs the filters select, grouped by deployment. */
    Map<String, List<StoredRun>> groups(ResultStore store) {
        return RunModels.group(filter.runs(store), groupBy);
    }

    Predictor predictor() {
        return RunModels.predictor(predictor);
    }

    /** The statistic: given, or the one percentile all SLOs share (50, 95, 99), or the mean. */
    Statistic statistic(List<Slo> slos) {
        if (statistic != null) {
            return RunModels.statistic(statistic);
        }
        List<Double> ps = slos.stream().map(Slo::percentile).distinct().toList();
        if (ps.size() == 1) {
            double p = ps.get(0);
            if (p == 50) {
                return Statistic.P50;
            }
            if (p == 95) {
                return Statistic.P95;
            }
            if (p == 99) {
                return Statistic.P99;
            }
        }
        return Statistic.MEAN;
    }

    /** RunModels every selected deployment in the point's traffic mode. */
    Map<String, RunModels.Fit> fits(ResultStore store, Point at, Statistic s) {
        Traffic.Mode mode = at == null || at.traffic() == null ? null : RunModels.mode(at.traffic());
        return RunModels.fitAll(groups(store), predictor(), s, mode);
    }

    static String statisticName(Statistic s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static String measures(Map<Measure, ?> values) {
        return values.keySet().stream().map(Measure::key).collect(Collectors.joining(", "));
    }

    /** Prints why deployments could not be fitted; an error when none could. */
    void reportUnfitted(Map<String, RunModels.Fit> fits, boolean needAll) {
        long fitted = fits.values().stream().filter(f -> f.model() != null).count();
        for (RunModels.Fit f : fits.values()) {
            if (f.model() == null) {
                err().println("note: " + f.name() + " has no model: " + f.problem());
            }
        }
        if (needAll && fitted == 0) {
            throw new CliException("no deployment could be fitted; " + fits.values().iterator().next().problem());
        }
    }

    /** RunModels every stored deployment (means, concurrency mode) and turns the fits into candidates for a job. */
    List<io.llmbench.model.Candidate> fittedCandidates(ResultStore store, JobOptions jobOptions, io.llmbench.model.BatchJob job) {
        Map<String, List<StoredRun>> groups = groups(store);
        Map<String, RunModels.Fit> fits = RunModels.fitAll(groups, predictor(), Statistic.MEAN, Traffic.Mode.CONCURRENCY);
        reportUnfitted(fits, false);
        return jobOptions.candidates(fits, groups, job);
    }
}
