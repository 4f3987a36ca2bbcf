package com.example.chat;

import static io.llmbench.core.assertions.BenchmarkAssertions.assertThat;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import org.junit.jupiter.api.Test;

/** Meant to fail: no server answers its first token within a microsecond. */
class ChatMissesTightSloTest {
    @Test
    void chatAnswersWithinOneMicrosecond() {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().start()) {
            EndpointResult chat = Benchmark.builder()
                    .endpoints(Endpoint.openAi(sim.baseUrl()).model(SimulatedEndpoint.DEFAULT_MODEL).name("chat").build())
                    .workload(Workload.synthetic(128, 16))
                    .load(Load.concurrency(4))
                    .requests(24)
                    .run()
                    .endpoint("chat");

            assertThat(chat).meets(Slo.of(Metric.TTFT, 0.001), Slo.at(Metric.E2E, 99, 60_000));
        }
    }
}
