package io.llmbench.examples.service;

import io.llmbench.core.Traffic;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import io.llmbench.model.Statistic;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.StoredRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Fitted models per (model, traffic mode, statistic, predictor), built from the store's runs on
 * first use and kept in the service's {@link Cache} until the store changes. Fitting
 * runs leave-one-out evaluations, so caching is what keeps predictions fast. Thread-safe.
 */
final class Fits {
    /** Statistics a request may name. */
    static final Set<String> STATISTICS = Set.of("mean", "p05", "p50", "p95", "p99");

    private record Key(String model, Traffic.Mode mode, Statistic statistic, String predictor) {
    }

    private final Cache cache;
    private final Supplier<List<ModelSummary>> summaries;
    private final Function<String, List<StoredRun>> runs;

    /**
     * @param cache     where fitted models are kept until the store changes
     * @param summaries the store's models (cached)
     * @param runs      a model's runs (cached)
     */
    Fits(Cache cache, Supplier<List<ModelSummary>> summaries, Function<String, List<StoredRun>> runs) {
        this.cache = cache;
        this.summaries = summaries;
        this.runs = runs;
    }

    /** The model ids in the store, sorted. */
    List<String> models() {
        return summaries.get().stream().map(ModelSummary::model).toList();
    }

    /** The traffic mode most of a model's runs used: rate when more ran at a rate, concurrency otherwise. */
    Traffic.Mode commonMode(String model) {
        List<StoredRun> runs = runsOf(model);
        long rate = runs.stream().filter(r -> r.result().run().traffic().mode() == Traffic.Mode.RATE).count();
        return rate * 2 > runs.size() ? Traffic.Mode.RATE : Traffic.Mode.CONCURRENCY;
    }

    private List<StoredRun> runsOf(String model) {
        List<StoredRun> runs = this.runs.apply(model);
        if (runs.isEmpty()) {
            throw ApiException.notFound("model must be one with stored runs, but '" + Views.shorten(model) + "' has none");
        }
        return runs;
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
        return cache.get(key.toString(), () -> predictor.fit(observations(model, mode, key.statistic())));
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
        List<StoredRun> runs = runsOf(model);
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
