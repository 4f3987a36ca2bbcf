/**
 * The OpenAI-compatible client (not API): {@link io.llmbench.core.internal.openai.OpenAiClient}
 * over {@code java.net.http}, and the pieces that turn response bytes into
 * {@link io.llmbench.core.spi.ResponseListener} events, usable on their own (the JMH benchmarks
 * drive them without HTTP):
 * <pre>{@code
 * StreamDecoder d = new StreamDecoder(listener, "test", s -> s);
 * d.feed(bytes, 0, bytes.length);   // any split; events fire as each chunk's last byte is parsed
 * d.end();
 * }</pre>
 * {@link io.llmbench.core.internal.openai.ChunkDecoder} decodes one JSON chunk from bytes.
 *
 * <p><b>Nulls:</b> not accepted or returned unless stated. <b>Threads:</b> the client is
 * thread-safe; decoders are per response and not thread-safe.
 */
package io.llmbench.core.internal.openai;
