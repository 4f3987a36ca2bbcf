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
import io.llmbench.model.history.Verdict;
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
 * java ... io.llmbench.examples.DiffCalibration --pairs 20 --requests 200 --concurrency 8
 * </pre>
 *
 * The preset: 512-token prompts, prefill 40 ms + 0.02 ms/token (about 50 ms TTFT), decode steps of
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
    public record Calibration(int pairs, int falseAlarms, Map<String, Integer> falseAlarmsByStatistic, int ttftP50Found,
                              int ttftP95Found, double meanTtftChange) {
        /** Share of same-preset pairs in which any statistic was judged a regression. */
        public double falseAlarmRate() {
            return pairs == 0 ? 0 : (double) falseAlarms / pairs;
        }
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static Calibration run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "pairs", "requests", "concurrency");
        int pairs = a.integer("pairs", 20, 1);
        int requests = a.integer("requests", 200, 10);
        int concurrency = a.integer("concurrency", 8, 1);
        DiffOptions options = DiffOptions.ofDefaults();
        int falseAlarms = 0;
        Map<String, Integer> byStatistic = new LinkedHashMap<>();
        int p50 = 0;
        int p95 = 0;
        double changeSum = 0;
        try (SimulatedEndpoint base = SimulatedEndpoint.builder().model("sim-8b").timing(PRESET).seed(11).start();
             SimulatedEndpoint slow = SimulatedEndpoint.builder().model("sim-8b").timing(SLOWER_PREFILL).seed(12).start()) {
            measure(base, requests, concurrency);   // warm the JVM and both simulators up
            measure(slow, requests / 4, concurrency);
            out.printf(Locale.ROOT, "%-5s %-44s %-40s%n", "pair", "same preset: regressions", "TTFT +10%: ttft p50 / p95 change");
            for (int i = 0; i < pairs; i++) {
                RunDiff same = RunDiff.compare(measure(base, requests, concurrency), measure(base, requests, concurrency), options);
                List<String> alarms = new ArrayList<>();
                for (Change c : same.regressions()) {
                    alarms.add(c.label() + String.format(Locale.ROOT, " %+.1f%%", c.relativeChange() * 100));
                    byStatistic.merge(c.label(), 1, Integer::sum);
                }
                if (!alarms.isEmpty()) {
                    falseAlarms++;
                }
                RunDiff worse = RunDiff.compare(measure(base, requests, concurrency), measure(slow, requests, concurrency), options);
                Change c50 = worse.change(Measure.TTFT, Statistic.P50).orElseThrow();
                Change c95 = worse.change(Measure.TTFT, Statistic.P95).orElseThrow();
                p50 += c50.verdict() == Verdict.WORSE ? 1 : 0;
                p95 += c95.verdict() == Verdict.WORSE ? 1 : 0;
                changeSum += c50.relativeChange();
                out.printf(Locale.ROOT, "%-5d %-44s %s %s / %s %s%n", i + 1, alarms.isEmpty() ? "none" : String.join(", ", alarms),
                        c50.describeChange(), mark(c50), c95.describeChange(), mark(c95));
            }
        }
        Calibration c = new Calibration(pairs, falseAlarms, byStatistic, p50, p95, changeSum / pairs);
        out.printf(Locale.ROOT, "%nfalse alarms: %d of %d same-preset pairs (%.0f%%)%s%n", falseAlarms, pairs, c.falseAlarmRate() * 100,
                byStatistic.isEmpty() ? "" : ", by statistic " + byStatistic);
        out.printf(Locale.ROOT, "10%% slower prefill found: ttft p50 in %d of %d pairs, ttft p95 in %d of %d; mean ttft p50 change %+.1f%%%n",
                p50, pairs, p95, pairs, c.meanTtftChange() * 100);
        return c;
    }

    private static String mark(Change c) {
        return c.verdict() == Verdict.WORSE ? "WORSE" : c.verdict().name().toLowerCase(Locale.ROOT);
    }

    /** One run of {@code requests} requests against a simulated endpoint. */
    static EndpointResult measure(SimulatedEndpoint sim, int requests, int concurrency) {
        Endpoint e = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("chat").build();
        EndpointResult r = Benchmark.builder().endpoints(e).workload(Workload.synthetic(512, 32)).load(Load.concurrency(concurrency))
                .requests(requests).warmup(concurrency).run().endpoint("chat");
        if (r.job().failed() > 0 || r.metric(Metric.TTFT).count() == 0) {
            throw new IllegalStateException("calibration run failed: " + r.job().failures());
        }
        return r;
    }
}
