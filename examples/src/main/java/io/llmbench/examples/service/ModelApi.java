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
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import io.llmbench.model.Predictor;
import io.llmbench.model.Pricing;
import io.llmbench.model.Ranked;
import io.llmbench.model.Rankings;
import io.llmbench.model.Recommendation;
import io.llmbench.model.RecommendationResult;
import io.llmbench.model.Recommender;
import io.llmbench.model.Rejection;
import io.llmbench.model.Statistic;
import io.llmbench.report.HtmlReport;
import io.llmbench.report.PredictionCurve;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Predictions, estimates, comparisons, rankings and recommendations over the store's runs. Thread-safe. */
final class ModelApi {
    private static final Set<String> PRICE = Set.of("pricePerGpuHour", "gpuCount");
    /** The dimensions a prediction curve may vary. */
    static final List<String> CURVE_DIMENSIONS = List.of("inputTokens", "outputTokens", "concurrency", "rate");
    /** Points on a prediction curve at most. */
    static final int MAX_CURVE_STEPS = 200;
    /** The seed tools' ranking metrics and the measures they mean. */
    static final Map<String, Measure> SEED_METRICS = seedMetrics();
    /** The seed tools' prediction methods that name one of ours. */
    private static final List<Statistic> SEED_STATISTICS = List.of(Statistic.MEAN, Statistic.P50, Statistic.P95, Statistic.P99);
    private static final Map<Measure, String> SEED_MEASURES = Map.of(Measure.TTFT, "ttft", Measure.USER_TPS, "user_tps", Measure.E2E, "e2e");

    private final Fits fits;
    private final Views views;
    private final Cache cache;

    ModelApi(Fits fits, Views views, Cache cache) {
        this.fits = fits;
        this.views = views;
        this.cache = cache;
    }

    private static Map<String, Measure> seedMetrics() {
        Map<String, Measure> m = new LinkedHashMap<>();
        m.put("ttft", Measure.TTFT);
        m.put("tps", Measure.USER_TPS);
        m.put("e2e_latency", Measure.E2E);
        m.put("rps", Measure.REQUEST_THROUGHPUT);
        return Collections.unmodifiableMap(m);
    }

    List<Route> routes() {
        String point = " The point is inputTokens, outputTokens and exactly one of concurrency and rate.";
        return List.of(
                Route.post("/api/predict").tag("model").summary("Predicts every measure of a model at a point, with intervals and a confidence")
                        .description("Fitted on the model's stored runs in the point's traffic mode (sequential runs count as "
                                + "concurrency 1)." + point).json("PredictRequest").ok("Prediction")
                        .response(404, "the model has no stored runs", "Error")
                        .response(422, "the model's runs cannot be fitted (too few, no variation)", "Error")
                        .handler(c -> predict(c.json())),
                Route.post("/api/predict/curve").tag("model").summary("A measure's prediction over one varied dimension, with its band and the measured points")
                        .description("The other dimensions stay at the point's values; measured runs within 25% of them in every "
                                + "other dimension are overlaid." + point).json("CurveRequest").ok("Curve")
                        .response(404, "the model has no stored runs", "Error")
                        .response(422, "the model's runs cannot be fitted", "Error")
                        .handler(c -> curve(c.json())),
                Route.post("/api/estimate").tag("model").summary("How long N requests take on a model, and what they cost given a price")
                        .json("EstimateRequest").ok("Estimate").response(404, "the model has no stored runs", "Error")
                        .handler(c -> estimate(c.json())),
                Route.post("/api/compare").tag("model").summary("A job on several models, fastest first, with speed-up and time saved against the slowest")
                        .json("CompareRequest").ok("Comparisons").response(404, "a named model has no stored runs", "Error")
                        .handler(c -> compare(c.json())),
                rankingRoute(Route.get("/api/rankings").summary("Models ranked per measure, best first"), false),
                rankingRoute(Route.get("/api/rankings/{measure}").summary("Models ranked by one measure, best first")
                        .pathParam("measure", "a measure key: ttft, tpot, itl, e2e, user_tps, output_throughput, request_throughput"), true),
                Route.post("/api/recommend").tag("model").summary("The models that meet every SLO and constraint at a workload, ranked by TOPSIS")
                        .json("RecommendRequest").ok("Recommendation").handler(c -> recommend(c.json())),
                Route.post("/api/benchmarks/modeling/predict").tag("seed tools").summary("The seed upload tool's prediction: mean and percentiles with a high/medium/low confidence")
                        .description("traffic_level is the concurrency or rate (whichever most of the model's runs used); without it the "
                                + "level of the nearest measured run is used. method: auto_detect (auto), linear, knn or physical.")
                        .json("SeedPredictRequest").ok("SeedPrediction")
                        .response(404, "the model has no stored runs", "Error").response(422, "the model's runs cannot be fitted", "Error")
                        .handler(c -> seedPredict(c.json())),
                Route.get("/api/v1/benchmarks/rankings").tag("seed tools").summary("The seed ranking service's rankings: every metric, mean over each model's runs")
                        .ok("SeedRankings").handler(c -> {
                            c.query();
                            return seedRankings(null);
                        }),
                Route.get("/api/v1/benchmarks/rankings/{metric}").tag("seed tools").summary("The seed ranking service's ranking for one metric")
                        .pathParam("metric", "ttft, tps (per-request decode tokens/s), e2e_latency or rps")
                        .ok("SeedRanking").handler(c -> {
                            c.query();
                            return seedRankings(c.path("metric"));
                        }));
    }

    private Route rankingRoute(Route.Builder b, boolean one) {
        return b.tag("model")
                .description("Predicted at a point when inputTokens and outputTokens (and concurrency or rate) are given, otherwise "
                        + "the mean of each model's measured runs. Cached until the store changes.")
                .query("inputTokens", "number", "input tokens of the point")
                .query("outputTokens", "number", "output tokens of the point")
                .query("concurrency", "number", "concurrency of the point")
                .query("rate", "number", "request rate of the point, requests/s")
                .query("predictor", "string", "auto, linear, knn or physical; default auto")
                .ok("Rankings").handler(c -> {
                    Params q = c.query();
                    String measure = one ? c.path("measure") : null;
                    return cache.get("rankings " + measure + " " + c.context().queryString(), () -> views.encoded(rankings(q, measure)));
                });
    }

    /** {@code POST /api/predict}: every measure at a point, with intervals and a confidence. */
    Reply predict(Params p) {
        String model = p.text("model");
        Point point = point(p);
        double level = level(p);
        Predictor predictor = predictor(p);
        FittedModel fitted = fits.model(model, point.traffic().mode(), p.choice("statistic", "mean", Fits.STATISTICS), predictor);
        Prediction prediction = fitted.predict(point, level);
        Observation near = fitted.nearest(point);
        return Reply.ok(views.prediction(model, fitted.predictorName(), fitted.size(), prediction,
                near.source() + " at " + near.point()));
    }

    /**
     * {@code POST /api/predict/curve}: one measure predicted over one dimension from {@code from} to
     * {@code to} (default: the measured range, widened by half on each side), with its interval band,
     * each point's confidence and the measured runs near the curve.
     */
    Reply curve(Params p) {
        String model = p.text("model");
        Point base = point(p);
        String vary = p.optionalText("vary").orElse("outputTokens");
        String varyKey = CURVE_DIMENSIONS.stream().filter(d -> d.equalsIgnoreCase(vary.trim())).findFirst()
                .orElseThrow(() -> ApiException.badRequest("vary", "vary must be one of " + CURVE_DIMENSIONS + ", but was '"
                        + Views.shorten(vary) + "'"));
        boolean rateMode = base.traffic().mode() == Traffic.Mode.RATE;
        if ((varyKey.equals("rate") && !rateMode) || (varyKey.equals("concurrency") && rateMode)) {
            throw ApiException.badRequest("vary", "vary must be a dimension of the point (inputTokens, outputTokens or "
                    + (rateMode ? "rate" : "concurrency") + "), but was '" + varyKey + "'");
        }
        Measure measure = measure("measure", p.optionalText("measure").orElse("e2e"));
        double level = level(p);
        String statistic = p.choice("statistic", "mean", Fits.STATISTICS);
        FittedModel fitted = fits.model(model, base.traffic().mode(), statistic, predictor(p));
        List<Observation> observations = fits.observations(model, base.traffic().mode(), Statistic.valueOf(statistic.toUpperCase(Locale.ROOT)));
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Observation o : observations) {
            lo = Math.min(lo, coordinate(o.point(), varyKey));
            hi = Math.max(hi, coordinate(o.point(), varyKey));
        }
        double from = p.optionalNumber("from", Double.MIN_VALUE).orElse(Math.max(1, lo / 2));
        double to = p.optionalNumber("to", Double.MIN_VALUE).orElse(Math.max(from * 2, hi * 1.5));
        if (!(to > from)) {
            throw ApiException.badRequest("to", "to must be greater than from (" + from + "), but was " + to);
        }
        int steps = (int) p.integer("steps", 40, 2, MAX_CURVE_STEPS);
        ArrayNode pts = views.array();
        List<PredictionCurve.BandPoint> band = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            double x = from * Math.pow(to / from, i / (double) (steps - 1));
            Prediction pr = fitted.predict(at(base, varyKey, x), level);
            PredictedValue v = pr.find(measure).orElseThrow(() -> new ModelException("model '" + model + "' has no "
                    + measure.key() + " figures to predict, but the curve asked for them"));
            ObjectNode o = pts.addObject();
            o.put("x", x);
            Views.num(o, "value", v.value());
            Views.num(o, "lower", v.lower());
            Views.num(o, "upper", v.upper());
            o.put("confidence", pr.confidence().name());
            if (Double.isFinite(v.value())) {
                band.add(new PredictionCurve.BandPoint(x, v.value(), v.lower(), v.upper()));
            }
        }
        List<PredictionCurve.BandPoint> near = new ArrayList<>();
        ArrayNode measured = views.array();
        for (Observation o : observations) {
            if (nearCurve(o.point(), base, varyKey) && o.value(measure).isPresent()) {
                double x = coordinate(o.point(), varyKey);
                double y = o.value(measure).getAsDouble();
                near.add(PredictionCurve.BandPoint.of(x, y));
                ObjectNode m = measured.addObject();
                m.put("x", x);
                m.put("y", y);
                m.put("source", o.source());
            }
        }
        String unit = measure.unitSymbol();
        PredictionCurve chart = new PredictionCurve(measure.key() + " " + statistic + " of " + model + " against " + varyKey,
                varyKey, measure.key() + " " + statistic + " (" + unit + ")",
                List.of(new PredictionCurve.Series(model + " (" + fitted.predictorName() + ", " + Math.round(level * 100) + "% band)",
                        band, near)));
        ObjectNode o = views.object();
        o.put("model", model);
        o.put("measure", measure.key());
        o.put("unit", unit);
        o.put("vary", varyKey);
        o.put("predictor", fitted.predictorName());
        o.put("level", level);
        o.set("points", pts);
        o.set("measured", measured);
        o.set("charts", views.parse(HtmlReport.builder().prediction(chart).build().chartsJson()));
        return Reply.ok(o);
    }

    private static double coordinate(Point p, String dimension) {
        return switch (dimension) {
            case "inputTokens" -> p.inputTokens();
            case "outputTokens" -> p.outputTokens();
            default -> p.traffic() == null ? 1 : p.traffic().level();
        };
    }

    private static Point at(Point p, String dimension, double x) {
        return switch (dimension) {
            case "inputTokens" -> Point.of(x, p.outputTokens(), p.traffic());
            case "outputTokens" -> Point.of(p.inputTokens(), x, p.traffic());
            case "rate" -> Point.atRate(p.inputTokens(), p.outputTokens(), x);
            default -> Point.atConcurrency(p.inputTokens(), p.outputTokens(), x);
        };
    }

    /** Whether a measured point is within 25% of the curve's point in every dimension but the varied one. */
    private static boolean nearCurve(Point o, Point base, String vary) {
        for (String d : CURVE_DIMENSIONS) {
            if (d.equals(vary) || (d.equals("rate") != (base.traffic().mode() == Traffic.Mode.RATE) && !d.endsWith("Tokens"))) {
                continue;
            }
            if (Math.abs(Math.log(coordinate(o, d) / coordinate(base, d))) > Math.log(1.25)) {
                return false;
            }
        }
        return true;
    }

    private static double level(Params p) {
        double level = p.optionalNumber("level", 0).orElse(0.9);
        if (!(level > 0 && level < 1)) {
            throw ApiException.badRequest("level", "level must be a number in (0, 1), but was " + level);
        }
        return level;
    }

    /**
     * {@code POST /api/benchmarks/modeling/predict} in the seed upload tool's shape: means and
     * percentiles of TTFT, user TPS and E2E plus output throughput, one confidence in lower case.
     */
    Reply seedPredict(Params p) {
        String model = p.text("model");
        double in = p.number("input_tokens", 1);
        double out = p.number("output_tokens", 1);
        String method = p.optionalText("method").orElse("auto_detect").toLowerCase(Locale.ROOT);
        Predictor predictor;
        try {
            predictor = Predictor.named(method);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("method", "method must be auto_detect or a predictor name: " + e.getMessage());
        }
        Traffic.Mode mode = fits.commonMode(model);
        FittedModel mean = fits.model(model, mode, "mean", predictor);
        double level;
        if (p.has("traffic_level")) {
            level = p.number("traffic_level", Double.MIN_VALUE);
        } else {
            Point probe = mode == Traffic.Mode.RATE ? Point.atRate(in, out, 1) : Point.atConcurrency(in, out, 1);
            Observation near = mean.nearest(probe);
            level = near.point().traffic() == null ? 1 : near.point().traffic().level();
        }
        Point point = mode == Traffic.Mode.RATE ? Point.atRate(in, out, level) : Point.atConcurrency(in, out, level);
        ObjectNode predictions = views.object();
        ObjectNode intervals = views.object();
        Prediction headline = null;
        for (Statistic st : SEED_STATISTICS) {
            Prediction pr = fits.model(model, mode, st.name().toLowerCase(Locale.ROOT), predictor).predict(point);
            if (st == Statistic.MEAN) {
                headline = pr;
            }
            for (Map.Entry<Measure, String> e : SEED_MEASURES.entrySet()) {
                String key = e.getValue() + "_" + st.name().toLowerCase(Locale.ROOT);
                pr.find(e.getKey()).ifPresent(v -> seedValue(predictions, intervals, key, v));
            }
        }
        headline.find(Measure.OUTPUT_THROUGHPUT).ifPresent(v -> seedValue(predictions, intervals, "throughput", v));
        ObjectNode o = views.object();
        o.put("model", model);
        o.put("input_tokens", in);
        o.put("output_tokens", out);
        o.put("traffic_mode", mode == Traffic.Mode.RATE ? "qps" : "concurrency");
        o.put("traffic_level", level);
        o.set("predictions", predictions);
        o.set("intervals", intervals);
        o.put("interval_level", headline.level());
        o.put("confidence", headline.confidence().name().toLowerCase(Locale.ROOT));
        o.put("num_benchmarks_used", mean.size());
        o.put("interpolation_method", mean.predictorName());
        return Reply.ok(o);
    }

    private static void seedValue(ObjectNode predictions, ObjectNode intervals, String key, PredictedValue v) {
        Views.num(predictions, key, v.value());
        ObjectNode i = intervals.putObject(key);
        Views.num(i, "lower", v.lower());
        Views.num(i, "upper", v.upper());
    }

    /** The seed ranking service's rankings, of every metric or one; cached until the store changes. */
    Reply seedRankings(String metric) {
        Measure only = null;
        if (metric != null) {
            only = SEED_METRICS.get(metric.toLowerCase(Locale.ROOT));
            if (only == null) {
                throw ApiException.badRequest("metric", "metric must be one of " + SEED_METRICS.keySet() + ", but was '"
                        + Views.shorten(metric) + "'");
            }
        }
        Measure one = only;
        return cache.get("seed-rankings " + metric, () -> {
            List<Alternative> alternatives = new ArrayList<>();
            for (String model : fits.models()) {
                try {
                    alternatives.add(measuredMean(model));
                } catch (IllegalArgumentException e) {
                    // a model without succeeded requests has no mean to rank
                }
            }
            ObjectNode o = views.object();
            o.put("status", "success");
            ArrayNode data = o.putArray("data");
            if (one != null) {
                seedRanking(data, Rankings.rank(alternatives, one));
            } else {
                SEED_METRICS.forEach((key, m) -> seedRanking(data.addObject().putArray(key), Rankings.rank(alternatives, m)));
            }
            return views.encoded(o);
        });
    }

    private static void seedRanking(ArrayNode into, List<Ranked> rows) {
        for (Ranked r : rows) {
            ObjectNode x = into.addObject();
            x.put("rank", r.rank());
            x.put("llm", r.name());
            Views.num(x, "mean", r.value());
        }
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
    ObjectNode rankings(Params q, String measureKey) {
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
        return o;
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
