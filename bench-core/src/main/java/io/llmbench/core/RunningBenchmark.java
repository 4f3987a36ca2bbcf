package io.llmbench.core;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A benchmark in progress. Thread-safe. */
public final class RunningBenchmark {
    private final BenchmarkEngine engine;

    RunningBenchmark(BenchmarkEngine engine) {
        this.engine = engine;
    }

    /** Completes with the result; after {@link #cancel()} it completes with what was measured. */
    public CompletableFuture<BenchmarkResult> result() {
        return engine.result().copy();
    }

    /**
     * Waits for the result. If the waiting thread is interrupted, the run is cancelled and a
     * {@link BenchmarkException} thrown.
     */
    public BenchmarkResult await() {
        try {
            return engine.result().get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for the benchmark; it was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new BenchmarkException("benchmark failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new BenchmarkException("benchmark result was cancelled", e);
        }
    }

    /**
     * Stops sending, aborts requests in flight (recorded as {@link FailureKind#CANCELLED}) and
     * completes the result with what was measured. Idempotent.
     */
    public void cancel() {
        engine.cancel();
    }

    /** A progress snapshot per endpoint. */
    public List<Progress> progress() {
        return engine.progress();
    }
}
