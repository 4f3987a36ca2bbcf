package io.llmbench.core;

import java.util.List;

/**
 * Receives a benchmark's progress. Every method has an empty default. Implementations must be
 * thread-safe and quick: {@link #onRequest} is called on network threads for every measured
 * request. An exception thrown by a listener is logged and otherwise ignored.
 */
public interface ProgressListener {
    /** The measured phase begins (after warm-up) for all endpoints. */
    default void onStart(List<Progress> initial) {
    }

    /** A measured request finished (successfully or not). */
    default void onRequest(RequestRecord record) {
    }

    /** About once a second: one snapshot per endpoint. */
    default void onProgress(List<Progress> snapshot) {
    }

    /** The benchmark finished (also after cancellation). */
    default void onFinish(BenchmarkResult result) {
    }
}
