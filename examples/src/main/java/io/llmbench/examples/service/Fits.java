package io.llmbench.examples.service;

import io.llmbench.core.Traffic;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import io.llmbench.model.Statistic;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fitted models per (model, traffic mode, statistic, predictor), built from the store's runs on
 * first use and kept until the store changes ({@link #invalidate()} on upload and delete). Fitting
 * runs leave-one-out evaluations, so caching is what keeps predictions fast. Thread-safe.
 */
final class Fits {
    /** Statistics a request may name. */
    static final Set<String> STATISTICS = Set.of("mean", "p05", "p50", "p95", "p99");

    private record Key(String model, Traffic.Mode mode, Statistic statistic, String predictor) {
    }

    private final ResultStore store;
    private final Map<Key, FittedModel> cache = new ConcurrentHashMap<>();

    Fits(ResultStore store) {
        this.store = store;
    }

    /** Forgets every fitted model. */
    void invalidate() {
        cache.clear();
    }

    /** The model ids in the store, sorted. */
    List<String> models() {
        return store.models().stream().map(ModelSummary::model).toList();
    }

    /**
     * The fitted model of one model's runs under one traffic mode (sequential runs count as
     * concurrency 1).
     *
     * @throws ApiException 404 when the model has no runs
     * @throws io.llmbench.model.InsufficientDataException when its runs cannot be fitted
     */
    FittedModel model(String model, Traffic.Mode mode, String statistic, Predictor predictor) {
        Key key = new Key(model, mode, Statistic.valueOf(statistic.toUpperCase(Locale.ROOT)), predictor.name());
        FittedModel cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        FittedModel fitted = predictor.fit(observations(model, mode, key.statistic()));
        cache.put(key, fitted);
        return fitted;
    }

    /**
     * The runs of a model under a traffic mode that have succeeded requests, as observations; when it
     * has none in that mode, those of the other mode (the fitted model converts by Little's law).
     */
    List<Observation> observations(String model, Traffic.Mode mode, Statistic statistic) {
        List<Observation> out = inMode(model, mode, statistic);
        if (out.isEmpty()) {
            out = inMode(model, mode == Traffic.Mode.RATE ? Traffic.Mode.CONCURRENCY : Traffic.Mode.RATE, statistic);
        }
        return out;
    }

    private List<Observation> inMode(String model, Traffic.Mode mode, Statistic statistic) {
        List<StoredRun> runs = store.runs(RunQuery.builder().model(model).build());
        if (runs.isEmpty()) {
            throw ApiException.notFound("model must be one with stored runs, but '" + model + "' has none");
        }
        List<Observation> out = new ArrayList<>();
        for (StoredRun r : runs) {
            Traffic.Mode m = r.result().run().traffic().mode();
            if (m == Traffic.Mode.SEQUENTIAL) {
                m = Traffic.Mode.CONCURRENCY;
            }
            if (m == mode && r.result().job().succeeded() > 0) {
                out.add(Observation.from(r.result(), statistic));
            }
        }
        return out;
    }

}
