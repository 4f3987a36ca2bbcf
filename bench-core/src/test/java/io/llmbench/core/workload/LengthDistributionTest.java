package io.llmbench.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LengthDistributionTest {
    @Test
    void fixedAlwaysGivesTheMean() {
        SplittableRandom r = new SplittableRandom(1);
        LengthDistribution d = LengthDistribution.fixed(77);
        for (int i = 0; i < 100; i++) {
            assertThat(d.sample(r)).isEqualTo(77);
        }
        assertThat(d).hasToString("77");
    }

    @Test
    void normalWithoutBoundsStaysWithinFourDeviationsAndAboveZero() {
        LengthDistribution d = LengthDistribution.normal(10, 20);
        assertThat(d.min()).isEqualTo(1);
        assertThat(d.max()).isEqualTo(90);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 5000; i++) {
            assertThat(d.sample(r)).isBetween(1, 90);
        }
    }

    @Test
    void narrowRangeFarFromSpreadFallsBackToUniformInRange() {
        LengthDistribution d = LengthDistribution.normal(100, 100_000, 100, 101);
        SplittableRandom r = new SplittableRandom(3);
        int[] seen = new int[2];
        for (int i = 0; i < 2000; i++) {
            seen[d.sample(r) - 100]++;
        }
        assertThat(seen[0]).isGreaterThan(800);
        assertThat(seen[1]).isGreaterThan(800);
    }

    @Test
    void rejectsInconsistentBounds() {
        assertThatThrownBy(() -> new LengthDistribution(10, 1, 0, 20)).hasMessage("min length must be >= 1 token, but was 0");
        assertThatThrownBy(() -> new LengthDistribution(10, 1, 5, 4)).hasMessage("max length must be >= min (5), but was 4");
        assertThatThrownBy(() -> new LengthDistribution(30, 1, 5, 20)).hasMessage("mean length must be in [min, max] = [5, 20], but was 30");
        assertThatThrownBy(() -> LengthDistribution.normal(10, -1)).hasMessage("stdev of lengths must be >= 0, but was -1");
    }
}
