package io.llmbench.jmh;

import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.model.Alternative;
import io.llmbench.model.Confidence;
import io.llmbench.model.Pareto;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Ranked;
import io.llmbench.model.Statistic;
import io.llmbench.model.Topsis;
import io.llmbench.model.Criterion;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.Prediction;
import io.llmbench.model.Predictor;
import io.llmbench.model.Pricing;
import io.llmbench.model.RecommendationResult;
import io.llmbench.model.Recommender;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * bench-model: fitting a predictor to a sweep (3 input × 3 output sizes × 7 concurrencies = 63
 * runs with 2% noise, a server-like law) and to the most common benchmark (one size, 6
 * concurrencies), predicting one point (at a concurrency, and at a request rate through Little's
 * law), and choosing among {@code deployments} alternatives: recommending with cached values (2
 * SLOs, TOPSIS over cost, TTFT and throughput, top 10), recommending with cached predictions of the
 * mean and p95 (each SLO checked at p95 with its interval and confidence), TOPSIS and the Pareto
 * front alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ModelBenchmark {
    /** Alternatives the recommender chooses from. */
    @Param({"10000"})
    public int deployments;

    private List<Observation> sweep;
    private List<Observation> concurrencySweep;
    private FittedModel physical;
    private FittedModel linear;
    private Point point;
    private List<Alternative> alternatives;
    private List<Alternative> predicted;
    private Recommender recommender;
    private Point atRate;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(5);
        sweep = new ArrayList<>();
        for (double in : new double[] {200, 2_000, 7_000}) {
            for (double out : new double[] {200, 1_000, 2_000}) {
                for (double c : new double[] {1, 2, 5, 10, 25, 50, 100}) {
                    Point p = Point.atConcurrency(in, out, c);
                    Map<Measure, Double> v = new EnumMap<>(Measure.class);
                    law(p).forEach((m, x) -> v.put(m, x * Math.exp(0.02 * Fixtures.gaussian(r))));
                    sweep.add(new Observation("sweep " + p, p, v));
                }
            }
        }
        concurrencySweep = new ArrayList<>();
        for (double c : new double[] {1, 2, 4, 8, 16, 32}) {
            Point p = Point.atConcurrency(512, 128, c);
            Map<Measure, Double> v = new EnumMap<>(Measure.class);
            law(p).forEach((m, x) -> v.put(m, x * Math.exp(0.02 * Fixtures.gaussian(r))));
            concurrencySweep.add(new Observation("sweep " + p, p, v));
        }
        physical = Predictor.physical().fit(sweep);
        linear = Predictor.linear().fit(sweep);
        point = Point.atConcurrency(1_500, 400, 32);
        atRate = Point.atRate(1_500, 400, 0.5 * law(point).get(Measure.REQUEST_THROUGHPUT));

        alternatives = new ArrayList<>(deployments);

        List<Pricing> prices = new ArrayList<>();
        for (int i = 0; i < deployments; i++) {
            double ttft = 50 + 2_000 * r.nextDouble();
            double e2e = ttft + 2_000 + 20_000 * r.nextDouble();
            double tps = 200 + 8_000 * r.nextDouble();
            Map<Measure, Double> v = new EnumMap<>(Measure.class);
            v.put(Measure.TTFT, ttft);
            v.put(Measure.E2E, e2e);
            v.put(Measure.OUTPUT_THROUGHPUT, tps);
            Map<Measure, Double> pessimistic = new EnumMap<>(Measure.class);
            pessimistic.put(Measure.TTFT, ttft * 1.2);
            pessimistic.put(Measure.E2E, e2e * 1.1);
            pessimistic.put(Measure.OUTPUT_THROUGHPUT, tps * 0.9);
            Pricing price = Pricing.perGpuHour(2 + 3 * r.nextDouble(), 1 + r.nextInt(8));
            prices.add(price);
            alternatives.add(new Alternative("deployment-" + i, v, pessimistic).withCost(price));
        }
        predicted = new ArrayList<>(deployments);
        for (int i = 0; i < alternatives.size(); i++) {
            Alternative a = alternatives.get(i);
            Map<Statistic, Prediction> byStatistic = new EnumMap<>(Statistic.class);
            byStatistic.put(Statistic.MEAN, prediction(a, 1));
            byStatistic.put(Statistic.P95, prediction(a, 1.6));
            predicted.add(Alternative.predicted(a.name(), byStatistic).withCost(prices.get(i)));
        }
        recommender = Recommender.builder().slo(Slo.of(Metric.TTFT, 1_000)).slo(Slo.of(Metric.E2E, 15_000))
                .criteria(Criterion.of(Measure.COST_PER_MILLION_OUTPUT_TOKENS, 2), Criterion.of(Measure.TTFT, 1),
                        Criterion.of(Measure.OUTPUT_THROUGHPUT, 1))
                .limit(10).build();
    }

    /** A prediction with the alternative's values times {@code tail} and ±10% intervals. */
    private static Prediction prediction(Alternative a, double tail) {
        Map<Measure, PredictedValue> v = new EnumMap<>(Measure.class);
        a.values().forEach((m, x) -> {
            if (m != Measure.COST_PER_MILLION_OUTPUT_TOKENS) {
                double c = m.lowerIsBetter() ? x * tail : x;
                v.put(m, new PredictedValue(m, c, c * 0.9, c * 1.1, Confidence.MEDIUM));
            }
        });
        return Prediction.of(Point.atConcurrency(1_000, 200, 16), 0.9, v, "benchmark");
    }

    /** A server-like law: prefill super-linear in input, decode slower with concurrency and context, Little's law. */
    static Map<Measure, Double> law(Point p) {
        double in = p.inputTokens();
        double out = p.outputTokens();
        double c = p.traffic().level();
        double ttft = 25 + 0.04 * Math.pow(in, 1.1) * (1 + 0.1 * c);
        double tpot = 9 * (1 + 0.015 * c) * (1 + (in + out) / 25_000.0);
        double e2e = ttft + (out - 1) * tpot;
        Map<Measure, Double> m = new EnumMap<>(Measure.class);
        m.put(Measure.TTFT, ttft);
        m.put(Measure.TPOT, tpot);
        m.put(Measure.E2E, e2e);
        m.put(Measure.USER_TPS, 1_000 * out / ((out - 1) * tpot));
        m.put(Measure.OUTPUT_THROUGHPUT, 1_000 * c * out / e2e);
        m.put(Measure.REQUEST_THROUGHPUT, 1_000 * c / e2e);
        return m;
    }

    /** The physical (queueing-law) predictor fitted to the 63-run sweep. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public FittedModel fitPhysical() {
        return Predictor.physical().fit(sweep);
    }

    /** The physical predictor fitted to one size at six concurrencies (the most common benchmark). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public FittedModel fitPhysicalConcurrencySweep() {
        return Predictor.physical().fit(concurrencySweep);
    }

    /** The linear predictor fitted to the same sweep. */
    @Benchmark
    public FittedModel fitLinear() {
        return Predictor.linear().fit(sweep);
    }

    /** One point predicted by the fitted physical model (every measure, with intervals). */
    @Benchmark
    public Prediction predictPhysical() {
        return physical.predict(point);
    }

    /** One point at a request rate predicted by the closed-loop physical model (Little's law: a search over concurrency). */
    @Benchmark
    public Prediction predictPhysicalAtRate() {
        return physical.predict(atRate);
    }

    /** One point predicted by the fitted linear model. */
    @Benchmark
    public Prediction predictLinear() {
        return linear.predict(point);
    }

    /** SLO filtering, TOPSIS ranking and the top 10 over {@code deployments} alternatives. */
    @Benchmark
    public RecommendationResult recommend() {
        return recommender.recommend(alternatives);
    }

    /** The same over alternatives holding mean and p95 predictions: each SLO checked at p95 with its interval and confidence. */
    @Benchmark
    public RecommendationResult recommendPredicted() {
        return recommender.recommend(predicted);
    }

    /** A full TOPSIS ranking of {@code deployments} alternatives over 3 criteria. */
    @Benchmark
    public List<Ranked> topsis() {
        return Topsis.rank(alternatives, recommender.criteria());
    }

    /** The Pareto front of {@code deployments} alternatives over TTFT, throughput and cost (random data: a large front). */
    @Benchmark
    public List<Alternative> pareto() {
        return Pareto.front(alternatives, Measure.TTFT, Measure.OUTPUT_THROUGHPUT, Measure.COST_PER_MILLION_OUTPUT_TOKENS);
    }
}
