package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.sweep.SloKnee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepAndSloSearchTest {
    @TempDir
    Path tmp;

    @Test
    void sweepShowsTpotGrowingWithLoadAndTheSearchFindsTheKneeTheTimingModelPredicts() throws Exception {
        double tpotLimit = 10;
        Out out = new Out();
        SweepAndSloSearch.Outcome o = SweepAndSloSearch.run(new String[] {"--requests", "16", "--tpot", Double.toString(tpotLimit),
                "--ttft", "1000", "--report", tmp.resolve("sweep.html").toString()}, out.stream);

        List<EndpointResult> steps = o.sweep().endpoint("sweep");
        assertThat(o.sweep().levels()).containsExactly(1.0, 2.0, 4.0, 8.0, 16.0);
        assertThat(steps).allSatisfy(r -> assertThat(r.job().succeeded()).isEqualTo(16));
        // decode steps grow by 0.48 ms per running request: 6.5 ms alone, 13.7 ms at 16
        assertThat(steps.get(4).metric(Metric.TPOT).p50()).isGreaterThan(1.5 * steps.get(0).metric(Metric.TPOT).p50());

        // the knee the simulator's timing model predicts: the largest batch whose decode step meets the limit
        int expected = 1;
        while (SweepAndSloSearch.SIM_TIMING.tpotMillis(expected + 1, SweepAndSloSearch.INPUT_TOKENS, SweepAndSloSearch.OUTPUT_TOKENS)
                <= tpotLimit) {
            expected++;
        }
        SloKnee knee = o.knee();
        assertThat(knee.outcome()).isEqualTo(SloKnee.Outcome.FOUND);
        assertThat(knee.knee().getAsDouble()).as("knee vs %d predicted; probes %s", expected, knee.probes())
                .isBetween(Math.max(1, expected * 0.5), expected * 1.5);

        assertThat(Files.readString(o.report())).contains("concurrency sweep");
        assertThat(out.text()).contains("knee: concurrency " + (long) knee.knee().getAsDouble());
    }
}
