package io.llmbench.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** Observations generated from known laws, for tests with known answers. */
final class Synthetic {
    static final double[] INPUTS = {128, 512, 2048, 8192};
    static final double[] OUTPUTS = {64, 256, 1024};
    static final double[] CONCURRENCIES = {1, 4, 16, 64};

    private Synthetic() {
    }

    /** A grid over inputs × outputs × concurrencies with values from the law (plus log-normal noise of sd sigma). */
    static List<Observation> grid(double[] inputs, double[] outputs, double[] concurrencies,
                                  Function<Point, Map<Measure, Double>> law, double sigma, long seed) {
        Random random = new Random(seed);
        List<Observation> out = new ArrayList<>();
        for (double in : inputs) {
            for (double o : outputs) {
                for (double c : concurrencies) {
                    Point p = Point.atConcurrency(in, o, c);
                    Map<Measure, Double> values = new EnumMap<>(Measure.class);
                    law.apply(p).forEach((m, v) -> values.put(m, v * Math.exp(sigma * random.nextGaussian())));
                    out.add(new Observation("grid " + p, p, values));
                }
            }
        }
        return out;
    }

    /**
     * A server-like law: prefill grows super-linearly with input, decode slows with concurrency and
     * context, E2E = TTFT + (out − 1)·TPOT, Little's law for throughput.
     */
    static Map<Measure, Double> server(Point p) {
        double in = p.inputTokens();
        double out = p.outputTokens();
        double c = p.traffic().level();
        double ttft = 20 + 0.05 * Math.pow(in, 1.1) * (1 + 0.15 * c);
        double tpot = 8 * (1 + 0.02 * c) * (1 + (in + out) / 20000.0);
        double e2e = ttft + (out - 1) * tpot;
        Map<Measure, Double> m = new EnumMap<>(Measure.class);
        m.put(Measure.TTFT, ttft);
        m.put(Measure.TPOT, tpot);
        m.put(Measure.E2E, e2e);
        m.put(Measure.USER_TPS, 1000 * out / ((out - 1) * tpot));
        m.put(Measure.OUTPUT_THROUGHPUT, 1000 * c * out / e2e);
        m.put(Measure.REQUEST_THROUGHPUT, 1000 * c / e2e);
        return m;
    }

    static List<Observation> serverGrid(double sigma, long seed) {
        return grid(INPUTS, OUTPUTS, CONCURRENCIES, Synthetic::server, sigma, seed);
    }

    static Observation obs(double in, double out, Double concurrency, Measure m, double v) {
        Observation.Builder b = Observation.builder().inputTokens(in).outputTokens(out).value(m, v);
        if (concurrency != null) {
            b.concurrency(concurrency);
        }
        return b.build();
    }
}
