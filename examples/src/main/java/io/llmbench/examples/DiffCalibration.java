package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import io.llmbench.model.history.Change;
import io.llmbench.model.history.DiffOptions;
import io.llmbench.model.history.RunDiff;
import io.llmbench.model.history.Threshold;
import io.llmbench.model.history.Verdict;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well {@code llmbench diff} tells a real regression from noise, measured on the simulated
 * endpoint: {@code --pairs} pairs of runs of one preset (any regression found is a false alarm)
 * and as many pairs of that preset against one whose prefill, and so TTFT, is 10% longer (a
 * regression on TTFT should be found), each run {@code --requests} requests at
 * {@code --concurrency}, compared with the default options.
 *
 * <pre>
 * java ... io.llmbench.examples.DiffCalibration --pairs 20 --requests 200 --concurrency 8 --store h2:calibration
 * java ... io.llmbench.examples.DiffCalibration --pairs 20 --design side-by-side --store h2:calibration-sbs
 * java ... io.llmbench.examples.DiffCalibration --pairs 20 --store h2:calibration --mode judge   # judge the stored runs again
 * </pre>
 *
 * With {@code --store} every run is kept (labels {@code calibration.pair} and {@code calibration.run}:
 * {@code same-a}, {@code same-b}, {@code base}, {@code slow}), so that {@code --mode judge} can
 * judge the same runs again, e.g. after a change to the defaults, without measuring.
 *
 * <p>{@code --design sequential} (the default) measures the two runs of a pair one after the
 * other, as a build compares today's run with last week's; {@code side-by-side} measures them in one
 * benchmark, both endpoints loaded at once with the same prompts, so whatever slows the machine
 * slows both: drift between runs, which no interval of one run can see, then cancels out.
 *
 * <p>The preset: 512-token prompts, prefill 40 ms + 0.02 ms/token (about 50 ms TTFT), decode steps of
 * 4 ms + 0.05 ms/request, 32 output tokens, jitter 5%; the slow one multiplies both prefill terms by 1.1.
 */
public final class DiffCalibration {
    /** The baseline timing. */
    public static final TimingModel PRESET = TimingModel.builder().prefill(40, 0.02).decode(4, 0.05).maxRunning(64).jitter(0.05).build();
    /** The same with a 10% longer prefill, so 10% longer TTFT when nothing queues. */
    public static final TimingModel SLOWER_PREFILL = TimingModel.from(PRESET).prefill(44, 0.022).build();

    private DiffCalibration() {
    }

    /** What was measured. */
    public record Calibration(int pairs, int falseAlarms, int ttftFalseAlarms, Map<String, Integer> falseAlarmsByStatistic,
                              int ttftP50Found, int ttftP95Found, double meanTtftChange) {
        /** Share of same-preset pairs in which any statistic was judged a regression. */
        public double falseAlarmRate() {
            return pairs == 0 ? 0 : (double) falseAlarms / pairs;
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static Calibration run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "pairs", "requests", "concurrency", "store", "mode", "design", "max-regression", "percentiles", "block");
        int pairs = a.integer("pairs", 20, 1);
        int requests = a.integer("requests", 200, 10);
        int concurrency = a.integer("concurrency", 8, 1);
        DiffOptions options = DiffOptions.from(options(a.string("percentiles", null), a.string("max-regression", null)))
                .blockLength(a.integer("block", DiffOptions.AUTOMATIC_BLOCK, 0)).build();
        int falseAlarms = 0;
        int ttftAlarms = 0;
        Map<String, Integer> byStatistic = new LinkedHashMap<>();
        int p50 = 0;
        int p95 = 0;
        double changeSum = 0;
        String storeSpec = a.string("store", null);
        String mode = a.string("mode", "measure");
        if (!mode.equals("measure") && !mode.equals("judge")) {
            throw new IllegalArgumentException("option --mode must be measure or judge, but was '" + mode + "'");
        }
        boolean fromStore = mode.equals("judge");
        if (fromStore && storeSpec == null) {
            throw new IllegalArgumentException("--mode judge needs --store");
        }
        String design = a.string("design", "sequential");
        if (!design.equals("sequential") && !design.equals("side-by-side")) {
            throw new IllegalArgumentException("option --design must be sequential or side-by-side, but was '" + design + "'");
        }
        boolean sideBySide = design.equals("side-by-side");
        try (ResultStore store = storeSpec == null ? null : Stores.open(storeSpec, null, null);
             SimulatedEndpoint base = fromStore ? null : SimulatedEndpoint.builder().model("sim-8b").timing(PRESET).seed(11).start();
             SimulatedEndpoint twin = fromStore ? null : SimulatedEndpoint.builder().model("sim-8b").timing(PRESET).seed(13).start();
             SimulatedEndpoint slow = fromStore ? null : SimulatedEndpoint.builder().model("sim-8b").timing(SLOWER_PREFILL).seed(12).start()) {
            if (!fromStore) {
                measure(requests, concurrency, base, twin);   // warm the JVM and the simulators up
                measure(requests / 4, concurrency, slow);
            }
            Source runs = (pair, kindA, kindB) -> {
                if (fromStore) {
                    return new EndpointResult[] {load(store, pair, kindA), load(store, pair, kindB)};
                }
                SimulatedEndpoint other = kindB.equals("slow") ? slow : twin;
                EndpointResult[] r = sideBySide ? measure(requests, concurrency, base, other)
                        : new EndpointResult[] {measure(requests, concurrency, base)[0], measure(requests, concurrency, other)[0]};
                return new EndpointResult[] {keep(store, r[0], pair, kindA, design), keep(store, r[1], pair, kindB, design)};
            };
            out.printf(Locale.ROOT, "%s pairs%n%-5s %-44s %-40s%n", fromStore ? "stored" : design, "pair", "same preset: regressions", "TTFT +10%: ttft p50 / p95 change");
            for (int i = 0; i < pairs; i++) {
                EndpointResult[] twins = runs.get(i, "same-a", "same-b");
                RunDiff same = RunDiff.compare(twins[0], twins[1], options);
                List<String> alarms = new ArrayList<>();
                for (Change c : same.regressions()) {
                    alarms.add(c.label() + String.format(Locale.ROOT, " %+.1f%%", c.relativeChange() * 100));
                    byStatistic.merge(c.label(), 1, Integer::sum);
                }
                if (!alarms.isEmpty()) {
                    falseAlarms++;
                }
                if (same.regressions().stream().anyMatch(c -> c.measure() == Measure.TTFT)) {
                    ttftAlarms++;
                }
                EndpointResult[] ab = runs.get(i, "base", "slow");
                RunDiff worse = RunDiff.compare(ab[0], ab[1], options);
                Change c50 = worse.change(Measure.TTFT, Statistic.P50).orElseThrow();
                Change c95 = worse.change(Measure.TTFT, Statistic.P95).orElseThrow();
                p50 += c50.verdict() == Verdict.WORSE ? 1 : 0;
                p95 += c95.verdict() == Verdict.WORSE ? 1 : 0;
                changeSum += c50.relativeChange();
                out.printf(Locale.ROOT, "%-5d %-44s %s %s / %s %s%n", i + 1, alarms.isEmpty() ? "none" : String.join(", ", alarms),
                        c50.describeChange(), mark(c50), c95.describeChange(), mark(c95));
            }
        }
        Calibration c = new Calibration(pairs, falseAlarms, ttftAlarms, byStatistic, p50, p95, changeSum / pairs);
        out.printf(Locale.ROOT, "%nfalse alarms: %d of %d same-preset pairs (%.0f%%)%s%n", falseAlarms, pairs, c.falseAlarmRate() * 100,
                byStatistic.isEmpty() ? "" : ", by statistic " + byStatistic);
        out.printf(Locale.ROOT, "false alarms on TTFT (p50 or p95): %d of %d pairs (%.0f%%)%n", ttftAlarms, pairs, 100.0 * ttftAlarms / pairs);
        out.printf(Locale.ROOT, "10%% slower prefill found: ttft p50 in %d of %d pairs, ttft p95 in %d of %d; mean ttft p50 change %+.1f%%%n",
                p50, pairs, p95, pairs, c.meanTtftChange() * 100);
        return c;
    }

    /**
     * The default options, or: only these percentiles of the latency measures (e.g. {@code p50,p95}),
     * and these thresholds (comma-separated, e.g. {@code 10%,itl=20%}).
     */
    static DiffOptions options(String percentiles, String thresholds) {
        DiffOptions.Builder b = DiffOptions.custom();
        if (percentiles != null) {
            Statistic[] stats = java.util.Arrays.stream(percentiles.split(","))
                    .map(p -> Threshold.parse("ttft:" + p.trim() + "=0%").statistic()).toArray(Statistic[]::new);
            b.onlyCompare(Measure.TTFT, stats).compare(Measure.TPOT, stats).compare(Measure.ITL, stats).compare(Measure.E2E, stats)
                    .compare(Measure.USER_TPS, Statistic.P50).compare(Measure.OUTPUT_THROUGHPUT).compare(Measure.REQUEST_THROUGHPUT);
        }
        if (thresholds != null) {
            for (String t : thresholds.split(",")) {
                b.maxRegression(Threshold.parse(t));
            }
        }
        return b.build();
    }

    /** Where the runs of a pair come from: measured now, or read back from the store. */
    private interface Source {
        EndpointResult[] get(int pair, String kindA, String kindB);
    }

    private static EndpointResult keep(ResultStore store, EndpointResult r, int pair, String kind, String design) {
        if (store == null) {
            return r;
        }
        EndpointResult labelled = r.withRun(r.run().withLabels(Map.of("calibration.pair", Integer.toString(pair),
                "calibration.run", kind, "calibration.design", design)));
        store.save(labelled);
        return labelled;
    }

    private static EndpointResult load(ResultStore store, int pair, String kind) {
        List<StoredRun> found = store.runs(RunQuery.builder().label("calibration.pair", Integer.toString(pair))
                .label("calibration.run", kind).page(0, 1).build());
        if (found.isEmpty()) {
            throw new IllegalStateException("the store has no calibration run " + kind + " of pair " + pair);
        }
        return store.findWithRecords(found.get(0).id()).orElseThrow().result();
    }

    private static String mark(Change c) {
        return c.verdict() == Verdict.WORSE ? "WORSE" : c.verdict().name().toLowerCase(Locale.ROOT);
    }

    /**
     * One run of {@code requests} requests against each simulated endpoint, side by side when there
     * are several (the same prompts, at the same time, so a busy machine slows them alike).
     */
    static EndpointResult[] measure(int requests, int concurrency, SimulatedEndpoint... sims) {
        Endpoint[] endpoints = new Endpoint[sims.length];
        for (int i = 0; i < sims.length; i++) {
            endpoints[i] = Endpoint.openAi(sims[i].baseUrl()).model(sims[i].model()).name("chat-" + (char) ('a' + i)).build();
        }
        var result = Benchmark.builder().endpoints(endpoints).workload(Workload.synthetic(512, 32)).load(Load.concurrency(concurrency))
                .requests(requests).warmup(concurrency).run();
        EndpointResult[] out = new EndpointResult[sims.length];
        for (int i = 0; i < sims.length; i++) {
            out[i] = result.endpoints().get(i);
            if (out[i].job().failed() > 0 || out[i].metric(Metric.TTFT).count() == 0) {
                throw new IllegalStateException("calibration run failed: " + out[i].job().failures());
            }
        }
        return out;
    }
}
