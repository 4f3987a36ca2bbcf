package io.llmbench.model;

import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A small benchmark program (not a test): recommend over 10,000 deployments with cached predictions,
 * recommend with fresh predictions from fitted models, and fit/predict costs. Prints medians.
 * JMH benchmarks of the same calls belong in the jmh module.
 *
 * <pre>java -cp bench-model/target/test-classes:bench-model/target/classes:... io.llmbench.model.RecommendBenchmark</pre>
 */
public final class RecommendBenchmark {
    private RecommendBenchmark() {
    }

    public static void main(String[] args) {
        int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Random random = new Random(42);
        List<Alternative> alts = new ArrayList<>(deployments);
        for (int i = 0; i < deployments; i++) {
            double ttft = 50 + 2000 * random.nextDouble();
            double e2e = ttft + 2000 + 20000 * random.nextDouble();
            double tps = 200 + 8000 * random.nextDouble();
            Map<Measure, Double> v = new EnumMap<>(Measure.class);
            v.put(Measure.TTFT, ttft);
            v.put(Measure.E2E, e2e);
            v.put(Measure.OUTPUT_THROUGHPUT, tps);
            v.put(Measure.USER_TPS, 5 + 100 * random.nextDouble());
            Map<Measure, Double> p = new EnumMap<>(Measure.class);
            p.put(Measure.TTFT, ttft * 1.2);
            p.put(Measure.E2E, e2e * 1.1);
            p.put(Measure.OUTPUT_THROUGHPUT, tps * 0.9);
            p.put(Measure.USER_TPS, v.get(Measure.USER_TPS) * 0.9);
            alts.add(new Alternative("deployment-" + i, v, p).withCost(Pricing.perGpuHour(2 + random.nextDouble() * 3, 1 + random.nextInt(8))));
        }
        Recommender recommender = Recommender.builder()
                .slo(Slo.of(Metric.TTFT, 1000)).slo(Slo.of(Metric.E2E, 15_000))
                .criteria(Criterion.of(Measure.COST_PER_MILLION_OUTPUT_TOKENS, 2), Criterion.of(Measure.TTFT, 1),
                        Criterion.of(Measure.OUTPUT_THROUGHPUT, 1))
                .limit(10).build();
        double[] recommendMs = time(200, () -> recommender.recommend(alts).recommended().size());
        RecommendationResult r = recommender.recommend(alts);
        System.out.printf(Locale.ROOT, "recommend over %d deployments with cached predictions (%d pass the SLOs): median %.2f ms, p90 %.2f ms%n",
                deployments, deployments - r.rejected().size(), median(recommendMs), quantile(recommendMs, 0.9));
        double[] topsisMs = time(200, () -> Topsis.rank(alts, recommender.criteria()).size());
        System.out.printf(Locale.ROOT, "TOPSIS over %d deployments, 3 criteria: median %.2f ms%n", deployments, median(topsisMs));
        double[] paretoMs = time(50, () -> Pareto.front(alts, Measure.TTFT, Measure.OUTPUT_THROUGHPUT, Measure.COST_PER_MILLION_OUTPUT_TOKENS).size());
        System.out.printf(Locale.ROOT, "Pareto front over %d deployments, 3 criteria: median %.2f ms%n", deployments, median(paretoMs));

        // fresh predictions: fitting 66-point sweeps like the NIM data set, then predicting per deployment
        List<Observation> sweep = Synthetic.grid(new double[] {200, 2000, 7000}, new double[] {200, 1000, 2000},
                new double[] {1, 2, 5, 10, 25, 50, 100}, Synthetic::server, 0.02, 7);
        double[] fitMs = time(10, () -> Predictor.physical().fit(sweep).size());
        System.out.printf(Locale.ROOT, "physical fit on %d observations, 6 measures: median %.1f ms%n", sweep.size(), median(fitMs));
        FittedModel model = Predictor.physical().fit(sweep);
        Point point = Point.atConcurrency(1500, 400, 32);
        double[] predictUs = time(2000, () -> model.predict(point).values().size());
        for (int i = 0; i < predictUs.length; i++) {
            predictUs[i] *= 1000;
        }
        System.out.printf(Locale.ROOT, "physical predict (6 measures with intervals): median %.1f us%n", median(predictUs));
        Map<String, FittedModel> models = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            models.put("d" + i, model);
        }
        Recommender latency = Recommender.builder().slo(Slo.of(Metric.TTFT, 1000)).slo(Slo.of(Metric.E2E, 15_000))
                .criteria(Criterion.of(Measure.TTFT, 1), Criterion.of(Measure.OUTPUT_THROUGHPUT, 1)).build();
        double[] freshMs = time(20, () -> latency.recommend(point, models).recommended().size());
        System.out.printf(Locale.ROOT, "recommend over 1000 fitted models, predicting each: median %.1f ms%n", median(freshMs));
    }

    interface Body {
        int run();
    }

    static int sink;

    private static double[] time(int runs, Body body) {
        for (int i = 0; i < Math.max(5, runs / 2); i++) {
            sink += body.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink += body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
    }
}
