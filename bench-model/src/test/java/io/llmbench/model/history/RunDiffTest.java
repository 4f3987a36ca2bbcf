package io.llmbench.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Traffic;
import io.llmbench.model.Measure;
import io.llmbench.model.Statistic;
import org.junit.jupiter.api.Test;

class RunDiffTest {
    static final DiffOptions TTFT_P95 = DiffOptions.custom().onlyCompare(Measure.TTFT, Statistic.P95).build();

    static Change ttftP95(RunDiff d) {
        return d.change(Measure.TTFT, Statistic.P95).orElseThrow();
    }

    @Test
    void aTenPercentSlowerTtftIsARegressionWithAnIntervalAroundTenPercent() {
        EndpointResult base = Runs.synthetic(1, 200, 1.0, 1.0);
        EndpointResult slow = Runs.synthetic(2, 200, 1.1, 1.0);
        RunDiff d = RunDiff.compare(base, slow);
        Change c = d.change(Measure.TTFT, Statistic.P50).orElseThrow();
        assertThat(c.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(c.method()).isEqualTo(IntervalMethod.REQUEST_BOOTSTRAP);
        assertThat(c.lower()).isPositive().isLessThan(c.relativeChange());
        assertThat(c.upper()).isGreaterThan(c.relativeChange());
        assertThat(c.relativeChange()).isBetween(0.03, 0.2);
        assertThat(c.lower()).isLessThan(0.1).as("the interval covers the true 10%");
        assertThat(c.upper()).isGreaterThan(0.1);
        assertThat(d.hasRegression()).isTrue();
        // the decode was unchanged
        assertThat(d.change(Measure.ITL, Statistic.P50).orElseThrow().verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);
        assertThat(d.change(Measure.TPOT, Statistic.P50).orElseThrow().verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);
    }

    @Test
    void twoRunsOfTheSameDistributionShowNoSignificantChange() {
        RunDiff d = RunDiff.compare(Runs.synthetic(1, 200, 1.0, 1.0), Runs.synthetic(2, 200, 1.0, 1.0));
        assertThat(d.regressions()).isEmpty();
        assertThat(d.changes()).allSatisfy(c -> assertThat(c.verdict()).as(c.label()).isIn(Verdict.NO_SIGNIFICANT_CHANGE, Verdict.BETTER));
    }

    @Test
    void aFasterCandidateIsBetterAndAHigherUserTpsIsBetterToo() {
        RunDiff d = RunDiff.compare(Runs.synthetic(1, 300, 1.0, 1.0), Runs.synthetic(2, 300, 0.8, 0.8));
        assertThat(ttftP95(d).verdict()).isEqualTo(Verdict.BETTER);
        Change tps = d.change(Measure.USER_TPS, Statistic.P50).orElseThrow();
        assertThat(tps.relativeChange()).isPositive();
        assertThat(tps.verdict()).isEqualTo(Verdict.BETTER);
        RunDiff back = RunDiff.compare(Runs.synthetic(2, 300, 0.8, 0.8), Runs.synthetic(1, 300, 1.0, 1.0));
        assertThat(back.change(Measure.USER_TPS, Statistic.P50).orElseThrow().verdict()).isEqualTo(Verdict.WORSE);
    }

    @Test
    void aChangeWithinTheThresholdIsNotARegressionEvenWhenSignificant() {
        EndpointResult base = Runs.synthetic(1, 2000, 1.0, 1.0);
        EndpointResult slow = Runs.synthetic(2, 2000, 1.1, 1.0);
        Change strict = ttftP95(RunDiff.compare(base, slow, TTFT_P95));
        assertThat(strict.verdict()).isEqualTo(Verdict.WORSE);
        Change lenient = ttftP95(RunDiff.compare(base, slow, DiffOptions.from(TTFT_P95).maxRegression(Threshold.parse("ttft:p95=20%")).build()));
        assertThat(lenient.lower()).isPositive();
        assertThat(lenient.verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);
        assertThat(lenient.threshold().toString()).isEqualTo("ttft:p95=20%");
        Change absolute = ttftP95(RunDiff.compare(base, slow, DiffOptions.from(TTFT_P95).maxRegression(Threshold.parse("ttft=1ms")).build()));
        assertThat(absolute.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(absolute.threshold().describeAmount()).isEqualTo("1 ms");
    }

    @Test
    void theSameRunsAndSeedGiveTheSameIntervalAndAnotherSeedAnother() {
        EndpointResult a = Runs.synthetic(1, 200, 1.0, 1.0);
        EndpointResult b = Runs.synthetic(2, 200, 1.05, 1.0);
        Change first = ttftP95(RunDiff.compare(a, b, TTFT_P95));
        Change again = ttftP95(RunDiff.compare(a, b, TTFT_P95));
        Change other = ttftP95(RunDiff.compare(a, b, DiffOptions.from(TTFT_P95).seed(99).build()));
        assertThat(again).isEqualTo(first);
        assertThat(other.lower()).isNotEqualTo(first.lower());
        assertThat(other.relativeChange()).isEqualTo(first.relativeChange());
    }

    @Test
    void runsWithOnlyHistogramsGetIntervalsFromTheHistogramsAboutAsWideAsFromRecords() {
        EndpointResult a = Runs.synthetic(1, 500, 1.0, 1.0);
        EndpointResult b = Runs.synthetic(2, 500, 1.1, 1.0);
        Change records = ttftP95(RunDiff.compare(a, b, TTFT_P95));
        RunDiff hd = RunDiff.compare(Runs.withoutRecords(a), Runs.withoutRecords(b), TTFT_P95);
        Change histograms = ttftP95(hd);
        assertThat(histograms.method()).isEqualTo(IntervalMethod.HISTOGRAM_BOOTSTRAP);
        assertThat(histograms.relativeChange()).isCloseTo(records.relativeChange(), within(0.005));   // 3 significant digits
        double w1 = records.upper() - records.lower();
        double w2 = histograms.upper() - histograms.lower();
        assertThat(w2).isBetween(w1 * 0.7, w1 * 1.3);
        assertThat(hd.notes()).anyMatch(n -> n.contains("baseline has no request records"));
    }

    @Test
    void summaryOnlyRunsHaveNoIntervalAndAreJudgedByThePointEstimate() {
        EndpointResult a = Runs.summaryOnly(Runs.synthetic(1, 200, 1.0, 1.0));
        EndpointResult b = Runs.summaryOnly(Runs.synthetic(2, 200, 1.3, 1.0));
        RunDiff d = RunDiff.compare(a, b);
        Change c = ttftP95(d);
        assertThat(c.method()).isEqualTo(IntervalMethod.NONE);
        assertThat(c.hasInterval()).isFalse();
        assertThat(c.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(c.note()).contains("no interval");
        assertThat(c.describeChange()).endsWith("(no interval)");
        assertThat(d.notes()).anyMatch(n -> n.contains("holds only quoted summary figures") && n.contains("no interval is possible"));
    }

    @Test
    void throughputIsOneNumberPerRunJudgedAgainstItsOwnDefault() {
        EndpointResult a = Runs.synthetic(1, 200, 1.0, 1.0);
        EndpointResult b = Runs.synthetic(1, 200, 1.0, 1.0);
        double tps = a.job().outputTokenThroughput();
        Change small = RunDiff.compare(a, Runs.withThroughput(b, tps * 0.93)).change(Measure.OUTPUT_THROUGHPUT, null).orElseThrow();
        assertThat(small.verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_CHANGE);   // within the default 10%
        Change big = RunDiff.compare(a, Runs.withThroughput(b, tps * 0.85)).change(Measure.OUTPUT_THROUGHPUT, null).orElseThrow();
        assertThat(big.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(big.method()).isEqualTo(IntervalMethod.NONE);
        assertThat(big.relativeChange()).isCloseTo(-0.15, within(1e-9));
    }

    @Test
    void aStatisticOneRunLacksIsNotCompared() {
        EndpointResult a = Runs.synthetic(1, 50, 1.0, 1.0);
        EndpointResult b = new EndpointResult(a.deployment(), Runs.info(new Traffic(Traffic.Mode.CONCURRENCY, 4)), a.job(),
                java.util.Map.of(), java.util.List.of(), java.util.List.of());
        RunDiff d = RunDiff.compare(a, b);
        assertThat(ttftP95(d).verdict()).isEqualTo(Verdict.NOT_COMPARED);
        assertThat(ttftP95(d).note()).isEqualTo("the candidate does not have it");
        assertThat(d.hasRegression()).isFalse();
        assertThat(d.notes()).contains("traffic differs: baseline 'sequential', candidate 'concurrency 4'");
    }

    @Test
    void aPercentileOnFewSamplesSaysSo() {
        RunDiff d = RunDiff.compare(Runs.synthetic(1, 200, 1.0, 1.0), Runs.synthetic(2, 200, 1.0, 1.0),
                DiffOptions.custom().maxRegression(Threshold.parse("ttft:p99=10%")).build());
        assertThat(d.change(Measure.TTFT, Statistic.P99).orElseThrow().note()).isEqualTo("both runs: p99 of 200 samples rests on 2 above it: a wide interval");
        assertThat(d.change(Measure.E2E, Statistic.P99)).as("p99 is compared only when asked for").isEmpty();
    }

    @Test
    void aDriftWithinARunWidensTheIntervalOfTheBlockBootstrap() {
        // each run's TTFT is 20% longer in its second half (the machine got busy): requests are not independent
        EndpointResult a = Runs.drifting(1, 400);
        EndpointResult b = Runs.drifting(2, 400);
        DiffOptions ttft = DiffOptions.custom().onlyCompare(Measure.TTFT, Statistic.P50).build();
        Change blocks = RunDiff.compare(a, b, ttft).change(Measure.TTFT, Statistic.P50).orElseThrow();
        Change plain = RunDiff.compare(a, b, DiffOptions.from(ttft).blockLength(1).build()).change(Measure.TTFT, Statistic.P50).orElseThrow();
        assertThat(blocks.upper() - blocks.lower()).isGreaterThan(1.3 * (plain.upper() - plain.lower()));
        assertThat(blocks.relativeChange()).isEqualTo(plain.relativeChange());
    }

    /**
     * The interval's coverage is measured, not assumed: over 200 pairs of runs drawn from one
     * distribution, the 95% interval of the p95 change must contain 0 in about 95% of them.
     */
    @Test
    void theNinetyFivePercentIntervalCoversNoChangeInAboutNinetyFivePercentOfPairs() {
        int covered = 0;
        int pairs = 200;
        DiffOptions opts = DiffOptions.from(TTFT_P95).resamples(400).build();
        for (int i = 0; i < pairs; i++) {
            Change c = ttftP95(RunDiff.compare(Runs.synthetic(1000 + 2L * i, 200, 1, 1), Runs.synthetic(1001 + 2L * i, 200, 1, 1), opts));
            if (c.lower() <= 0 && c.upper() >= 0) {
                covered++;
            }
        }
        assertThat(covered / (double) pairs).isBetween(0.90, 0.995);
    }
}
