package io.llmbench.core.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Endpoint;
import io.llmbench.core.spi.Chunks;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.InferenceClientCompatibilityKit;
import io.llmbench.core.spi.RecordingListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client kit against the {@code java.net.http} client, and what is particular to it: the drain after {@code [DONE]}. */
class JdkClientCompatibilityTest extends InferenceClientCompatibilityKit {

    @Override
    protected InferenceClient newClient(Endpoint endpoint, ClientOptions options) {
        return new JdkOpenAiClient(endpoint, options);
    }

    private JdkOpenAiClient jdk() {
        return (JdkOpenAiClient) client();
    }

    private static void awaitDrained(JdkOpenAiClient c, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (c.inFlightCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void cancelAfterTheFinalCallLetsTheBodyDrainAndKeepsTheConnection() throws InterruptedException {
        // The engine cancels the handle of a request that finished before send() returned (a fast
        // server). Aborting the drain after [DONE] closed the connection, and java.net.http may
        // already have handed that connection to the next request, which then failed with
        // "header parser received no bytes". Here the rest of the body after [DONE] arrives late,
        // so the cancel always comes during the drain.
        String head = Chunks.sse(Chunks.content("a"), "[DONE]");
        server.enqueue(sseResponse(head + ": padding after done\n\n").throttleBody(head.length(), 300, TimeUnit.MILLISECONDS));
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("b"), "[DONE]")));
        JdkOpenAiClient c = jdk();
        RecordingListener first = new RecordingListener();
        InferenceClient.InFlight firstHandle = c.send(PROMPT, first);
        first.awaitFinal();
        assertThat(c.inFlightCount()).as("still draining after [DONE]").isOne();
        firstHandle.cancel();
        awaitDrained(c, 5_000);
        Thread.sleep(20);
        RecordingListener second = new RecordingListener();
        c.send(PROMPT, second);

        assertThat(second.awaitFinal().events()).containsExactly("sent", "chunk(true,\"b\")", "complete");
        assertThat(first.events()).containsExactly("sent", "chunk(true,\"a\")", "complete");
        assertThat(server.takeRequest().getSequenceNumber()).isZero();
        assertThat(server.takeRequest().getSequenceNumber()).as("requests before the second on its connection").isOne();
    }

    @Test
    void closeAbortsACallThatIsStillDrainingAfterDone() throws InterruptedException {
        String head = Chunks.sse(Chunks.content("a"), "[DONE]");
        server.enqueue(sseResponse(head + ": padding after done\n\n").throttleBody(head.length(), 3, TimeUnit.SECONDS));
        JdkOpenAiClient c = jdk();
        RecordingListener first = new RecordingListener();
        c.send(PROMPT, first);
        first.awaitFinal();
        assertThat(c.inFlightCount()).as("still draining after [DONE]").isOne();
        c.close();
        awaitDrained(c, 1_500);

        assertThat(c.inFlightCount()).as("aborted by close, long before the rest of the body").isZero();
        assertThat(first.events()).containsExactly("sent", "chunk(true,\"a\")", "complete");
    }

    @Test
    void rejectsAHeaderJavaNetHttpCannotSend() {
        Endpoint e = endpoint().header("Host", "example.com").build();

        assertThatThrownBy(() -> new JdkOpenAiClient(e, new ClientOptions(Duration.ofSeconds(1), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint header 'Host' cannot be sent");
    }

    @Test
    void leavesTimeoutsToTheEngine() {
        assertThat(client().enforcesTimeouts()).isFalse();
    }
}
