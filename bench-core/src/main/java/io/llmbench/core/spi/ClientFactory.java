package io.llmbench.core.spi;

import io.llmbench.core.Endpoint;

/** Creates the client for one endpoint; called once per endpoint per benchmark run. */
@FunctionalInterface
public interface ClientFactory {
    /**
     * @param endpoint the endpoint to talk to (its API key, if any, is in {@link Endpoint#apiKey()})
     * @param options  connection settings chosen by the benchmark
     */
    InferenceClient create(Endpoint endpoint, ClientOptions options);
}
