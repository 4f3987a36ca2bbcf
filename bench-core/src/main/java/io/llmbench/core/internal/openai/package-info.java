/**
 * The OpenAI-compatible clients (not API): {@link io.llmbench.core.internal.openai.NettyOpenAiClient}
 * on Netty event loops (the default) and {@link io.llmbench.core.internal.openai.JdkOpenAiClient}
 * over {@code java.net.http}, and the pieces both share so that they give the same events and
 * messages for the same bytes: request bodies ({@code RequestBodies}), the guarded listener
 * ({@code GuardedCall}), the response rules ({@code Responses}), and the decoders that turn
 * response bytes into {@link io.llmbench.core.spi.ResponseListener} events, usable on their own
 * (the JMH benchmarks drive them without HTTP):
 * <pre>{@code
 * StreamDecoder d = new StreamDecoder(listener, "test", s -> s);
 * d.feed(bytes, 0, bytes.length, readNanos);   // any split; events carry the read's timestamp
 * d.end(endNanos);
 * }</pre>
 * {@link io.llmbench.core.internal.openai.ChunkDecoder} decodes one JSON chunk from bytes;
 * {@link io.llmbench.core.internal.openai.EmbeddedStream} runs the Netty client's pipeline without
 * a socket.
 *
 * <p><b>Nulls:</b> not accepted or returned unless stated. <b>Threads:</b> the clients are
 * thread-safe; decoders are per response and not thread-safe.
 */
package io.llmbench.core.internal.openai;
