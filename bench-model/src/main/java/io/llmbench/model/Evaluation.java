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

/**
 * Leave-one-out evaluation: for every observation, fit the predictor on the others of its group
 * (deployment), predict the left-out point, and compare. Everything a fit chooses (hyper-parameters,
 * which method per measure, interval calibration) is chosen again inside each fold, so the figures
 * are honest estimates of accuracy on an unmeasured point near measured ones.
 *
 * <pre>{@code
 * AccuracyReport r = Evaluation.leaveOneOut(Predictor.auto(), Map.of("llama-h100", observations));
 * r.accuracy(Measure.TTFT).get().medianApe();   // 0.05 = 5%
 * }</pre>
 *
 * Thread-safe (stateless).
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** Leave-one-out over one group at {@link Predictor#DEFAULT_LEVEL}. */
    public static AccuracyReport leaveOneOut(Predictor predictor, Collection<Observation> observations) {
        return leaveOneOut(predictor, Map.of("all", observations), Predictor.DEFAULT_LEVEL, 1);
    }

    /** Leave-one-out within each group at {@link Predictor#DEFAULT_LEVEL}, one thread. */
    public static AccuracyReport leaveOneOut(Predictor predictor, Map<String, ? extends Collection<Observation>> groups) {
        return leaveOneOut(predictor, groups, Predictor.DEFAULT_LEVEL, 1);
    }

    /**
     * Leave-one-out within each group (observations are never predicted from another group's).
     *
     * @param level   interval level in (0, 1)
     * @param threads groups evaluated in parallel, &gt;= 1
     */
    public static AccuracyReport leaveOneOut(Predictor predictor, Map<String, ? extends Collection<Observation>> groups,
                                             double level, int threads) {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(groups, "groups");
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
            copy.forEach((g, obs) -> group(predictor, g, obs, level, heldOut, skipped));
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
                    group(predictor, g, obs, level, f.heldOut, f.skipped);
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
        return new AccuracyReport(predictor.name(), level, heldOut, skipped);
    }

    private record Fold(List<HeldOut> heldOut, List<String> skipped) {
    }

    private static void group(Predictor predictor, String group, List<Observation> obs, double level,
                              List<HeldOut> heldOut, List<String> skipped) {
        for (int i = 0; i < obs.size(); i++) {
            List<Observation> train = new ArrayList<>(obs.size() - 1);
            for (int j = 0; j < obs.size(); j++) {
                if (j != i) {
                    train.add(obs.get(j));
                }
            }
            Observation o = obs.get(i);
            try {
                FittedModel model = predictor.fit(train);
                heldOut.add(new HeldOut(group, o, model.predict(o.point(), level)));
            } catch (ModelException | IllegalArgumentException e) {
                skipped.add(group + " #" + i + ": " + e.getMessage());
            }
        }
    }
}
