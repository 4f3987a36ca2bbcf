package io.llmbench.core.internal.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmbench.core.Endpoint;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.ResponseListener;
import io.llmbench.core.workload.Prompt;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty client's response path without a socket: one keep-alive connection's real pipeline
 * (read stamp, HTTP/1.1 codec, response handler, SSE and JSON decoding) on an
 * {@link EmbeddedChannel}, fed with buffers as if each were one socket read: pooled direct buffers,
 * as a socket read gives, prepared once with {@link #buffer} and delivered as often as wanted. For
 * the JMH benchmark of the chunk path and for tests. Not API. Not thread-safe: one thread drives it.
 *
 * <pre>{@code
 * try (EmbeddedStream s = new EmbeddedStream(Endpoint.openAi("http://127.0.0.1:8000/v1").model("m").build())) {
 *     int head = s.buffer(headBytes);  // copied once into a pooled direct buffer
 *     int body = s.buffer(bodyBytes);
 *     s.request(prompt, listener);     // the request is written (and discarded)
 *     s.read(head);                    // each delivery is one read
 *     s.read(body);
 * }
 * }</pre>
 */
public final class EmbeddedStream implements AutoCloseable {
    private final NettyOpenAiClient client;
    private final EmbeddedChannel channel;
    private final NettyConnection connection;
    private final List<ByteBuf> buffers = new ArrayList<>();

    /** A connection of a client for {@code endpoint} (an {@code http} URL; nothing connects to it). */
    public EmbeddedStream(Endpoint endpoint) {
        this.client = new NettyOpenAiClient(endpoint, new ClientOptions(Duration.ofSeconds(1), 1));
        this.channel = new EmbeddedChannel();
        this.connection = client.install(channel);
    }

    /**
     * Starts a request on the connection: the listener gets {@code sent} now, the request bytes are
     * encoded and dropped, and the next {@link #read}s are its response.
     *
     * @throws IllegalStateException when the connection is still busy with the previous response
     */
    public void request(Prompt prompt, ResponseListener listener) {
        if (!connection.isUsable()) {
            throw new IllegalStateException("the embedded connection was closed by the previous response");
        }
        client.unpool(connection);
        try {
            connection.assign(client.newCall(prompt, listener));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("prompt " + prompt.info().id() + " cannot be encoded: " + e.getMessage(), e);
        }
        channel.releaseOutbound();
    }

    /** Copies {@code bytes} into a pooled direct buffer kept until {@link #close()}; returns its number for {@link #read}. */
    public int buffer(byte[] bytes) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        b.writeBytes(bytes);
        buffers.add(b);
        return buffers.size() - 1;
    }

    /** Delivers the bytes of buffer {@code number} as one socket read. */
    public void read(int number) {
        channel.writeInbound(buffers.get(number).retainedDuplicate());
    }

    @Override
    public void close() {
        buffers.forEach(ByteBuf::release);
        buffers.clear();
        channel.finishAndReleaseAll();
        client.close();
    }
}
