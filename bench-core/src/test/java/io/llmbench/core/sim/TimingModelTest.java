package io.llmbench.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimingModelTest {
    private final TimingModel model = TimingModel.builder().prefill(10, 0.02).prefillQuadratic(1e-6)
            .decode(8, 0.1).decodePerContextToken(1e-5).maxRunning(64).jitter(0).build();

    @Test
    void prefillAndStepFollowTheDocumentedFormulas() {
        assertThat(model.prefillMillis(1000)).isCloseTo(10 + 20 + 1, within(1e-9));
        assertThat(model.stepMillis(16)).isCloseTo(8 + 1.6, within(1e-9));
        assertThat(model.stepMillis(16, 100_000)).isCloseTo(8 + 1.6 + 1, within(1e-9));
    }

    @Test
    void decodeStepsCountTokensAfterTheFirstInChunksOfTokensPerStep() {
        TimingModel spec = TimingModel.from(model).tokensPerStep(3).build();
        assertThat(model.decodeSteps(1)).isZero();
        assertThat(model.decodeSteps(2)).isEqualTo(1);
        assertThat(model.decodeSteps(128)).isEqualTo(127);
        assertThat(spec.decodeSteps(2)).isEqualTo(1);
        assertThat(spec.decodeSteps(4)).isEqualTo(1);
        assertThat(spec.decodeSteps(5)).isEqualTo(2);
        assertThat(spec.tpotMillis(1, 100, 4)).isCloseTo(spec.stepMillis(1, 100 + 2) / 3, within(1e-9));
        assertThat(model.tpotMillis(1, 100, 1)).isNaN();
    }

    @Test
    void closedLoopSteadyStateObeysLittlesLaw() {
        TimingModel.OperatingPoint s = model.atConcurrency(32, 512, 128);
        assertThat(s.saturated()).isFalse();
        assertThat(s.running()).isEqualTo(32);
        // Little's law for the decode phase: batch = throughput × decode time
        double decode = model.decodeMillis(s.decodeBatch(), 512, 128);
        assertThat(s.decodeBatch()).isCloseTo(s.requestRate() / 1000 * decode, within(1e-6));
        assertThat(s.requestRate()).isCloseTo(32 * 1000 / (model.prefillMillis(512) + decode), within(1e-6));
        assertThat(s.ttftMillis()).isCloseTo(model.prefillMillis(512), within(1e-6));
        assertThat(s.tpotMillis()).isCloseTo(model.tpotMillis(1, 512, 128) + 0.1 * (s.decodeBatch() - 1)
                + 1e-5 * (s.decodeBatch() - 1) * (512 + 64), within(1e-6));
    }

    @Test
    void closedLoopAboveMaxRunningQueues() {
        TimingModel.OperatingPoint s = model.atConcurrency(128, 512, 128);
        assertThat(s.running()).isEqualTo(64);
        assertThat(s.waiting()).isEqualTo(64);
        // twice as many clients as slots: the same throughput, and each waits one full service time
        TimingModel.OperatingPoint at64 = model.atConcurrency(64, 512, 128);
        assertThat(s.requestRate()).isCloseTo(at64.requestRate(), within(1e-6));
        assertThat(s.e2eMillis()).isCloseTo(2 * at64.e2eMillis(), within(1e-6));
        assertThat(s.ttftMillis()).isCloseTo(at64.e2eMillis() + at64.ttftMillis(), within(1e-6));
    }

    @Test
    void openLoopSaturatesAtMaxRequestRate() {
        double max = model.maxRequestRate(512, 128);
        TimingModel.OperatingPoint below = model.atRate(max * 0.99, 512, 128);
        TimingModel.OperatingPoint above = model.atRate(max * 1.01, 512, 128);
        assertThat(below.saturated()).isFalse();
        assertThat(below.running()).isLessThanOrEqualTo(64).isGreaterThan(60);
        assertThat(above.saturated()).isTrue();
        assertThat(above.ttftMillis()).isInfinite();
        // below saturation the open loop is the closed loop with the same number running
        TimingModel.OperatingPoint light = model.atRate(10, 512, 128);
        assertThat(light.ttftMillis()).isEqualTo(model.prefillMillis(512));
        assertThat(light.decodeBatch()).isCloseTo(10.0 / 1000 * model.decodeMillis(light.decodeBatch(), 512, 128), within(1e-6));
    }

    @Test
    void prefillLanesLimitTheRate() {
        TimingModel oneLane = TimingModel.from(model).prefillConcurrency(1).maxRunning(100_000).build();
        double max = oneLane.maxRequestRate(2000, 2);
        assertThat(max).isCloseTo(1000 / oneLane.prefillMillis(2000), within(0.01));
    }

    @Test
    void instantModelCostsNothing() {
        TimingModel i = TimingModel.instant();
        assertThat(i.prefillMillis(100_000)).isZero();
        assertThat(i.stepMillis(5000)).isZero();
        assertThat(i.jitter()).isZero();
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertThatThrownBy(() -> TimingModel.builder().maxRunning(0))
                .hasMessage("maxRunning must be >= 1, but was 0");
        assertThatThrownBy(() -> TimingModel.builder().jitter(1.0))
                .hasMessage("jitter must be >= 0 and < 1, but was 1.0");
        assertThatThrownBy(() -> TimingModel.builder().prefill(-1, 0))
                .hasMessage("prefill baseMillis must be >= 0 and finite, but was -1.0");
        assertThatThrownBy(() -> TimingModel.builder().decode(1, Double.NaN))
                .hasMessage("decode perRequestMillis must be >= 0 and finite, but was NaN");
        assertThatThrownBy(() -> TimingModel.builder().tokensPerStep(0))
                .hasMessage("tokensPerStep must be >= 1, but was 0");
        assertThatThrownBy(() -> model.atConcurrency(0, 1, 1))
                .hasMessage("concurrency must be >= 1, but was 0");
        assertThatThrownBy(() -> model.atRate(-2, 1, 1))
                .hasMessage("requestsPerSecond must be > 0 and finite, but was -2.0");
    }

    @Test
    void fromCopiesEveryParameter() {
        TimingModel copy = TimingModel.from(model).build();
        assertThat(copy.toString()).isEqualTo(model.toString());
        assertThat(copy.prefillPerTokenSquaredMillis()).isEqualTo(1e-6);
        assertThat(copy.stepPerContextTokenMillis()).isEqualTo(1e-5);
    }
}
