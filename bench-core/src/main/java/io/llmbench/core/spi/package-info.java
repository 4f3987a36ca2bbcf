/**
 * The client SPI: how llmbench talks to an endpoint. Implement {@link io.llmbench.core.spi.ClientFactory}
 * to plug in another protocol and register it explicitly with
 * {@code Endpoint.openAi(url).client(factory)}; there is no classpath discovery.
 *
 * <p>A client only parses: it reports events to a {@link io.llmbench.core.spi.ResponseListener}
 * as bytes arrive, and the engine takes the timestamps, enforces timeouts and computes the
 * metrics. Nulls are not accepted or returned unless stated.
 */
package io.llmbench.core.spi;
