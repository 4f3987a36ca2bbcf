package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.HarnessHealth.Verdict;
import org.junit.jupiter.api.Test;

/** The verdict against each threshold, from figures given directly. */
class HarnessHealthTest {
    /** Figures well inside every threshold: 2 loops, 0.1 ms p99, 30% CPU, 5 ms of GC in 10 s. */
    private static HarnessHealth judge(double loopP99, double cpu, double gcMillis, double gcMax, double scheduleP99,
                                       boolean scheduleJudged) {
        return HarnessHealth.assess(2, 10_000, loopP99 / 2, loopP99, loopP99 * 2, cpu, 2, cpu, 3, gcMillis, gcMax,
                scheduleP99, scheduleJudged, scheduleJudged ? 0 : 12, 10.0);
    }

    private static HarnessHealth healthy() {
        return judge(0.1, 0.30, 5, 2, Double.NaN, false);
    }

    @Test
    void figuresInsideEveryThresholdAreOkWithoutReasons() {
        HarnessHealth h = healthy();
        assertThat(h.verdict()).isEqualTo(Verdict.OK);
        assertThat(h.ok()).isTrue();
        assertThat(h.reasons()).isEmpty();
        assertThat(h.describe()).startsWith("OK: loop lag p50 0.05 / p99 0.10");
    }

    @Test
    void loopLagAboveOneMillisecondIsSuspectAndNamesTheTimingsToDistrust() {
        HarnessHealth h = judge(1.5, 0.30, 5, 2, Double.NaN, false);
        assertThat(h.verdict()).isEqualTo(Verdict.SUSPECT);
        assertThat(h.reasons()).singleElement().asString()
                .contains("client event-loop lag (2 loops) p99 1.5 ms", "> 1 ms", "TTFT, ITL and TPOT");
        assertThat(judge(1.0, 0.30, 5, 2, Double.NaN, false).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void loopLagAboveTenMillisecondsIsOverloaded() {
        HarnessHealth h = judge(12, 0.30, 5, 2, Double.NaN, false);
        assertThat(h.verdict()).isEqualTo(Verdict.OVERLOADED);
        assertThat(h.reasons()).singleElement().asString().contains("> 10 ms", "measure the harness, not the endpoint");
    }

    @Test
    void aTimerThreadProbeIsNamedAsSuch() {
        HarnessHealth h = HarnessHealth.assess(0, 1_000, 1, 2, 3, 0.1, 2, 0.1, 0, 0, 0, Double.NaN, false, 0, 1.0);
        assertThat(h.reasons()).singleElement().asString().startsWith("harness timer-thread lag p99 2.0 ms");
    }

    @Test
    void cpuAboveEightyFivePercentIsSuspectAndAboveNinetyFiveOverloaded() {
        assertThat(judge(0.1, 0.85, 5, 2, Double.NaN, false).verdict()).isEqualTo(Verdict.OK);
        HarnessHealth suspect = judge(0.1, 0.90, 5, 2, Double.NaN, false);
        assertThat(suspect.verdict()).isEqualTo(Verdict.SUSPECT);
        assertThat(suspect.reasons()).singleElement().asString().contains("process CPU 90% of 2 cores > 85%");
        assertThat(judge(0.1, 0.97, 5, 2, Double.NaN, false).verdict()).isEqualTo(Verdict.OVERLOADED);
    }

    @Test
    void gcPausesJudgedByTheirShareOfTheRunAndTheLongestPause() {
        // 10 s sampled: 150 ms is 1.5%, 600 ms 6%
        assertThat(judge(0.1, 0.3, 150, 20, Double.NaN, false).verdict()).isEqualTo(Verdict.SUSPECT);
        assertThat(judge(0.1, 0.3, 600, 20, Double.NaN, false).verdict()).isEqualTo(Verdict.OVERLOADED);
        HarnessHealth longPause = judge(0.1, 0.3, 90, 120, Double.NaN, false);
        assertThat(longPause.verdict()).isEqualTo(Verdict.SUSPECT);
        assertThat(longPause.reasons()).singleElement().asString().contains("longest 120 ms");
    }

    @Test
    void scheduleLagIsJudgedOnlyWhenNoSendWaitedForTheCap() {
        assertThat(judge(0.1, 0.3, 5, 2, 0.8, true).verdict()).isEqualTo(Verdict.OK);
        HarnessHealth late = judge(0.1, 0.3, 5, 2, 4.0, true);
        assertThat(late.verdict()).isEqualTo(Verdict.SUSPECT);
        assertThat(late.reasons()).singleElement().asString().contains("schedule lag p99 4.0 ms > 1 ms", "*_from_scheduled");
        assertThat(judge(0.1, 0.3, 5, 2, 40.0, true).verdict()).isEqualTo(Verdict.OVERLOADED);
        HarnessHealth capped = judge(0.1, 0.3, 5, 2, 40.0, false);
        assertThat(capped.verdict()).isEqualTo(Verdict.OK);
        assertThat(capped.reasons()).singleElement().asString().contains("not judged", "12 sends waited for the concurrency cap");
    }

    @Test
    void theWorstFigureDecidesAndEveryFigurePastItsThresholdIsNamed() {
        HarnessHealth h = judge(2.0, 0.97, 5, 2, 3.0, true);
        assertThat(h.verdict()).isEqualTo(Verdict.OVERLOADED);
        assertThat(h.reasons()).hasSize(3);
    }

    @Test
    void otherProcessesBusyOnTheMachineAreMentionedWhenTheVerdictIsNotOk() {
        HarnessHealth h = HarnessHealth.assess(0, 1_000, 1, 3, 5, 0.2, 2, 0.9, 0, 0, 0, Double.NaN, false, 0, 1.0);
        assertThat(h.reasons()).last().asString().contains("machine's CPU was 90% busy");
    }

    @Test
    void aRunTooShortToSampleIsOkAndSaysItWasNotJudged() {
        HarnessHealth h = HarnessHealth.assess(0, 40, 5, 15, 15, 1.0, 2, 1.0, 1, 30, 30, Double.NaN, false, 0, 0.04);
        assertThat(HarnessHealth.assess(0, 900, 5, 15, 15, 1.0, 2, 1.0, 1, 30, 30, Double.NaN, false, 0, 0.9).verdict())
                .isEqualTo(Verdict.OK);
        assertThat(h.verdict()).isEqualTo(Verdict.OK);
        assertThat(h.reasons()).singleElement().asString().startsWith("sampled 0.04 s (40 probe runs): too short to judge");
        assertThat(h.loopLagP99Millis()).isEqualTo(15);
    }

    @Test
    void rejectsAZeroCoreCount() {
        assertThatThrownBy(() -> HarnessHealth.assess(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, false, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cores must be >= 1, but was 0");
    }
}
