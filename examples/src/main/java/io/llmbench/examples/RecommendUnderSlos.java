package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import io.llmbench.model.Alternative;
import io.llmbench.model.Criterion;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.Predictor;
import io.llmbench.model.Pricing;
import io.llmbench.model.Recommendation;
import io.llmbench.model.RecommendationResult;
import io.llmbench.model.Recommender;
import io.llmbench.model.Rejection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recommends a deployment for a workload under SLOs: benchmark three deployments over a small grid of
 * prompt and output sizes at the workload's concurrency, fit a predictor per deployment, predict each at the target workload, drop those
 * that miss an SLO (by the pessimistic end of the prediction interval) and rank the rest by TOPSIS
 * over cost per million output tokens, TTFT and throughput.
 *
 * <p>The three simulated deployments: {@code small-gpu} (cheap, slow prefill), {@code mid-gpu} and
 * {@code big-gpu} (fast, twice the GPUs). Options: {@code --ttft} and {@code --tpot} SLO limits in
 * ms (defaults 80 and 5), {@code --requests} per grid point (default 12), {@code --predictor}
 * ({@code linear} by default: the simulator's costs are linear in tokens and concurrency, and with
 * 12 short runs per deployment the linear fit gives the tightest intervals; {@code auto} chooses per
 * measure by leave-one-out error and wants more, steadier runs).
 */
public final class RecommendUnderSlos {
    /** The workload to choose a deployment for: 384 prompt tokens, 16 output tokens, 4 in flight. */
    public static final Point TARGET = Point.atConcurrency(384, 16, 4);

    /** A simulated deployment: its timing, its GPUs and their hourly price. */
    record Deployment(String name, TimingModel timing, int gpus, double pricePerGpuHour) {
    }

    static final List<Deployment> DEPLOYMENTS = List.of(
            new Deployment("small-gpu", TimingModel.builder().prefill(30, 0.15).decode(3.5, 0.3).jitter(0.03).build(), 1, 1.0),
            new Deployment("mid-gpu", TimingModel.builder().prefill(8, 0.05).decode(2.0, 0.15).jitter(0.03).build(), 1, 2.0),
            new Deployment("big-gpu", TimingModel.builder().prefill(3, 0.015).decode(1.2, 0.08).jitter(0.03).build(), 2, 3.0));

    private RecommendUnderSlos() {
    }

    /** The fitted models, the alternatives predicted at the target, and the recommendation. */
    public record Outcome(Map<String, FittedModel> models, List<Alternative> alternatives, List<Slo> slos, RecommendationResult result) {
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static Outcome run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "ttft", "tpot", "requests", "predictor");
        Predictor predictor = Predictor.named(a.string("predictor", "linear"));
        List<Slo> slos = List.of(Slo.of(Metric.TTFT, a.number("ttft", 80, 0)), Slo.of(Metric.TPOT, a.number("tpot", 5, 0)));
        int requests = a.integer("requests", 12, 2);
        List<SimulatedEndpoint> sims = new ArrayList<>();
        try {
            List<Endpoint> endpoints = new ArrayList<>();
            for (Deployment d : DEPLOYMENTS) {
                SimulatedEndpoint sim = SimulatedEndpoint.builder().model("sim").timing(d.timing()).start();
                sims.add(sim);
                endpoints.add(Endpoint.openAi(sim.baseUrl()).model("sim").name(d.name()).gpuCount(d.gpus()).build());
            }

            // 1. measure every deployment over a grid of sizes at the target's concurrency, side by side
            Map<String, List<Observation>> observations = new LinkedHashMap<>();
            for (int in : new int[] {128, 256, 384, 512, 640}) {      // 10 runs each: enough for finite 90% intervals
                for (int outTokens : new int[] {8, 32}) {
                    BenchmarkResult r = Benchmark.builder().endpoints(endpoints).workload(Workload.synthetic(in, outTokens))
                            .load(Load.concurrency((int) TARGET.traffic().level())).requests(requests).warmup(1).run();
                    for (EndpointResult e : r.endpoints()) {
                        observations.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(Observation.from(e));
                    }
                }
            }

            // 2. fit and predict each deployment at the target workload, with its price
            Map<String, FittedModel> models = new LinkedHashMap<>();
            List<Alternative> alternatives = new ArrayList<>();
            for (Deployment d : DEPLOYMENTS) {
                FittedModel m = predictor.fit(observations.get(d.name()));
                models.put(d.name(), m);
                alternatives.add(Alternative.predicted(d.name(), m.predict(TARGET)).withCost(Pricing.perGpuHour(d.pricePerGpuHour(), d.gpus())));
            }

            // 3. keep those meeting the SLOs, rank the rest by TOPSIS
            Recommender recommender = Recommender.builder()
                    .slos(slos)
                    .criteria(Criterion.of(Measure.COST_PER_MILLION_OUTPUT_TOKENS, 2), Criterion.of(Measure.TTFT, 1),
                            Criterion.of(Measure.OUTPUT_THROUGHPUT, 1))
                    .build();
            RecommendationResult result = recommender.recommend(alternatives);

            out.println("target workload: " + TARGET + "; SLOs: " + slos);
            for (Alternative alt : alternatives) {
                out.printf(Locale.ROOT, "  %-10s ttft %6.1f ms (worst %6.1f)  tpot %5.2f ms  %7.0f tok/s  %6.2f per Mtok%n", alt.name(),
                        alt.values().get(Measure.TTFT), alt.pessimistic().get(Measure.TTFT), alt.values().get(Measure.TPOT),
                        alt.values().get(Measure.OUTPUT_THROUGHPUT), alt.values().get(Measure.COST_PER_MILLION_OUTPUT_TOKENS));
            }
            models.forEach((name, m) -> out.println("  " + name + " fitted by " + m.predictorName() + ": " + m.methods()));
            for (Recommendation r : result.recommended()) {
                out.printf(Locale.ROOT, "recommended #%d: %s (TOPSIS closeness %.3f)%n", r.rank(), r.name(), r.score());
            }
            for (Rejection r : result.rejected()) {
                out.println("rejected: " + r);
            }
            return new Outcome(models, alternatives, slos, result);
        } finally {
            sims.forEach(SimulatedEndpoint::close);
        }
    }
}
