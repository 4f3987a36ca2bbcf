package io.llmbench.core.spi;

import io.llmbench.core.workload.Prompt;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Sends requests to one endpoint. Implementations must be thread-safe: the engine calls
 * {@link #send} from several threads at once.
 */
public interface InferenceClient extends AutoCloseable {
    /**
     * Starts one request and returns at once. The client calls {@link ResponseListener#onSent(long)}
     * when it hands the request to the network, {@link ResponseListener#onWritten(long)} when it
     * can tell its bytes were fully written, then reports chunks and usage as they arrive, and
     * finally exactly one of {@link ResponseListener#onComplete(long)} or
     * {@link ResponseListener#onFailure(io.llmbench.core.FailureKind, String, int, long)}, each
     * stamped on {@link ClientOptions#clock()}. It never throws for a bad response: every problem
     * with the endpoint is reported as a failure with a kind and a message.
     *
     * @return a handle the engine uses to abort the request (timeouts, cancellation)
     */
    InFlight send(Prompt prompt, ResponseListener listener);

    /**
     * The threads that read this client's responses, as schedulers the engine's harness-health
     * sampler can post a probe task to (its lateness is the loop's lag). A client that parses on
     * event loops returns them; the default, an empty list, means the client's reading threads
     * cannot be probed and the sampler measures its own timer thread's lag instead.
     */
    default List<ScheduledExecutorService> eventLoops() {
        return List.of();
    }

    /**
     * Whether this client enforces the request, time-to-first-token and idle timeouts of
     * {@link ClientOptions} itself, on its own timers. Default false: the engine's watchdog
     * enforces them. When true the watchdog only catches requests more than a second past a
     * timeout, a safety net against a client that missed one.
     */
    default boolean enforcesTimeouts() {
        return false;
    }

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();

    /** A request in flight. */
    @FunctionalInterface
    interface InFlight {
        /** Aborts the request; the client should stop reporting events for it. Idempotent. */
        void cancel();
    }
}
