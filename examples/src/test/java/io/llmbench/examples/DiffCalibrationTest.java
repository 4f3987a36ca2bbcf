package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pair of each kind (docs/PERFORMANCE.md has the 20-pair figures): the 10% longer prefill
 * shows as a longer TTFT, every run is stored, and judging the stored runs again gives the same answer.
 */
class DiffCalibrationTest {
    @Test
    void measuresAPairOfEachKindAndJudgesTheStoredRunsTheSameWayAgain(@TempDir Path dir) {
        String store = "h2:" + dir.resolve("runs");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        DiffCalibration.Calibration measured = DiffCalibration.run(new String[] {"--pairs", "1", "--requests", "120", "--store", store},
                new PrintStream(text, true, StandardCharsets.UTF_8));
        String out = text.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("false alarms: ", " of 1 same-preset pairs", "10% slower prefill found: ttft p50 in ");
        assertThat(measured.pairs()).isEqualTo(1);
        // 10% of a 50 ms prefill is 5 ms; the harness's own overhead dilutes it, but it must show
        assertThat(measured.meanTtftChange()).isBetween(0.03, 0.2);
        try (ResultStore s = Stores.open(store, null, null)) {
            assertThat(s.count(RunQuery.all())).isEqualTo(4);
            assertThat(s.runs(RunQuery.builder().label("calibration.run", "slow").build())).hasSize(1);
        }
        DiffCalibration.Calibration judged = DiffCalibration.run(new String[] {"--pairs", "1", "--store", store, "--mode", "judge"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(judged).isEqualTo(measured);
    }
}
