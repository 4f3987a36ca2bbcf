package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import io.llmbench.model.Alternative;
import io.llmbench.model.BatchJob;
import io.llmbench.model.Candidate;
import io.llmbench.model.Comparison;
import io.llmbench.model.Compliance;
import io.llmbench.model.Constraint;
import io.llmbench.model.Criterion;
import io.llmbench.model.Estimates;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.ModelException;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.Prediction;
import io.llmbench.model.Predictor;
import io.llmbench.model.Pricing;
import io.llmbench.model.Rankings;
import io.llmbench.model.Recommendation;
import io.llmbench.model.RecommendationResult;
import io.llmbench.model.Recommender;
import io.llmbench.model.Rejection;
import io.llmbench.model.Statistic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Predictions, estimates, comparisons, rankings and recommendations over the store's runs. Thread-safe. */
final class ModelApi {
    private static final Set<String> POINT = Set.of("inputTokens", "outputTokens", "concurrency", "rate");
    private static final Set<String> PRICE = Set.of("pricePerGpuHour", "gpuCount");

    private final Fits fits;
    private final Views views;

    ModelApi(Fits fits, Views views) {
        this.fits = fits;
        this.views = views;
    }

    private static Set<String> fields(Set<String> base, String... more) {
        Set<String> s = new HashSet<>(base);
        s.addAll(Arrays.asList(more));
        return s;
    }

    static final Set<String> PREDICT_FIELDS = fields(POINT, "model", "level", "predictor", "statistic");
    static final Set<String> ESTIMATE_FIELDS = fields(PRICE, "model", "requests", "inputTokens", "outputTokens", "concurrency", "rate", "predictor");
    static final Set<String> COMPARE_FIELDS = Set.of("models", "requests", "inputTokens", "outputTokens", "concurrency", "rate", "predictor", "pricing");
    static final Set<String> RANK_FIELDS = fields(POINT, "predictor");
    static final Set<String> RECOMMEND_FIELDS = fields(POINT, "models", "slos", "constraints", "criteria", "limit", "compliance",
            "statistic", "predictor", "pricing");

    /** {@code POST /api/predict}: every measure at a point, with intervals and a confidence. */
    Reply predict(Params p) {
        String model = p.text("model");
        Point point = point(p);
        double level = p.optionalNumber("level", 0).orElse(0.9);
        if (!(level > 0 && level < 1)) {
            throw ApiException.badRequest("level", "level must be a number in (0, 1), but was " + level);
        }
        Predictor predictor = predictor(p);
        FittedModel fitted = fits.model(model, point.traffic().mode(), p.choice("statistic", "mean", Fits.STATISTICS), predictor);
        Prediction prediction = fitted.predict(point, level);
        Observation near = fitted.nearest(point);
        return Reply.ok(views.prediction(model, fitted.predictorName(), fitted.size(), prediction,
                near.source() + " at " + near.point()));
    }

    /** {@code POST /api/estimate}: how long N requests take on a model (and what they cost, given a price). */
    Reply estimate(Params p) {
        String model = p.text("model");
        BatchJob job = job(p);
        Candidate c = Candidate.of(model, fits.model(model, job.traffic().mode(), "mean", predictor(p)));
        if (p.has("pricePerGpuHour")) {
            c = c.withPricing(Pricing.perGpuHour(p.number("pricePerGpuHour", 0), (int) p.integer("gpuCount", 1, 1, 4096)));
        } else if (p.has("gpuCount")) {
            throw ApiException.badRequest("gpuCount", "gpuCount needs pricePerGpuHour, but pricePerGpuHour was missing");
        }
        return Reply.ok(views.estimate(Estimates.timeToProcess(job, c)));
    }

    /** {@code POST /api/compare}: a job on several models, fastest first, with speed-up and time saved against the slowest. */
    Reply compare(Params p) {
        BatchJob job = job(p);
        Predictor predictor = predictor(p);
        Map<String, Pricing> pricing = pricing(p);
        List<Candidate> candidates = new ArrayList<>();
        ArrayNode skipped = views.array();
        for (String model : models(p)) {
            try {
                Candidate c = Candidate.of(model, fits.model(model, job.traffic().mode(), "mean", predictor));
                candidates.add(pricing.containsKey(model) ? c.withPricing(pricing.get(model)) : c);
            } catch (ModelException | IllegalArgumentException e) {
                skip(skipped, model, e);
            }
        }
        ObjectNode o = views.object();
        ArrayNode rows = o.putArray("models");
        if (!candidates.isEmpty()) {
            for (Comparison c : compareSkipping(job, candidates, skipped)) {
                rows.add(views.comparison(c));
            }
        }
        o.set("skipped", skipped);
        return Reply.ok(o);
    }

    private static List<Comparison> compareSkipping(BatchJob job, List<Candidate> candidates, ArrayNode skipped) {
        List<Candidate> ok = new ArrayList<>();
        for (Candidate c : candidates) {
            try {
                Estimates.timeToProcess(job, c);
                ok.add(c);
            } catch (ModelException | IllegalArgumentException e) {
                skip(skipped, c.name(), e);
            }
        }
        return ok.isEmpty() ? List.of() : Estimates.compare(job, ok);
    }

    /**
     * {@code GET /api/rankings[/{measure}]}: models ranked per measure, best first; predicted at a point
     * when one is given, otherwise the mean of each model's measured runs.
     */
    Reply rankings(Params q, String measureKey) {
        Measure only = measureKey == null ? null : measure("measure", measureKey);
        Predictor predictor = predictor(q);
        boolean atPoint = q.has("inputTokens") || q.has("outputTokens") || q.has("concurrency") || q.has("rate");
        Point point = atPoint ? point(q) : null;
        List<Alternative> alternatives = new ArrayList<>();
        ArrayNode skipped = views.array();
        for (String model : fits.models()) {
            try {
                alternatives.add(point != null
                        ? Alternative.predicted(model, fits.model(model, point.traffic().mode(), "mean", predictor).predict(point))
                        : measuredMean(model));
            } catch (ModelException | IllegalArgumentException e) {
                skip(skipped, model, e);
            }
        }
        ObjectNode o = views.object();
        o.put("basis", point != null ? "predicted at " + point : "mean over each model's measured runs");
        ObjectNode rankings = o.putObject("rankings");
        if (only != null) {
            rankings.set(only.key(), views.ranking(only, Rankings.rank(alternatives, only)));
        } else {
            Rankings.rankAll(alternatives).forEach((m, rows) -> rankings.set(m.key(), views.ranking(m, rows)));
        }
        o.set("skipped", skipped);
        return Reply.ok(o);
    }

    /** The mean of each measure over a model's runs (any traffic), as an alternative. */
    private Alternative measuredMean(String model) {
        Map<Measure, double[]> sums = new EnumMap<>(Measure.class);
        for (Traffic.Mode mode : List.of(Traffic.Mode.CONCURRENCY, Traffic.Mode.RATE)) {
            for (Observation ob : fits.observations(model, mode, Statistic.MEAN)) {
                ob.values().forEach((m, v) -> {
                    double[] s = sums.computeIfAbsent(m, k -> new double[2]);
                    s[0] += v;
                    s[1]++;
                });
            }
        }
        if (sums.isEmpty()) {
            throw new IllegalArgumentException("model '" + model + "' must have a run with succeeded requests to be ranked, but has none");
        }
        Map<Measure, Double> means = new EnumMap<>(Measure.class);
        sums.forEach((m, s) -> means.put(m, s[0] / s[1]));
        return Alternative.of(model, means);
    }

    /** {@code POST /api/recommend}: the models that meet every SLO and constraint at a workload, ranked by TOPSIS. */
    Reply recommend(Params p) {
        Point point = point(p);
        Recommender.Builder b = Recommender.builder();
        for (Params s : p.objects("slos", Set.of("metric", "threshold", "percentile"))) {
            Metric metric = metric(s.text("metric"));
            Slo slo = new Slo(metric, s.number("threshold", 0), s.optionalNumber("percentile", 0).orElse(Slo.DEFAULT_PERCENTILE));
            try {
                b.slo(slo);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("slos", "slos metric must be one of ttft, tpot, itl, e2e, user_tps, but was '" + metric.key() + "'");
            }
        }
        for (Params c : p.objects("constraints", Set.of("measure", "min", "max"))) {
            Measure m = measure("constraints.measure", c.text("measure"));
            if (c.has("min") == c.has("max")) {
                throw ApiException.badRequest("constraints", "constraints on " + m.key() + " must have exactly one of min and max, but had "
                        + (c.has("min") ? "both" : "neither"));
            }
            b.constraint(c.has("min") ? Constraint.atLeast(m, c.number("min", -Double.MAX_VALUE))
                    : Constraint.atMost(m, c.number("max", -Double.MAX_VALUE)));
        }
        List<Criterion> criteria = new ArrayList<>();
        for (Params c : p.objects("criteria", Set.of("measure", "weight"))) {
            Measure m = measure("criteria.measure", c.text("measure"));
            double w = c.optionalNumber("weight", 0).orElse(1);
            if (!(w > 0)) {
                throw ApiException.badRequest("criteria.weight", "criteria weight of " + m.key() + " must be a number > 0, but was " + w);
            }
            criteria.add(Criterion.of(m, w));
        }
        b.criteria(criteria.toArray(Criterion[]::new));
        b.limit((int) p.integer("limit", Recommender.DEFAULT_LIMIT, 1, 1000));
        b.compliance(p.choice("compliance", "interval", Set.of("interval", "point")).equals("point") ? Compliance.POINT : Compliance.INTERVAL);
        Recommender recommender;
        try {
            recommender = b.build();
        } catch (IllegalStateException e) {
            throw ApiException.badRequest("slos", "slos, constraints or criteria must be given to recommend, but none were");
        }
        String statistic = p.choice("statistic", "mean", Fits.STATISTICS);
        Predictor predictor = predictor(p);
        Map<String, Pricing> pricing = pricing(p);
        List<Alternative> alternatives = new ArrayList<>();
        ArrayNode skipped = views.array();
        for (String model : models(p)) {
            try {
                Alternative a = Alternative.predicted(model, fits.model(model, point.traffic().mode(), statistic, predictor).predict(point));
                alternatives.add(pricing.containsKey(model) ? a.withCost(pricing.get(model)) : a);
            } catch (ModelException | IllegalArgumentException e) {
                skip(skipped, model, e);
            }
        }
        RecommendationResult result = recommender.recommend(alternatives);
        ObjectNode o = views.object();
        o.set("point", views.point(point));
        o.put("statistic", statistic);
        ArrayNode rec = o.putArray("recommended");
        for (Recommendation r : result.recommended()) {
            ObjectNode x = rec.addObject();
            x.put("rank", r.rank());
            x.put("model", r.name());
            Views.num(x, "score", r.score());
            ObjectNode values = x.putObject("values");
            r.alternative().values().forEach((m, v) -> Views.num(values, m.key(), v));
        }
        ArrayNode rej = o.putArray("rejected");
        for (Rejection r : result.rejected()) {
            ObjectNode x = rej.addObject();
            x.put("model", r.name());
            x.put("violated", r.violated().toString());
            Views.num(x, "value", r.value());
            x.put("message", r.toString());
        }
        o.set("skipped", skipped);
        return Reply.ok(o);
    }

    /** The predictor a request names ({@link Predictor#named}); {@code auto} when it names none. */
    private static Predictor predictor(Params p) {
        try {
            return Predictor.named(p.optionalText("predictor").orElse("auto"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("predictor", e.getMessage());
        }
    }

    private static void skip(ArrayNode skipped, String model, RuntimeException e) {
        ObjectNode s = skipped.addObject();
        s.put("model", model);
        s.put("reason", e.getMessage());
    }

    private List<String> models(Params p) {
        List<String> asked = p.texts("models");
        if (asked.isEmpty()) {
            return fits.models();
        }
        List<String> known = fits.models();
        for (String m : asked) {
            if (!known.contains(m)) {
                throw ApiException.notFound("models must name models with stored runs, but '" + m + "' has none");
            }
        }
        return asked;
    }

    private static Map<String, Pricing> pricing(Params p) {
        Map<String, Pricing> out = new HashMap<>();
        for (Params.Named n : p.namedObjects("pricing", PRICE)) {
            out.put(n.name(), Pricing.perGpuHour(n.params().number("pricePerGpuHour", 0), (int) n.params().integer("gpuCount", 1, 1, 4096)));
        }
        return out;
    }

    private static BatchJob job(Params p) {
        if (!p.has("requests")) {
            throw ApiException.badRequest("requests", "requests must be a whole number >= 1, but was missing");
        }
        long requests = p.integer("requests", 1, 1, Long.MAX_VALUE);
        if (p.has("rate")) {
            if (p.has("concurrency")) {
                throw ApiException.badRequest("rate", "concurrency and rate must not both be given, but both were");
            }
            double rate = p.number("rate", 0);
            if (!(rate > 0)) {
                throw ApiException.badRequest("rate", "rate must be a number > 0 requests/s, but was " + rate);
            }
            return BatchJob.atRate(requests, p.number("inputTokens", 1), p.number("outputTokens", 1), rate);
        }
        return BatchJob.of(requests, p.number("inputTokens", 1), p.number("outputTokens", 1), p.number("concurrency", 1));
    }

    /** The point of a request: tokens and exactly one of concurrency and rate. */
    private static Point point(Params p) {
        double in = p.number("inputTokens", 1);
        double out = p.number("outputTokens", 1);
        if (p.has("concurrency") && p.has("rate")) {
            throw ApiException.badRequest("rate", "concurrency and rate must not both be given, but both were");
        }
        if (p.has("concurrency")) {
            return Point.atConcurrency(in, out, p.number("concurrency", 1));
        }
        if (p.has("rate")) {
            double rate = p.number("rate", 0);
            if (!(rate > 0)) {
                throw ApiException.badRequest("rate", "rate must be a number > 0 requests/s, but was " + rate);
            }
            return Point.atRate(in, out, rate);
        }
        throw ApiException.badRequest("concurrency", "one of concurrency and rate must be given, but neither was");
    }

    private static Measure measure(String field, String key) {
        for (Measure m : Measure.values()) {
            if (m.key().equals(key.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        Set<String> keys = new TreeSet<>();
        for (Measure m : Measure.values()) {
            keys.add(m.key());
        }
        throw ApiException.badRequest(field, field + " must be one of " + keys + ", but was '" + key + "'");
    }

    private static Metric metric(String key) {
        for (Metric m : List.of(Metric.TTFT, Metric.TPOT, Metric.ITL, Metric.E2E, Metric.USER_TPS)) {
            if (m.key().equals(key.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw ApiException.badRequest("slos.metric", "slos metric must be one of [e2e, itl, tpot, ttft, user_tps], but was '" + key + "'");
    }
}
