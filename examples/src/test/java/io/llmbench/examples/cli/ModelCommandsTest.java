package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.sim.SimulatedEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict, estimate, compare, rank, recommend and report over a small grid measured on two simulated endpoints. */
class ModelCommandsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static Path store;

    @BeforeAll
    static void measureAGrid() {
        store = shared.resolve("store");
        try (SimulatedEndpoint fast = Cli.sim("fast-model", Cli.FAST); SimulatedEndpoint slow = Cli.sim("slow-model", Cli.SLOW)) {
            Cli.Result r = Cli.run("matrix", "--url", fast.baseUrl(), "--model", "fast-model", "--name", "fast", "--gpus", "1",
                    "--url", slow.baseUrl(), "--model", "slow-model", "--name", "slow", "--gpus", "4",
                    "--concurrencies", "1,4", "--input-tokens", "32,256", "--output-tokens", "4,16", "--requests", "4",
                    "--store", store.toString(), "--no-report", "--quiet");
            assertThat(r.code()).as(r.toString()).isZero();
        }
    }

    static String[] at(String... args) {
        return Cli.args(args, "--store", store.toString());
    }

    /** The number in a table row's column after the row's first cell equal to {@code name}. */
    static double cell(String out, String rowStart, int column) {
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s{2,}");
            if (cells.length > column && (cells[0].equals(rowStart) || cells.length > 1 && cells[1].equals(rowStart) && cells[0].matches("\\d+"))) {
                String v = cells[column].replace("x", "").replace("*", "");
                return v.equals("inf") ? Double.POSITIVE_INFINITY : v.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v);
            }
        }
        throw new AssertionError("no row " + rowStart + " in\n" + out);
    }

    @Test
    void predictsEveryMeasureWithAnIntervalForAnUnmeasuredWorkload() {
        Cli.Result short_ = Cli.run(at("predict", "--endpoint", "slow", "--input-tokens", "100", "--output-tokens", "6", "--concurrency", "2"));
        Cli.Result long_ = Cli.run(at("predict", "--endpoint", "slow", "--input-tokens", "100", "--output-tokens", "14", "--concurrency", "2"));

        assertThat(short_.code()).as(short_.toString()).isZero();
        assertThat(short_.out()).contains("slow at in=100 out=6 concurrency 2:", "confidence", "mean of 8 runs")
                .contains("ttft", "tpot", "e2e", "output_throughput", "nearest measurement: run ");
        double e2eShort = cell(short_.out(), "e2e", 1);
        double e2eLong = cell(long_.out(), "e2e", 1);
        assertThat(e2eLong).isGreaterThan(e2eShort);
        assertThat(cell(short_.out(), "e2e", 2)).isLessThanOrEqualTo(e2eShort);
        assertThat(cell(short_.out(), "e2e", 3)).isGreaterThanOrEqualTo(e2eShort);
    }

    @Test
    void evaluatesThePredictorsLeaveOneOut() {
        Cli.Result r = Cli.run(at("predict", "--model", "fast-model", "--input-tokens", "64", "--output-tokens", "8",
                "--concurrency", "2", "--evaluate"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("leave-one-out evaluation over [fast]").containsPattern("linear\\s+ttft\\s+8\\s");
    }

    @Test
    void asksForTheTrafficAModelWasFittedOn() {
        Cli.Result r = Cli.run(at("predict", "--endpoint", "fast", "--input-tokens", "64", "--output-tokens", "8"));
        assertThat(r.code()).isEqualTo(Llmbench.USAGE);
        assertThat(r.err()).contains("add --concurrency N");
        assertThat(r.errLines()).hasSize(1);
    }

    /** Seconds from a time column: "42.0 s", "1:02:03" or "2 d 1:02:03". */
    static double seconds(String out, String rowStart) {
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s{2,}");
            int at = cells[0].equals(rowStart) ? 1 : cells.length > 2 && cells[1].equals(rowStart) ? 2 : -1;
            if (at > 0) {
                String t = cells[at];
                if (t.endsWith(" s")) {
                    return Double.parseDouble(t.substring(0, t.length() - 2));
                }
                double days = 0;
                if (t.contains(" d ")) {
                    days = Double.parseDouble(t.substring(0, t.indexOf(" d ")));
                    t = t.substring(t.indexOf(" d ") + 3);
                }
                String[] hms = t.split(":");
                return days * 86400 + Integer.parseInt(hms[0]) * 3600 + Integer.parseInt(hms[1]) * 60 + Integer.parseInt(hms[2]);
            }
        }
        throw new AssertionError("no row " + rowStart + " in\n" + out);
    }

    @Test
    void estimatesAndComparesABatchJob() {
        String[] job = {"--requests", "1000000", "--input-tokens", "128", "--output-tokens", "12", "--concurrency", "4"};
        Cli.Result est = Cli.run(at(Cli.args("estimate", job, "--price-per-gpu-hour", "2")));
        assertThat(est.code()).as(est.toString()).isZero();
        assertThat(est.out()).contains("job: 1000000 requests of 128 input / 12 output tokens at concurrency 4");
        double fast = seconds(est.out(), "fast");
        double slow = seconds(est.out(), "slow");
        assertThat(slow).isGreaterThan(fast);
        assertThat(fast).isCloseTo(1_000_000 / cell(est.out(), "fast", 3), org.assertj.core.data.Percentage.withPercentage(1));
        // cost = hours × price per GPU-hour × GPUs (the slow endpoint stands on 4 GPUs)
        assertThat(cell(est.out(), "slow", 7)).isCloseTo(slow / 3600 * 2 * 4, org.assertj.core.data.Percentage.withPercentage(1));

        Cli.Result cmp = Cli.run(at(Cli.args("compare", job)));
        assertThat(cmp.code()).as(cmp.toString()).isZero();
        List<String> rows = cmp.out().lines().filter(l -> l.trim().matches("\\d+\\s+.*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).trim()).startsWith("1  fast");
        assertThat(rows.get(1)).contains("1.00x");
        Matcher m = Pattern.compile("(\\d+\\.\\d+)x").matcher(rows.get(0));
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(slow / fast, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(seconds(cmp.out(), "fast")).isEqualTo(fast);
    }

    @Test
    void ranksByMeasureAndByTopsis() {
        Cli.Result latest = Cli.run(at("rank", "--measure", "ttft,tpot"));
        assertThat(latest.code()).as(latest.toString()).isZero();
        assertThat(latest.out()).contains("latest run of each deployment");
        assertThat(latest.out()).containsPattern("ttft \\(ms, lower is better\\):\\R.*\\R\\s+1\\s+fast");
        assertThat(latest.out()).containsPattern("TOPSIS over .*\\R.*\\R\\s+1\\s+fast");

        Cli.Result predicted = Cli.run(at("rank", "--input-tokens", "128", "--output-tokens", "12", "--concurrency", "3",
                "--measure", "e2e", "--weight", "e2e=1"));
        assertThat(predicted.code()).as(predicted.toString()).isZero();
        assertThat(predicted.out()).contains("at in=128 out=12 concurrency 3", "predicted (");
        assertThat(predicted.out()).containsPattern("e2e \\(ms, lower is better\\):\\R.*\\R\\s+1\\s+fast.*\\R\\s+2\\s+slow");
        assertThat(predicted.out()).contains("Pareto front over [e2e]: [fast]");
    }

    @Test
    void recommendsOnlyDeploymentsWhosePredictionMeetsEachSloAtItsPercentile() {
        Cli.Result r = Cli.run(at("recommend", "--input-tokens", "128", "--output-tokens", "12", "--concurrency", "2",
                "--slo", "tpot=2.5", "--slo", "e2e:p50=100000"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("each at its own percentile (predictions of mean, p50, p95)");
        // whatever the (noisy, simulated) timings, a deployment is recommended exactly when its predicted p95 TPOT meets 2.5 ms
        for (String name : List.of("fast", "slow")) {
            Cli.Result p = Cli.run(at("predict", "--endpoint", name, "--input-tokens", "128", "--output-tokens", "12", "--concurrency", "2",
                    "--statistic", "p95"));
            double tpot = cell(p.out(), "tpot", 1);
            boolean recommended = r.out().lines().anyMatch(l -> l.trim().matches("\\d+\\s+" + name + "\\s.*"));
            assertThat(recommended).as("%s with p95 tpot %s:%n%s", name, tpot, r.out()).isEqualTo(tpot <= 2.5);
            if (!recommended) {
                assertThat(r.out()).containsPattern(name + "\\s+tpot p95 <= 2\\.5 ms\\s+[\\d.]+\\s+\\[[\\d.]+, [\\d.]+\\]\\s+(high|medium|low)");
            }
        }
        Cli.Result loose = Cli.run(at("recommend", "--input-tokens", "128", "--output-tokens", "12", "--concurrency", "2",
                "--slo", "tpot=100000", "--strict"));
        assertThat(loose.out()).contains("strict: whole intervals must meet them").containsPattern("\\s+1\\s+(fast|slow)\\s")
                .containsPattern("\\s+2\\s+(fast|slow)\\s");

        Cli.Result none = Cli.run(at("recommend", "--input-tokens", "128", "--output-tokens", "12", "--concurrency", "2",
                "--slo", "ttft=0.001"));
        assertThat(none.out()).contains("no deployment meets every SLO");
    }

    @Test
    void estimatesAJobAtARateFromConcurrencyRuns() {
        Cli.Result r = Cli.run(at("estimate", "--requests", "1000", "--input-tokens", "128", "--output-tokens", "12", "--rate", "2", "--wide"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("job: 1000 requests of 128 input / 12 output tokens at 2 req/s")
                .contains("converted from 2 req/s by Little's law");
        // below saturation the deployment completes what is sent: 1000 requests at 2/s take 500 s
        assertThat(seconds(r.out(), "fast")).isEqualTo(500);
        assertThat(cell(r.out(), "fast", 3)).isEqualTo(2);
    }

    @Test
    void reportsStoredRunsWithSweepsPredictionsAndRankings() throws IOException {
        Path out = tmp.resolve("report");
        Cli.Result r = Cli.run(at("report", "--out", out.toString(), "--title", "grid <report>"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("report of 16 runs");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("grid &lt;report&gt;").doesNotContain("grid <report>");
        assertThat(html).contains("E2E latency vs load: fast", "Predicted ttft vs concurrency", "Ranking by ttft", "TOPSIS", "Pareto front");
        assertThat(Files.readString(out.resolve("summary.csv")).lines().count()).isEqualTo(17);
    }
}
