package com.example.chat;

import static io.llmbench.core.assertions.BenchmarkAssertions.assertThat;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import io.llmbench.store.ResultStore;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Generous objectives the simulated endpoint meets; the run is also kept in a store. */
class ChatMeetsSlosTest {
    @Test
    void chatMeetsGenerousObjectives() {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().start();
             ResultStore store = ResultStore.h2InMemory("consumer")) {
            BenchmarkResult result = Benchmark.builder()
                    .endpoints(Endpoint.openAi(sim.baseUrl()).model(SimulatedEndpoint.DEFAULT_MODEL).name("chat").build())
                    .workload(Workload.synthetic(128, 16))
                    .load(Load.concurrency(4))
                    .requests(24)
                    .run();

            assertThat(result).endpoint("chat")
                    .meets(Slo.of(Metric.TTFT, 30_000), Slo.at(Metric.E2E, 99, 60_000));
            String id = store.save(result.endpoint("chat"));
            Assertions.assertThat(store.find(id)).isPresent();
        }
    }
}
