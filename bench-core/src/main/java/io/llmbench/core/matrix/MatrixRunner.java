package io.llmbench.core.matrix;

import io.llmbench.core.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task for each matrix cell in order, skipping cells that are already complete (resume)
 * and reporting each cell's outcome to a checkpoint callback as soon as it is known.
 *
 * <pre>{@code
 * MatrixReport report = MatrixRunner.of(matrix.shard(i, n))
 *         .skipIf(store::isCellDone)                 // the "already done" check, by cell key
 *         .onCheckpoint(outcome -> log.info("{}", outcome))
 *         .run(cell -> store.save(Benchmark.builder()...cellKey(cell.key()).run()));
 * }</pre>
 *
 * <p>The done check runs just before each cell, so a cell finished meanwhile by another process is
 * skipped too. A task that throws marks its cell failed and the run goes on (unless
 * {@link #stopOnFailure(boolean)}); an interrupt stops the run after the current cell, leaving the
 * rest in {@link MatrixReport#notReached()} with the thread's interrupt flag set. A checkpoint
 * callback that throws stops the run with that exception, since progress could no longer be
 * recorded. Not thread-safe: configure and run from one thread.
 */
public final class MatrixRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixRunner.class);

    /** One cell's work, e.g. run a benchmark and save its result. */
    @FunctionalInterface
    public interface CellTask {
        void run(MatrixCell cell) throws Exception;
    }

    private final List<MatrixCell> cells;
    private Predicate<String> isDone = key -> false;
    private Consumer<CellOutcome> checkpoint = o -> { };
    private boolean stopOnFailure;
    private Clock clock = Clock.system();

    private MatrixRunner(List<MatrixCell> cells) {
        this.cells = List.copyOf(cells);
    }

    /** A runner over these cells, in this order (e.g. a {@link TestMatrix#shard(int, int) shard}). */
    public static MatrixRunner of(List<MatrixCell> cells) {
        return new MatrixRunner(Objects.requireNonNull(cells, "cells"));
    }

    /** The "already done" check by {@linkplain MatrixCell#key() cell key}; default: nothing is done. */
    public MatrixRunner skipIf(Predicate<String> isDoneByKey) {
        this.isDone = Objects.requireNonNull(isDoneByKey, "skipIf");
        return this;
    }

    /** Called once per cell with its outcome, done, skipped or failed, right after it is known. */
    public MatrixRunner onCheckpoint(Consumer<CellOutcome> callback) {
        this.checkpoint = Objects.requireNonNull(callback, "onCheckpoint");
        return this;
    }

    /** Stop at the first failed cell (default false: record it and go on). */
    public MatrixRunner stopOnFailure(boolean stop) {
        this.stopOnFailure = stop;
        return this;
    }

    /** The clock that times cells (default {@link Clock#system()}). */
    public MatrixRunner clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Runs the task for every cell not already done. */
    public MatrixReport run(CellTask task) {
        Objects.requireNonNull(task, "task");
        List<CellOutcome> outcomes = new ArrayList<>();
        int i = 0;
        for (; i < cells.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            MatrixCell cell = cells.get(i);
            CellOutcome outcome;
            if (isDone.test(cell.key())) {
                outcome = new CellOutcome(cell, CellOutcome.Status.SKIPPED, Duration.ZERO, null);
            } else {
                long start = clock.monotonicNanos();
                String error = null;
                try {
                    task.run(cell);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = "interrupted";
                } catch (Exception e) {
                    error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    LOG.warn("matrix cell {} failed: {}", cell.key(), error, e);
                }
                Duration elapsed = Duration.ofNanos(Math.max(0, clock.monotonicNanos() - start));
                outcome = new CellOutcome(cell, error == null ? CellOutcome.Status.DONE : CellOutcome.Status.FAILED, elapsed, error);
            }
            outcomes.add(outcome);
            checkpoint.accept(outcome);
            if (outcome.status() == CellOutcome.Status.FAILED && stopOnFailure) {
                i++;
                break;
            }
        }
        return new MatrixReport(outcomes, cells.subList(i, cells.size()));
    }
}
