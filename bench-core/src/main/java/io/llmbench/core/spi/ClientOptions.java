package io.llmbench.core.spi;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings and timeouts a benchmark hands to a client. Immutable.
 *
 * <p>The request, time-to-first-token and idle timeouts are the benchmark's. The engine enforces
 * them for every client; a client that reports {@link InferenceClient#enforcesTimeouts()} enforces
 * them itself (on its own timers, failing the request with {@link io.llmbench.core.FailureKind#TIMEOUT},
 * {@link io.llmbench.core.FailureKind#TTFT_TIMEOUT} or {@link io.llmbench.core.FailureKind#IDLE_TIMEOUT})
 * and the engine then only checks, as a safety net, for requests past a timeout by more than a second.
 * The request timeout runs from {@code t0}; the time-to-first-token timeout from {@code t0} to the
 * first content chunk; the idle timeout from the last event (sent or chunk).
 *
 * @param connectTimeout the longest opening a connection may take (enforced by the client)
 * @param maxConcurrency the most requests the benchmark will have in flight at once (size pools for it)
 * @param clock          the clock event timestamps are taken on ({@link Clock#monotonicNanos()})
 * @param requestTimeout the longest a whole request may take
 * @param ttftTimeout    the longest from {@code t0} to the first content chunk
 * @param idleTimeout    the longest silence between events once sent
 */
public record ClientOptions(Duration connectTimeout, int maxConcurrency, Clock clock, Duration requestTimeout,
                            Duration ttftTimeout, Duration idleTimeout) {
    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(ttftTimeout, "ttftTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, but was " + maxConcurrency);
        }
    }

    /**
     * Options with the system clock and the benchmark's default timeouts
     * ({@link Benchmark#DEFAULT_REQUEST_TIMEOUT} for the request and the first token,
     * {@link Benchmark#DEFAULT_IDLE_TIMEOUT} when idle).
     */
    public ClientOptions(Duration connectTimeout, int maxConcurrency) {
        this(connectTimeout, maxConcurrency, Clock.system(), Benchmark.DEFAULT_REQUEST_TIMEOUT,
                Benchmark.DEFAULT_REQUEST_TIMEOUT, Benchmark.DEFAULT_IDLE_TIMEOUT);
    }
}
