package io.llmbench.core.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Clock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class MatrixRunnerTest {
    private final TestMatrix matrix = TestMatrix.builder().engines("vllm", "tgi").concurrencies(1, 2, 4).outputTokens(64, 128).build();

    @Test
    void runsEveryCellAndCheckpointsEachInOrder() {
        List<String> ran = new ArrayList<>();
        List<CellOutcome> checkpoints = new ArrayList<>();
        MatrixReport report = MatrixRunner.of(matrix.cells()).onCheckpoint(checkpoints::add).run(c -> ran.add(c.key()));
        assertThat(ran).containsExactlyElementsOf(matrix.cells().stream().map(MatrixCell::key).toList());
        assertThat(checkpoints).extracting(CellOutcome::status).containsOnly(CellOutcome.Status.DONE);
        assertThat(checkpoints).isEqualTo(report.outcomes());
        assertThat(report.done()).isEqualTo(12);
        assertThat(report.complete()).isTrue();
    }

    @Test
    void resumeAfterACrashSkipsCompletedCellsAndRunsEachCellOnce() {
        Set<String> store = ConcurrentHashMap.newKeySet();
        List<String> executions = new ArrayList<>();
        int crashAt = 7;
        // first attempt: the process "dies" at cell 7 (its task throws and the run stops)
        MatrixReport first = MatrixRunner.of(matrix.cells()).skipIf(store::contains).stopOnFailure(true)
                .onCheckpoint(o -> {
                    if (o.status() == CellOutcome.Status.DONE) {
                        store.add(o.cell().key());
                    }
                })
                .run(c -> {
                    if (c.index() == crashAt) {
                        throw new IOException("connection reset by GPU node");
                    }
                    executions.add(c.key());
                });
        assertThat(first.done()).isEqualTo(crashAt);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.notReached()).hasSize(12 - crashAt - 1);
        assertThat(first.complete()).isFalse();
        assertThat(first.outcomes().get(crashAt).error()).isEqualTo("IOException: connection reset by GPU node");

        MatrixReport second = MatrixRunner.of(matrix.cells()).skipIf(store::contains)
                .onCheckpoint(o -> {
                    if (o.status() == CellOutcome.Status.DONE) {
                        store.add(o.cell().key());
                    }
                })
                .run(c -> executions.add(c.key()));
        assertThat(second.skipped()).isEqualTo(crashAt);
        assertThat(second.done()).isEqualTo(12 - crashAt);
        assertThat(second.complete()).isTrue();
        assertThat(executions).doesNotHaveDuplicates().hasSize(12);
        assertThat(store).hasSize(12);
    }

    @Test
    void continuesPastFailuresByDefault() {
        MatrixReport r = MatrixRunner.of(matrix.cells()).run(c -> {
            if (c.engine().equals("tgi")) {
                throw new IllegalStateException("boom");
            }
        });
        assertThat(r.failed()).isEqualTo(6);
        assertThat(r.done()).isEqualTo(6);
        assertThat(r.notReached()).isEmpty();
        assertThat(r.complete()).isFalse();
    }

    @Test
    void doneCheckRunsJustBeforeEachCell() {
        Set<String> done = new HashSet<>();
        String last = matrix.cells().get(11).key();
        MatrixReport r = MatrixRunner.of(matrix.cells()).skipIf(done::contains).run(c -> {
            if (c.index() == 0) {
                done.add(last); // another shard process finished it meanwhile
            }
        });
        assertThat(r.outcomes().get(11).status()).isEqualTo(CellOutcome.Status.SKIPPED);
    }

    @Test
    void interruptStopsAfterTheCurrentCell() {
        try {
            MatrixReport r = MatrixRunner.of(matrix.cells()).run(c -> {
                if (c.index() == 2) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(r.done()).isEqualTo(3);
            assertThat(r.notReached()).hasSize(9);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void timesCellsWithTheInjectedClock() {
        Clock.Manual clock = Clock.manual(Instant.parse("2026-01-01T00:00:00Z"));
        MatrixReport r = MatrixRunner.of(matrix.cells().subList(0, 2)).clock(clock)
                .run(c -> clock.advance(Duration.ofMillis(1500)));
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.elapsed().toMillis()).isEqualTo(1500));
    }

    @Test
    void failingCheckpointStopsTheRun() {
        assertThatThrownBy(() -> MatrixRunner.of(matrix.cells()).onCheckpoint(o -> {
            throw new IllegalStateException("store down");
        }).run(c -> { })).hasMessage("store down");
    }
}
