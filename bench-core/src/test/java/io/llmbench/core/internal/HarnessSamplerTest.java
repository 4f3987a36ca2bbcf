package io.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.HarnessHealth;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class HarnessSamplerTest {
    @Test
    void samplersWatchingOneSchedulerShareOneProbeThatStopsWithTheLast() throws Exception {
        ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1);
        try {
            HarnessSampler outer = HarnessSampler.start(List.of(loop, loop));
            Thread.sleep(100);
            HarnessSampler inner = HarnessSampler.start(List.of(loop));
            Thread.sleep(100);
            HarnessHealth innerHealth = inner.stop(Double.NaN, 0);
            Thread.sleep(100);
            HarnessHealth outerHealth = outer.stop(Double.NaN, 0);

            assertThat(outerHealth.probedLoops()).isEqualTo(1);
            assertThat(innerHealth.loopLagSamples()).isPositive();
            assertThat(outerHealth.loopLagSamples()).isGreaterThan(innerHealth.loopLagSamples());
            // one probe served both: its runs fit in the outer sampler's samples (each run is at
            // least one sample), where two probes would have run about outer + inner times
            for (int i = 0; i < 100 && !loop.getQueue().isEmpty(); i++) {
                Thread.sleep(5);
            }
            assertThat(loop.getQueue()).as("no probe left scheduled").isEmpty();
            assertThat(loop.getCompletedTaskCount()).isLessThanOrEqualTo(outerHealth.loopLagSamples() + 1);
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void aSchedulerThatRejectsTasksYieldsNoSamplesAndNoError() {
        ScheduledThreadPoolExecutor closed = new ScheduledThreadPoolExecutor(1);
        closed.shutdown();
        HarnessSampler s = HarnessSampler.start(List.of(closed));
        HarnessHealth h = s.stop(Double.NaN, 0);
        assertThat(h.loopLagSamples()).isZero();
        assertThat(h.loopLagP99Millis()).isNaN();
        assertThatThrownBy(() -> s.stop(Double.NaN, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the harness sampler was already stopped");
    }

    @Test
    void withoutEventLoopsTheSharedTimerThreadIsProbed() throws Exception {
        HarnessSampler s = HarnessSampler.start(List.of());
        Thread.sleep(50);
        HarnessHealth h = s.stop(Double.NaN, 0);
        assertThat(h.probedLoops()).isZero();
        assertThat(h.loopLagSamples()).isPositive();
    }

    @Test
    void concurrentCollectorsCycleBeansAreNotPauses() {
        assertThat(HarnessSampler.isPause("G1 Young Generation")).isTrue();
        assertThat(HarnessSampler.isPause("ZGC Pauses")).isTrue();
        assertThat(HarnessSampler.isPause("ZGC Cycles")).isFalse();
        assertThat(HarnessSampler.isPause("Shenandoah Cycles")).isFalse();
    }
}
