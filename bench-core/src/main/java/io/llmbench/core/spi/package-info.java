/**
 * The client SPI: how llmbench talks to an endpoint. Implement {@link io.llmbench.core.spi.ClientFactory}
 * to plug in another protocol and register it explicitly with
 * {@code Endpoint.openAi(url).client(factory)}; there is no classpath discovery.
 *
 * <p>A client parses and stamps: it reports events to a {@link io.llmbench.core.spi.ResponseListener}
 * as bytes arrive, each with the monotonic time its bytes were read (on
 * {@link io.llmbench.core.spi.ClientOptions#clock()}), and the engine computes the metrics from those
 * timestamps. Timeouts are the engine's unless the client
 * {@linkplain io.llmbench.core.spi.InferenceClient#enforcesTimeouts() enforces them itself}.
 * The test-jar of bench-core has {@code io.llmbench.core.spi.InferenceClientCompatibilityKit}, the
 * behaviour every OpenAI-compatible client must show (stream quirks, HTTP errors, disconnects,
 * timeouts, TLS), to extend for a client of your own. Nulls are not accepted or returned unless stated.
 */
package io.llmbench.core.spi;
