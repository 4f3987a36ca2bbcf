package io.llmbench.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;

/**
 * Held-out evaluation: within each group (deployment), fit the predictor on some runs, predict the
 * others, compare. {@link Split#LEAVE_ONE_OUT} measures accuracy near measured points; the other
 * splits measure extrapolation (to heavier load, longer inputs, longer outputs). Everything a fit
 * chooses (settings, which method per measure, interval calibration) is chosen again inside each
 * fold, so nothing about a held-out run leaks into its prediction.
 *
 * <pre>{@code
 * AccuracyReport r = Evaluation.leaveOneOut(Predictor.auto(), Map.of("llama-h100", observations));
 * r.accuracy(Measure.TTFT).get().medianApe();   // 0.05 = 5%
 * AccuracyReport x = Evaluation.evaluate(Predictor.auto(), groups, Split.UPPER_TRAFFIC, 0.9, 2);
 * x.accuracy(Measure.TTFT, Confidence.HIGH);    // how the HIGH values fared
 * }</pre>
 *
 * Thread-safe (stateless).
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** Leave-one-out over one group at {@link Predictor#DEFAULT_LEVEL}. */
    public static AccuracyReport leaveOneOut(Predictor predictor, Collection<Observation> observations) {
        return evaluate(predictor, Map.of("all", observations), Split.LEAVE_ONE_OUT, Predictor.DEFAULT_LEVEL, 1);
    }

    /** Leave-one-out within each group at {@link Predictor#DEFAULT_LEVEL}, one thread. */
    public static AccuracyReport leaveOneOut(Predictor predictor, Map<String, ? extends Collection<Observation>> groups) {
        return evaluate(predictor, groups, Split.LEAVE_ONE_OUT, Predictor.DEFAULT_LEVEL, 1);
    }

    /** Leave-one-out within each group. */
    public static AccuracyReport leaveOneOut(Predictor predictor, Map<String, ? extends Collection<Observation>> groups,
                                             double level, int threads) {
        return evaluate(predictor, groups, Split.LEAVE_ONE_OUT, level, threads);
    }

    /**
     * Evaluates within each group (runs are never predicted from another group's). A group the
     * split does not apply to (e.g. one traffic level for {@link Split#UPPER_TRAFFIC}) is listed
     * in {@link AccuracyReport#skipped()}.
     *
     * @param level   interval level in (0, 1)
     * @param threads groups evaluated in parallel, &gt;= 1
     */
    public static AccuracyReport evaluate(Predictor predictor, Map<String, ? extends Collection<Observation>> groups, Split split,
                                          double level, int threads) {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(split, "split");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
        Map<String, List<Observation>> copy = new LinkedHashMap<>();
        groups.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "group name"), List.copyOf(v)));
        List<HeldOut> heldOut = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (threads == 1) {
            copy.forEach((g, obs) -> group(predictor, g, obs, split, level, heldOut, skipped));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "llmbench-evaluation");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Fold>> futures = new ArrayList<>();
                copy.forEach((g, obs) -> futures.add(pool.submit(() -> {
                    Fold f = new Fold(new ArrayList<>(), new ArrayList<>());
                    group(predictor, g, obs, split, level, f.heldOut, f.skipped);
                    return f;
                })));
                for (Future<Fold> f : futures) {
                    Fold fold = f.get();
                    heldOut.addAll(fold.heldOut);
                    skipped.addAll(fold.skipped);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("evaluation was interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new ModelException("evaluation failed: " + c, c);
            } finally {
                pool.shutdownNow();
            }
        }
        return new AccuracyReport(predictor.name(), split, level, heldOut, skipped);
    }

    private record Fold(List<HeldOut> heldOut, List<String> skipped) {
    }

    private static void group(Predictor predictor, String group, List<Observation> obs, Split split, double level,
                              List<HeldOut> heldOut, List<String> skipped) {
        if (split == Split.LEAVE_ONE_OUT) {
            for (int i = 0; i < obs.size(); i++) {
                List<Observation> train = new ArrayList<>(obs);
                train.remove(i);
                predict(predictor, group + " #" + i, group, train, List.of(obs.get(i)), level, heldOut, skipped);
            }
            return;
        }
        ToDoubleFunction<Observation> key = switch (split) {
            case UPPER_TRAFFIC -> o -> o.point().traffic() == null ? Double.NaN : o.point().traffic().level();
            case LONGEST_INPUT -> o -> o.point().inputTokens();
            default -> o -> o.point().outputTokens();
        };
        List<Double> distinct = distinct(obs, key);
        if (distinct.size() < 2) {
            skipped.add(group + ": " + split.description() + " needs two or more values, but the runs have "
                    + (distinct.isEmpty() ? "no traffic level" : "one"));
            return;
        }
        double edge = split == Split.UPPER_TRAFFIC ? distinct.get((distinct.size() + 1) / 2 - 1) : distinct.get(distinct.size() - 2);
        List<Observation> train = new ArrayList<>();
        List<Observation> test = new ArrayList<>();
        for (Observation o : obs) {
            (key.applyAsDouble(o) <= edge * (1 + Predictor.MIN_RELATIVE_SPREAD) ? train : test).add(o);
        }
        predict(predictor, group, group, train, test, level, heldOut, skipped);
    }

    private static void predict(Predictor predictor, String label, String group, List<Observation> train, List<Observation> test,
                                double level, List<HeldOut> heldOut, List<String> skipped) {
        FittedModel model;
        try {
            model = predictor.fit(train);
        } catch (ModelException | IllegalArgumentException e) {
            skipped.add(label + ": " + e.getMessage());
            return;
        }
        for (Observation o : test) {
            try {
                heldOut.add(new HeldOut(group, o, model.predict(o.point(), level)));
            } catch (IllegalArgumentException e) {
                skipped.add(label + ": " + e.getMessage());
            }
        }
    }

    /** The distinct values of a coordinate, values within 5% of the previous one merged (the first of each cluster kept). */
    private static List<Double> distinct(List<Observation> obs, ToDoubleFunction<Observation> key) {
        double[] v = obs.stream().mapToDouble(key).filter(d -> !Double.isNaN(d)).sorted().toArray();
        List<Double> out = new ArrayList<>();
        for (double d : v) {
            if (out.isEmpty() || d > out.get(out.size() - 1) * (1 + Predictor.MIN_RELATIVE_SPREAD)) {
                out.add(d);
            }
        }
        return out;
    }
}
