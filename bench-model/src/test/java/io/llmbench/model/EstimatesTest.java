package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimatesTest {
    private static Observation run(String name, double rps) {
        return Observation.builder().source(name).inputTokens(1000).outputTokens(200).concurrency(16)
                .value(Measure.REQUEST_THROUGHPUT, rps).value(Measure.E2E, 16_000 / rps).build();
    }

    @Test
    void timeToProcessFollowsTheMeasuredRate() {
        BatchJob job = BatchJob.of(7200, 1000, 200, 16);
        TimeEstimate t = Estimates.timeToProcess(job, Candidate.measured("a", run("bench-7", 2)));
        assertThat(t.seconds()).isCloseTo(3600, within(1e-9));
        assertThat(t.hours()).isCloseTo(1, within(1e-12));
        assertThat(t.days()).isCloseTo(1 / 24.0, within(1e-12));
        assertThat(t.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(t.requestsPerSecond()).isEqualTo(2);
        assertThat(t.secondsPerRequest()).isEqualTo(0.5);
        assertThat(t.latencyMillis()).isEqualTo(8000);
        assertThat(t.outputTokensPerSecond()).isEqualTo(400);
        assertThat(t.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(t.basis()).isEqualTo("measured: bench-7 at in=1000 out=200 concurrency 16");
        assertThat(t.costEstimate()).isEmpty();
    }

    @Test
    void aRunAtAnotherConcurrencyIsALowConfidenceBasis() {
        TimeEstimate t = Estimates.timeToProcess(BatchJob.of(100, 1000, 200, 64), Candidate.measured("a", run("bench-7", 2)));
        assertThat(t.confidence()).isEqualTo(Confidence.LOW);
        assertThat(t.basis()).contains("the job is at in=1000 out=200 concurrency 64");
    }

    @Test
    void costFollowsGpuHours() {
        BatchJob job = BatchJob.of(7200, 1000, 200, 16);
        TimeEstimate t = Estimates.timeToProcess(job, Candidate.measured("a", run("r", 2)).withPricing(Pricing.perGpuHour(2.0, 4)));
        Cost c = t.costEstimate().orElseThrow();
        assertThat(c.perJob()).isCloseTo(8.0, within(1e-9));                          // 1 hour × 4 GPUs × 2.0
        assertThat(c.perMillionOutputTokens()).isCloseTo(8.0 / (7200 * 200) * 1e6, within(1e-9));
        assertThat(c.perMillionTokens()).isCloseTo(8.0 / (7200 * 1200) * 1e6, within(1e-9));
        assertThat(Pricing.perGpuHour(2.0, 4).perMillionOutputTokens(400)).isCloseTo(c.perMillionOutputTokens(), within(1e-9));
    }

    @Test
    void littlesLawGivesTheRateFromLatency() {
        Observation e2eOnly = Observation.builder().inputTokens(1000).outputTokens(200).concurrency(10).value(Measure.E2E, 5000).build();
        TimeEstimate t = Estimates.timeToProcess(BatchJob.of(100, 1000, 200, 10), Candidate.measured("x", e2eOnly));
        assertThat(t.requestsPerSecond()).isCloseTo(2, within(1e-12));  // 10 in flight / 5 s
        assertThat(t.seconds()).isCloseTo(50, within(1e-9));
    }

    @Test
    void rejectsACandidateWithoutARate() {
        Observation ttftOnly = Observation.builder().inputTokens(1000).outputTokens(200).concurrency(10).value(Measure.TTFT, 50).build();
        assertThatThrownBy(() -> Estimates.timeToProcess(BatchJob.of(100, 1000, 200, 10), Candidate.measured("x", ttftOnly)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("candidate 'x' must have request_throughput, output_throughput or (with a concurrency) e2e to estimate a job's time, but has none of them");
    }

    @Test
    void comparesFastestFirstAgainstTheSlowest() {
        BatchJob job = BatchJob.of(3600, 1000, 200, 16);
        List<Comparison> rows = Estimates.compare(job, List.of(
                Candidate.measured("slow", run("s", 1)), Candidate.measured("fast", run("f", 4)), Candidate.measured("mid", run("m", 2))));
        assertThat(rows).extracting(r -> r.estimate().name()).containsExactly("fast", "mid", "slow");
        assertThat(rows).extracting(Comparison::rank).containsExactly(1, 2, 3);
        assertThat(rows).extracting(Comparison::speedUpVsSlowest).containsExactly(4.0, 2.0, 1.0);
        assertThat(rows).extracting(Comparison::secondsSavedVsSlowest).containsExactly(2700.0, 1800.0, 0.0);
    }

    @Test
    void estimatesFromAModelRestOnTheNearestRun() {
        FittedModel model = Predictor.physical().fit(Synthetic.serverGrid(0, 1));
        BatchJob job = BatchJob.of(10_000, 512, 256, 16);
        TimeEstimate t = Estimates.timeToProcess(job, Candidate.of("m", model));
        double truth = Synthetic.server(job.point()).get(Measure.REQUEST_THROUGHPUT);
        assertThat(t.requestsPerSecond()).isCloseTo(truth, within(truth * 0.02));
        assertThat(t.seconds()).isCloseTo(10_000 / truth, within(10_000 / truth * 0.02));
        assertThat(t.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(t.basis()).startsWith("predicted by physical from 48 runs (HIGH confidence: inside the measured range, near measured runs); "
                + "nearest run: grid in=512 out=256 concurrency 16");
    }

    private static Observation rateRun(double rate, double completed) {
        return Observation.builder().source("rate " + rate).inputTokens(1000).outputTokens(200).rate(rate)
                .value(Measure.REQUEST_THROUGHPUT, completed).value(Measure.E2E, 4000 + 1000 * Math.max(0, rate - 3)).build();
    }

    @Test
    void aJobAtARateCompletesNoFasterThanItIsSent() {
        TimeEstimate t = Estimates.timeToProcess(BatchJob.atRate(600, 1000, 200, 2), Candidate.measured("a", run("c16", 4)));
        assertThat(t.requestsPerSecond()).isEqualTo(2);   // the closed-loop run completed 4/s, but only 2/s are sent
        assertThat(t.seconds()).isCloseTo(300, within(1e-9));
        assertThat(t.outputTokensPerSecond()).isCloseTo(400, within(1e-6));
        assertThat(t.confidence()).isEqualTo(Confidence.LOW);  // a concurrency run only approximates a rate job
    }

    @Test
    void aMeasuredRunAtTheJobsRateShowsSaturation() {
        TimeEstimate ok = Estimates.timeToProcess(BatchJob.atRate(600, 1000, 200, 2), Candidate.measured("a", rateRun(2, 1.95)));
        assertThat(ok.saturation().saturated()).isFalse();
        assertThat(ok.confidence()).isEqualTo(Confidence.HIGH);
        TimeEstimate full = Estimates.timeToProcess(BatchJob.atRate(600, 1000, 200, 6), Candidate.measured("a", rateRun(6, 3.1)));
        assertThat(full.saturation().saturated()).isTrue();
        assertThat(full.requestsPerSecond()).isEqualTo(3.1);
        assertThat(full.basis()).contains("saturated: 6 req/s offered exceeds the capacity of about 3.1 req/s");
    }

    @Test
    void aRateModelEstimatesAJobAtARate() {
        List<Observation> runs = new java.util.ArrayList<>();
        for (double r : new double[] {0.5, 1, 1.5, 2, 2.5, 3}) {
            for (double in : new double[] {500, 2000}) {
                runs.add(Observation.builder().inputTokens(in).outputTokens(200).rate(r).value(Measure.REQUEST_THROUGHPUT, 0.97 * r)
                        .value(Measure.E2E, 2000 + in + 300 * r).build());
            }
        }
        FittedModel model = Predictor.physical().fit(runs);
        TimeEstimate t = Estimates.timeToProcess(BatchJob.atRate(1000, 1000, 200, 1.75), Candidate.of("m", model));
        assertThat(t.requestsPerSecond()).isLessThanOrEqualTo(1.75).isGreaterThan(1.6);
        assertThat(t.saturation().saturated()).isFalse();
        // at a concurrency, the rate model converts by Little's law
        TimeEstimate c = Estimates.timeToProcess(BatchJob.of(1000, 1000, 200, 4), Candidate.of("m", model));
        assertThat(c.requestsPerSecond()).isBetween(0.5, 3.0);
        assertThat(c.basis()).contains("converted from concurrency 4 by Little's law");
    }

    @Test
    void rejectsBadJobsAndPrices() {
        assertThatThrownBy(() -> BatchJob.atRate(1, 10, 10, 0)).hasMessage("rate must be a finite number > 0 requests/s, but was 0.0");
        assertThatThrownBy(() -> BatchJob.of(0, 10, 10, 1)).hasMessage("requests must be >= 1, but was 0");
        assertThatThrownBy(() -> BatchJob.of(1, 10, 10, 0.5)).hasMessage("concurrency must be a finite number >= 1, but was 0.5");
        assertThatThrownBy(() -> Pricing.perGpuHour(-1, 1)).hasMessage("pricePerGpuHour must be a finite number >= 0, but was -1.0");
        assertThatThrownBy(() -> Pricing.perGpuHour(1, 0)).hasMessage("gpuCount must be >= 1, but was 0");
    }
}
