package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Traffic;
import io.llmbench.model.FittedModel;
import io.llmbench.model.InsufficientDataException;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.Predictor;
import io.llmbench.model.Statistic;
import io.llmbench.store.StoredRun;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns stored runs into what bench-model works on: observations per deployment (grouped by
 * endpoint name or model), fitted models, alternatives. Stateless.
 */
final class RunModels {
    /** How runs are grouped into deployments. */
    enum GroupBy {
        /** By endpoint (deployment) name: one deployment per name. */
        ENDPOINT,
        /** By model id, whatever endpoint served it. */
        MODEL
    }

    /** A deployment's fit: the model, or why there is none. */
    record Fit(String name, List<Observation> observations, FittedModel model, String problem) {
        Optional<FittedModel> fitted() {
            return Optional.ofNullable(model);
        }
    }

    private RunModels() {
    }

    static Function<EndpointResult, String> key(GroupBy by) {
        return by == GroupBy.MODEL ? r -> r.deployment().model() : EndpointResult::name;
    }

    /** Runs grouped by deployment, names sorted; each group oldest first. */
    static Map<String, List<StoredRun>> group(Collection<StoredRun> runs, GroupBy by) {
        Function<EndpointResult, String> key = key(by);
        Map<String, List<StoredRun>> groups = new TreeMap<>();
        runs.stream().sorted(Comparator.comparing((StoredRun r) -> r.result().run().startedAt()))
                .forEach(r -> groups.computeIfAbsent(key.apply(r.result()), k -> new ArrayList<>()).add(r));
        return groups;
    }

    /** Folds sequential into concurrency 1, as the model layer does. */
    static Traffic.Mode mode(Traffic t) {
        return t.mode() == Traffic.Mode.SEQUENTIAL ? Traffic.Mode.CONCURRENCY : t.mode();
    }

    /** The traffic mode most runs used (concurrency on a tie). */
    static Traffic.Mode commonMode(Collection<StoredRun> runs) {
        Map<Traffic.Mode, Integer> n = new EnumMap<>(Traffic.Mode.class);
        runs.forEach(r -> n.merge(mode(r.result().run().traffic()), 1, Integer::sum));
        return n.getOrDefault(Traffic.Mode.RATE, 0) > n.getOrDefault(Traffic.Mode.CONCURRENCY, 0)
                ? Traffic.Mode.RATE : Traffic.Mode.CONCURRENCY;
    }

    /** Observations of the runs in one traffic mode (null: all), each named by its run id; runs without successes are left out. */
    static List<Observation> observations(Collection<StoredRun> runs, Statistic statistic, Traffic.Mode mode) {
        List<Observation> out = new ArrayList<>();
        for (StoredRun r : runs) {
            if (r.result().job().succeeded() <= 0) {
                continue;
            }
            if (mode != null && mode(r.result().run().traffic()) != mode) {
                continue;
            }
            Observation o = Observation.from(r.result(), statistic);
            out.add(new Observation("run " + r.id(), o.point(), o.values()));
        }
        return out;
    }

    /**
     * Fits one deployment on its runs in a traffic mode, or in its common mode when it has none in
     * that one (its model converts between concurrency and rate by Little's law); a lack of data is
     * reported, not thrown.
     */
    static Fit fit(String name, Collection<StoredRun> runs, Predictor predictor, Statistic statistic, Traffic.Mode mode) {
        List<Observation> obs = observations(runs, statistic, mode);
        if (obs.isEmpty() && mode != null) {
            obs = observations(runs, statistic, commonMode(runs));
        }
        if (obs.isEmpty()) {
            return new Fit(name, obs, null, "no run with succeeded requests");
        }
        try {
            return new Fit(name, obs, predictor.fit(obs), null);
        } catch (InsufficientDataException e) {
            return new Fit(name, obs, null, e.getMessage());
        }
    }

    /** Fits every group; the mode is the one given or, per group, the common one. */
    static Map<String, Fit> fitAll(Map<String, List<StoredRun>> groups, Predictor predictor, Statistic statistic,
                                   Traffic.Mode mode) {
        Map<String, Fit> fits = new LinkedHashMap<>();
        groups.forEach((name, runs) -> fits.put(name, fit(name, runs, predictor, statistic,
                mode != null ? mode : commonMode(runs))));
        return fits;
    }

    /** The predictor a {@code --predictor} value names ({@link Predictor#named}). */
    static Predictor predictor(String name) {
        try {
            return Predictor.named(name);
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag("--predictor", e.getMessage());
        }
    }

    /** The statistic for a name: mean, p50, p95, p99. */
    static Statistic statistic(String name) {
        for (Statistic s : Statistic.values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw CliException.badFlag("--statistic", "must be one of mean, p05, p50, p95, p99, but was '" + name + "'");
    }

    /** The observation nearest a point in log token space (and level, when both have one). */
    static Observation nearest(List<Observation> obs, Point p) {
        Observation best = null;
        double bestD = Double.POSITIVE_INFINITY;
        for (Observation o : obs) {
            double d = sq(Math.log(o.point().inputTokens() / p.inputTokens()))
                    + sq(Math.log(o.point().outputTokens() / p.outputTokens()));
            if (o.point().traffic() != null && p.traffic() != null) {
                d += sq(Math.log(o.point().traffic().level() / p.traffic().level()));
                if (mode(o.point().traffic()) != mode(p.traffic())) {
                    d += 100;
                }
            }
            if (d < bestD) {
                bestD = d;
                best = o;
            }
        }
        return best;
    }

    private static double sq(double v) {
        return v * v;
    }
}
