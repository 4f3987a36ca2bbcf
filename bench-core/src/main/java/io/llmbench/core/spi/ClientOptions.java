package io.llmbench.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings a benchmark hands to a client.
 *
 * @param connectTimeout    how long opening a connection may take
 * @param maxConcurrency    the most requests the benchmark will have in flight at once (size pools for it)
 */
public record ClientOptions(Duration connectTimeout, int maxConcurrency) {
    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, but was " + maxConcurrency);
        }
    }
}
