package io.llmbench.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatedEndpointScaleTest {

    @Test
    void thousandConcurrentStreamsAllComplete() throws Exception {
        int streams = 1000;
        int tokens = 50;
        TimingModel model = TimingModel.builder().prefill(1, 0).decode(30, 0).maxRunning(5000).jitter(0).build();
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(model).traceCapacity(0).start()) {
            SimClient client = new SimClient(sim);
            List<CompletableFuture<SimClient.Streamed>> futures = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                futures.add(client.streamAsync("/chat/completions", SimClient.chat(tokens, "stream " + i, true)));
            }
            int complete = 0;
            for (CompletableFuture<SimClient.Streamed> f : futures) {
                SimClient.Streamed s = f.get(60, TimeUnit.SECONDS);
                if (s.error() == null && s.contentEvents().size() == tokens
                        && s.events().get(s.events().size() - 1).isDone()) {
                    complete++;
                }
            }
            assertThat(complete).isEqualTo(streams);
            SimStats stats = sim.stats();
            assertThat(stats.completed()).isEqualTo(streams);
            // the streams really overlapped: a 49-step response lasts 1.5 s, so even a client slow
            // to open its connections has hundreds running at once (one at a time would give 1)
            assertThat(stats.peakRunning()).isGreaterThan(streams / 4);
            assertThat(stats.chunksSent()).isEqualTo((long) streams * (1 + tokens + 3));
        }
    }
}
